// A player's page: lobby, table (tracks, briefing, cards and secret orders, the reveal, the
// round log) and talks (proposals, statements, channels). Everything shown comes from the
// `update` the server sends for this seat; the page keeps only drafts (cards ticked, clauses
// chosen, text being typed) and the history of the log it has read.
import { $, h, fill, params, announce } from './dom.js';
import { Link } from './link.js';
import { scenario as loadScenario } from './api.js';
import { Rules, phaseName, outcomeName } from './rules.js';
import { seatOf } from './store.js';
import { TimerView, tracksPanel, seatsTable, statusLine, phaseBadge, rosterList, quoted } from './widgets.js';

const gameId = params().get('game');
const me = gameId ? seatOf(gameId) : null;
const state = {
  rules: null, update: null, seat: null, player: me?.player || null,
  history: new Map(), // engine log position → entry, for everything this seat may read
  tab: null, userChoseTab: false, phaseKey: null,
  cards: new Set(), cardsRound: null, clauses: new Set(), amending: null,
  channel: 'plenary', seen: new Map(), loaded: false,
  sent: [], // texts this page sent, so its own words are not read back to it
};
const timer = new TimerView($('#timer'));

function problem(text) { $('#problem').textContent = text || ''; }

if (!gameId || !me) {
  problem('This browser holds no seat at this table. Join with the code your facilitator gave you.');
  $('#main').append(h('p', {}, h('a', { href: '/', class: 'button primary' }, 'Go to the join page')));
} else {
  start();
}

function start() {
  const link = new Link({
    hello: async (l) => {
      const answer = await l.send('rejoin', { token: me.token });
      state.player = answer.player;
      return answer;
    },
    onUpdate: (update) => take(update),
    onStatus: (status, detail) => {
      statusLine($('#status'), status);
      if (status === 'failed') problem(detail?.code === 'bad_token' ? 'This seat is no longer valid at this table. Join again with the code.' : `Could not rejoin: ${detail?.message || detail}`);
      else if (status === 'online') problem('');
    },
    onHello: () => readHistory(link),
  });
  state.link = link;
  wireForms(link);
}

/** Everything of the log this seat may read, page by page (after joining and every reconnect). */
async function readHistory(link) {
  let since = 0;
  try {
    for (let pages = 0; since !== null && pages < 100; pages += 1) {
      const answer = await link.send('log', { since, limit: 200 });
      for (const entry of answer.entries) state.history.set(entry.n, entry);
      since = answer.next;
    }
  } catch (error) {
    problem(`Earlier messages could not be read (${error.message}); new ones still arrive.`);
  }
  state.loaded = true;
  if (state.update) render();
}

async function take(update) {
  if (!state.rules) state.rules = new Rules(await loadScenario(update.view.scenario));
  const before = state.update?.view;
  state.update = update;
  state.seat = update.view.you?.seat || null;
  state.rules.setViewer(state.seat, update.view.phase === 'over');
  for (const entry of update.view.log) {
    const isNew = !state.history.has(entry.n);
    state.history.set(entry.n, entry);
    if (isNew && state.loaded && before) speak(entry);
  }
  const key = `${update.view.round}:${update.view.phase}`;
  if (key !== state.phaseKey) {
    if (state.phaseKey !== null) {
      announce(update.view.phase === 'over'
        ? `Game over: ${outcomeName(update.view.outcome)}.`
        : `Round ${update.view.round}: ${phaseName(update.view.phase)}.`, 'phase-news');
    }
    state.phaseKey = key;
    state.userChoseTab = false;
  }
  render();
}

/** New messages, statements and announcements are read out by screen readers. */
function speak(entry) {
  if (!['message', 'statement', 'announcement', 'agreement_bound', 'event_injected'].includes(entry.type)) return;
  // A teammate's words share our seat: only what this page itself sent is not read back.
  const mine = entry.seat === state.seat && state.sent.indexOf(entry.text);
  if (mine !== false && mine >= 0) {
    state.sent.splice(mine, 1);
    return;
  }
  announce(state.rules.entry(entry));
}

const isHead = () => {
  const seat = state.update?.roster?.seats?.[state.seat];
  return Boolean(seat && seat.head === state.player);
};

// ---- rendering ------------------------------------------------------------------------------

/** Re-render a region, keeping keyboard focus on the control that had it. */
function keepFocus(fn) {
  const active = document.activeElement;
  const key = active?.dataset?.key;
  const opened = new Set([...document.querySelectorAll('details[data-key][open]')].map((d) => d.dataset.key));
  fn();
  for (const k of opened) {
    const again = document.querySelector(`details[data-key="${CSS.escape(k)}"]`);
    if (again) again.open = true;
  }
  if (key) {
    const again = document.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (again && again !== active) again.focus();
  }
}

function render() {
  const { update, rules } = state;
  if (!update || !rules) return;
  const v = update.view;
  document.title = `${rules.data.title} — Crisis Table`;
  $('#title').textContent = rules.data.title;
  fill($('#phase'), phaseBadge(v));
  timer.set(update.timer);
  const seatName = state.seat ? rules.seatName(state.seat) : 'no seat yet';
  fill($('#me'), h('span', {}, `${me.nickname} · ${seatName}${isHead() ? ' (head of delegation)' : ''}`));
  chooseTab(v);
  keepFocus(() => {
    renderLobby(v);
    renderTable(v);
    renderTalks(v);
  });
  const debrief = $('#debrief-link');
  debrief.hidden = v.phase !== 'over';
  debrief.href = `/debrief?game=${encodeURIComponent(gameId)}`;
}

function chooseTab(v) {
  if (!state.userChoseTab) {
    const tab = v.phase === 'lobby' ? 'lobby' : v.phase === 'talks' ? 'talks' : 'table';
    if (state.tab && tab !== state.tab) window.scrollTo(0, 0); // a new view starts at its top
    state.tab = tab;
  }
  for (const button of document.querySelectorAll('[data-tab]')) {
    const on = button.dataset.tab === state.tab;
    button.setAttribute('aria-current', on ? 'page' : 'false');
    button.classList.toggle('on', on);
  }
  for (const section of document.querySelectorAll('[data-view]')) section.hidden = section.dataset.view !== state.tab;
}

function renderLobby(v) {
  const { rules, update } = state;
  fill($('#lobby-me'), state.seat
    ? `You sit for ${rules.seatName(state.seat)}${isHead() ? ' as head of delegation: you submit its moves.' : '.'}`
    : 'You are in the room; the facilitator will seat you at a delegation.');
  fill($('#lobby-roster'), rosterList(rules, update.roster, { me: state.player }),
    update.roster.spectators ? h('p', { class: 'hint' }, `${update.roster.spectators} watching (projector or spectators).`) : null);
  const seat = state.seat && rules.seats.get(state.seat);
  fill($('#lobby-profile'), seat ? h('div', { class: 'card' }, h('h3', {}, seat.name), h('p', {}, seat.profile)) : null,
    h('details', { 'data-key': 'about' }, h('summary', {}, 'About this crisis'), h('p', {}, rules.data.summary)));
}

function renderTable(v) {
  const { rules } = state;
  fill($('#outcome'), v.phase === 'over' ? h('div', { class: `banner outcome-${v.outcome}`, role: 'status' },
    h('strong', {}, `Game over: ${outcomeName(v.outcome)}`), ` — ${v.termination}. `,
    h('a', { href: `/debrief?game=${encodeURIComponent(gameId)}` }, 'Open the debrief')) : null);
  const event = v.event && rules.events.get(v.event);
  fill($('#event'), event ? h('aside', { class: 'event card', 'aria-label': 'Event this round' },
    h('p', { class: 'kicker' }, `Round ${v.round} event`), h('h3', {}, event.title), h('p', {}, event.text),
    event.source ? h('p', { class: 'source' }, quoted(event.source)) : null) : null);
  fill($('#tracks'), tracksPanel(rules, v.tracks));
  fill($('#seats'), seatsTable(rules, v, state.update.roster));
  renderBriefing(v);
  renderOrders(v);
  renderReveal(v);
  // While orders are open the cards come first; once revealed, what everyone did does.
  const orders = $('#orders-card');
  const reveal = $('#reveal');
  if (v.phase === 'orders' && orders.previousElementSibling === reveal) {
    orders.after(reveal);
  } else if (v.phase !== 'orders' && v.phase !== 'lobby' && reveal.nextElementSibling !== orders) {
    orders.before(reveal);
  }
  fill($('#round-log'), v.log.map((e) => h('li', { class: `log-${e.type}` }, rules.entry(e))));
}

function renderBriefing(v) {
  const { rules } = state;
  const you = v.you;
  if (!you) { fill($('#briefing'), h('p', { class: 'hint' }, 'You are not seated yet.')); return; }
  const own = rules.data.seat_tracks.map((t) => h('li', {}, `${t.name}: ${you.tracks[t.id]} / ${t.max}${t.public ? '' : ' (secret)'}`));
  fill($('#briefing'),
    h('p', {}, you.briefing),
    h('h3', {}, 'Secret objectives'),
    h('ul', { class: 'objectives' }, you.objectives.map((o) => h('li', { class: o.met ? 'met' : 'unmet' },
      h('span', { class: 'mark', 'aria-hidden': 'true' }, o.met ? '✔' : '○'), ' ', o.text, ` — ${o.points} pts`,
      h('span', { class: 'sr-tag' }, o.met ? ' (met now)' : ' (not met yet)')))),
    h('h3', {}, 'Your resources'), h('ul', {}, own));
}

function renderOrders(v) {
  const { rules } = state;
  const you = v.you;
  const form = $('#orders-form');
  const mine = you ? rules.data.cards.filter((c) => c.seats.includes(you.seat)) : [];
  const ordering = v.phase === 'orders' && you;
  const head = isHead();
  if (state.cardsRound !== v.round) { // a new round: start from what the server holds
    state.cards = new Set(you?.orders || []);
    state.cardsRound = v.round;
  }
  const playable = new Set(you?.playable || []);
  const limit = rules.data.orders_per_round;
  $('#orders-hint').textContent = !you ? 'You have no seat yet.'
    : v.phase !== 'orders' ? `Orders are chosen in the secret-orders phase. ${v.phase === 'talks' ? 'This round’s moves are revealed below.' : ''}`
    : !head ? 'Your head of delegation submits the orders; discuss them in your delegation channel.'
    : `Choose up to ${limit} card${limit > 1 ? 's' : ''}; nobody sees them until all are revealed. You may revise until the timer ends.`;
  fill($('#cards'), mine.map((card) => {
    const can = ordering && head && playable.has(card.id);
    const id = `card-${card.id}`;
    return h('div', { class: `game-card${can ? '' : ' unavailable'}${state.cards.has(card.id) ? ' chosen' : ''}`, 'data-card': card.id },
      h('input', {
        type: 'checkbox', id, 'data-key': id, checked: state.cards.has(card.id), disabled: !can,
        onchange: (e) => {
          if (e.target.checked) state.cards.add(card.id); else state.cards.delete(card.id);
          render();
        },
      }),
      h('label', { for: id },
        h('span', { class: 'card-name' }, card.name),
        h('span', { class: 'card-cost' }, ` · cost: ${rules.cost(card.cost)}`),
        h('span', { class: 'card-step' }, ` · resolves at: ${card.step}`)),
      h('p', { class: 'flavour' }, quoted(card.flavour)),
      h('p', { class: 'effects' }, 'Effect: ', card.effects.map((e) => rules.effect(e)).join('; ')),
      card.requires ? h('p', { class: 'requires' }, `Needs: ${rules.condition(card.requires)}`) : null,
      card.uses ? h('p', { class: 'hint' }, `Can be played ${card.uses} time${card.uses > 1 ? 's' : ''} a game.`) : null,
      ordering && !playable.has(card.id) ? h('p', { class: 'hint' }, 'Not playable now (cost, conditions or uses).') : null);
  }));
  const submit = $('#submit-orders');
  submit.disabled = !(ordering && head) || state.cards.size > limit;
  const ordered = Boolean(you && v.seats[you.seat]?.ordered);
  submit.textContent = v.phase !== 'orders' ? 'Orders are closed'
    : state.cards.size === 0 && head ? (ordered ? 'Revise: order nothing' : 'Submit: order nothing')
    : ordered ? 'Revise orders' : 'Submit orders';
  $('#orders-state').textContent = you && v.phase === 'orders' && v.seats[you.seat]?.ordered
    ? `Submitted: ${(you.orders || []).map((c) => rules.cardName(c)).join(', ') || 'nothing'}.` : '';
  form.dataset.phase = v.phase;
}

function renderReveal(v) {
  const { rules } = state;
  const revealed = v.log.find((e) => e.type === 'orders_revealed');
  if (!revealed) {
    fill($('#reveal-body'), h('p', { class: 'hint' }, v.phase === 'orders'
      ? 'Moves stay secret until every delegation has ordered or the timer ends.' : 'Nothing revealed yet.'));
    return;
  }
  const results = v.log.filter((e) => e.type === 'card_resolved' || e.type === 'card_fizzled');
  fill($('#reveal-body'), h('table', { class: 'reveal' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Delegation'), h('th', { scope: 'col' }, 'Move'), h('th', { scope: 'col' }, 'What it changed'))),
    h('tbody', {}, Object.entries(revealed.orders).flatMap(([seat, cards]) => {
      if (!cards.length) return [h('tr', { 'data-seat': seat }, h('th', { scope: 'row' }, rules.seatName(seat)), h('td', {}, 'nothing'), h('td', {}, '—'))];
      return cards.map((card) => {
        const result = results.find((e) => e.seat === seat && e.card === card);
        const what = !result ? 'not resolved (the crisis ended first)'
          : result.type === 'card_fizzled' ? `fizzled: ${result.reason}`
          : rules.changes(result.changes).join('; ') || 'no visible change';
        return h('tr', { 'data-seat': seat, 'data-card': card }, h('th', { scope: 'row' }, rules.seatName(seat)),
          h('td', {}, rules.cardName(card)), h('td', {}, what));
      });
    }))));
}

function renderTalks(v) {
  const { rules } = state;
  const head = isHead();
  const talking = v.phase === 'talks';
  $('#talks-hint').textContent = talking
    ? (head ? 'Table proposals, answer and sign them, speak to the press. When your delegation is done, say so.' : 'Your head of delegation tables, answers and signs; everyone can chat.')
    : v.phase === 'over' ? 'The game is over.' : 'Proposals and statements open in the talks phase; channels are open now.';
  // Agreements
  const bound = v.proposals.filter((p) => p.status === 'bound');
  fill($('#agreed'), bound.length ? h('ul', {}, bound.map((p) => h('li', {},
    h('strong', {}, `#${p.id}: `), p.clauses.map((c) => rules.clauseTitle(c)).join(', '),
    ` — signed by ${p.signatures.map((s) => rules.seatName(s)).join(', ')}`)))
    : h('p', { class: 'hint' }, 'No agreement yet.'));
  // Proposals, open ones first
  const open = v.proposals.filter((p) => p.status === 'open').sort((a, b) => b.id - a.id);
  const closed = v.proposals.filter((p) => !['open', 'bound'].includes(p.status)).sort((a, b) => b.id - a.id);
  fill($('#proposals'), open.length ? open.map((p) => proposalCard(p, v, head, talking)) : h('p', { class: 'hint' }, 'No proposal open on the table.'),
    closed.length ? h('details', { id: 'earlier-proposals', 'data-key': 'earlier-proposals' },
      h('summary', {}, `Earlier proposals: ${closed.length} rejected, superseded or lapsed`),
      closed.map((p) => proposalCard(p, v, head, talking))) : null);
  // Builder
  const available = rules.data.clauses.filter((c) => !v.bound_clauses.includes(c.id));
  fill($('#clauses'), available.map((clause) => {
    const id = `clause-${clause.id}`;
    return h('div', { class: 'clause' },
      h('input', {
        type: 'checkbox', id, 'data-key': id, checked: state.clauses.has(clause.id), disabled: !(talking && head),
        onchange: (e) => { if (e.target.checked) state.clauses.add(clause.id); else state.clauses.delete(clause.id); },
      }),
      h('label', { for: id }, h('strong', {}, clause.title), clause.settles ? h('span', { class: 'tag' }, ' settles the crisis') : null),
      h('p', {}, clause.text),
      h('p', { class: 'hint' }, `Must be signed by: ${clause.parties.map((s) => rules.seatName(s)).join(', ')}`),
      clause.effects.length ? h('details', { class: 'effects', 'data-key': `does-${clause.id}` }, h('summary', {}, 'What it does'), clause.effects.map((e) => rules.effect(e)).join('; ')) : null);
  }));
  $('#table-proposal').disabled = !(talking && head);
  $('#table-proposal').textContent = state.amending ? `Table amendment to #${state.amending}` : 'Table proposal';
  $('#cancel-amend').hidden = !state.amending;
  $('#builder-legend').textContent = state.amending ? `Amend proposal #${state.amending}: choose the clauses` : 'Choose the clauses';
  // Ready
  const ready = $('#ready');
  const done = state.seat && v.seats[state.seat]?.ready;
  ready.disabled = !(talking && head) || done;
  ready.textContent = done ? '✓ Your delegation is done with these talks' : 'We are done with these talks';
  // Statements (all rounds)
  const all = [...state.history.values()].sort((a, b) => a.n - b.n);
  const statements = all.filter((e) => e.type === 'statement' || e.type === 'announcement');
  fill($('#statements'), statements.length ? statements.map((e) => h('li', { class: `statement ${e.type}` },
    h('span', { class: 'who' }, e.type === 'announcement' ? 'Facilitator' : rules.seatName(e.seat)),
    h('span', { class: 'when' }, ` (round ${e.round})`), ': ', h('span', { class: 'text' }, e.text)))
    : h('li', { class: 'hint' }, 'No statements yet.'));
  $('#statement-text').disabled = !(talking && head);
  $('#make-statement').disabled = !(talking && head);
  renderChannels(v, all);
}

function proposalCard(p, v, head, talking) {
  const { rules } = state;
  const mine = state.seat;
  const party = p.parties.includes(mine);
  const open = p.status === 'open';
  const act = (event, payload, label) => h('button', {
    type: 'button', 'data-key': `${event}-${p.id}`, disabled: !(open && head && talking),
    'aria-label': `${label} proposal #${p.id}`,
    onclick: async (e) => {
      e.target.disabled = true;
      try { await state.link.send(event, { proposal: p.id, ...payload }); $('#builder-error').textContent = ''; } catch (error) { $('#builder-error').textContent = error.message; }
    },
  }, label);
  return h('article', { class: `proposal status-${p.status}`, 'data-proposal': p.id },
    h('h4', {}, `#${p.id} by ${rules.seatName(p.by)} — `, h('span', { class: 'status' }, p.status), p.amends ? ` (amends #${p.amends})` : ''),
    h('ul', {}, p.clauses.map((c) => h('li', {}, h('strong', {}, rules.clauseTitle(c)), ': ', rules.clauses.get(c)?.text || ''))),
    h('p', {}, 'Parties: ', p.parties.map((s, i) => [i ? ', ' : '', rules.seatName(s),
      p.signatures.includes(s) ? ' ✍ signed' : p.responses[s] === 'accept' ? ' ✓ accepts' : p.responses[s] === 'reject' ? ' ✗ rejects' : ' … no answer'])),
    Object.keys(p.responses).some((s) => !p.parties.includes(s))
      ? h('p', { class: 'hint' }, 'Others: ', Object.entries(p.responses).filter(([s]) => !p.parties.includes(s)).map(([s, a]) => `${rules.seatName(s)} ${a === 'accept' ? 'supports' : 'opposes'}`).join(', ')) : null,
    open && mine ? h('div', { class: 'actions' },
      party && !p.signatures.includes(mine) ? act('sign', {}, 'Sign') : null,
      !p.signatures.includes(mine) ? act('respond', { answer: 'accept' }, 'Accept') : null,
      !p.signatures.includes(mine) ? act('respond', { answer: 'reject' }, 'Reject') : null,
      h('button', { type: 'button', disabled: !(head && talking), 'aria-label': `Amend proposal #${p.id}`, onclick: () => {
        state.amending = p.id; state.clauses = new Set(p.clauses); render(); $('#builder-legend').scrollIntoView(); $('#clauses input:not([disabled])')?.focus();
      } }, 'Amend')) : null);
}

function renderChannels(v, all) {
  const { rules } = state;
  const channels = v.you?.channels || ['plenary'];
  if (!channels.includes(state.channel)) state.channel = channels[0];
  const messages = all.filter((e) => e.type === 'message');
  let unreadTotal = 0;
  fill($('#channels'), channels.map((ch) => {
    const count = messages.filter((m) => m.channel === ch).length;
    if (ch === state.channel && state.tab === 'talks') state.seen.set(ch, count);
    const unread = count - (state.seen.get(ch) || 0);
    unreadTotal += Math.max(0, unread);
    return h('button', {
      type: 'button', 'data-key': `channel-${ch}`, 'data-channel': ch, class: ch === state.channel ? 'on' : null,
      'aria-pressed': ch === state.channel ? 'true' : 'false',
      onclick: () => { state.channel = ch; render(); },
    }, rules.channelName(ch, state.seat), unread > 0 ? ` (${unread} new)` : '');
  }));
  $('#unread').textContent = unreadTotal ? `(${unreadTotal} new)` : '';
  const shown = messages.filter((m) => m.channel === state.channel);
  fill($('#messages'), shown.length ? shown.map((m) => h('li', { class: m.seat === state.seat ? 'mine' : null },
    h('span', { class: 'who' }, rules.seatName(m.seat)), ': ', h('span', { class: 'text' }, m.text)))
    : h('li', { class: 'hint' }, 'No messages in this channel yet.'));
  $('#chat-label').textContent = `Message to ${rules.channelName(state.channel, state.seat)}`;
  const canChat = Boolean(state.seat) && v.phase !== 'over';
  $('#chat-text').disabled = !canChat;
  $('#send-chat').disabled = !canChat;
}

// ---- actions --------------------------------------------------------------------------------

function wireForms(link) {
  for (const button of document.querySelectorAll('[data-tab]')) {
    button.addEventListener('click', () => { state.tab = button.dataset.tab; state.userChoseTab = true; render(); });
  }
  const submitter = (form, errorEl, run) => form.addEventListener('submit', async (event) => {
    event.preventDefault();
    $(errorEl).textContent = '';
    const buttons = form.querySelectorAll('button[type=submit]');
    buttons.forEach((b) => { b.disabled = true; });
    try { await run(); } catch (error) { $(errorEl).textContent = error.message; }
    finally { render(); }
  });
  submitter($('#orders-form'), '#orders-error', async () => {
    await link.send('submit_orders', { cards: [...state.cards] });
    announce('Orders submitted. They stay secret until the reveal.');
  });
  submitter($('#builder'), '#builder-error', async () => {
    if (!state.clauses.size) throw new Error('Choose at least one clause.');
    const clauses = [...state.clauses];
    if (state.amending) await link.send('amend', { proposal: state.amending, clauses });
    else await link.send('propose', { clauses });
    state.clauses = new Set();
    state.amending = null;
  });
  $('#cancel-amend').addEventListener('click', () => { state.amending = null; state.clauses = new Set(); render(); });
  submitter($('#statement-form'), '#statement-error', async () => {
    const text = $('#statement-text').value.trim();
    if (!text) throw new Error('Write the statement first.');
    state.sent.push(text);
    await link.send('statement', { text });
    $('#statement-text').value = '';
  });
  submitter($('#chat-form'), '#chat-error', async () => {
    const text = $('#chat-text').value.trim();
    if (!text) return;
    state.sent.push(text);
    await link.send('chat', { channel: state.channel, text });
    $('#chat-text').value = '';
  });
  $('#ready').addEventListener('click', async () => {
    $('#ready-error').textContent = '';
    try { await link.send('ready', {}); } catch (error) { $('#ready-error').textContent = error.message; }
  });
}
