// The player page's talks view: agreements, proposals (answer, sign, amend), the proposal
// builder, statements to the press and the channels. On a phone one part shows at a time
// (proposals, chat, press), chosen by the pane buttons; a laptop shows them side by side.
// Updates carry the current round; "Show earlier" above the messages of a channel and above the
// statements reads the rounds before, a page at a time (`log` with `before`).
import { $, h, fill, announce } from './dom.js';
import { state, isHead, rerender } from './play-state.js';

export function renderTalks(v) {
  const { rules } = state;
  const head = isHead();
  const talking = v.phase === 'talks';
  $('#talks-hint').textContent = talking
    ? (head ? 'Table proposals, answer and sign them, speak to the press. When your delegation is done, say so.' : 'Your head of delegation tables, answers and signs; everyone can chat.')
    : v.phase === 'over' ? 'The game is over.' : 'Proposals and statements open in the talks phase; channels are open now.';
  const all = [...state.history.values()].sort((a, b) => a.n - b.n);
  renderPanes(); // first: a list scrolls to its newest line only once it is shown
  // Agreements
  const bound = v.proposals.filter((p) => p.status === 'bound');
  fill($('#agreed'), bound.length ? h('ul', {}, bound.map((p) => h('li', {},
    h('strong', {}, `#${p.id}: `), p.clauses.map((c) => rules.clauseTitle(c)).join(', '),
    ` — signed by ${p.signatures.map((s) => rules.seatName(s)).join(', ')}`)))
    : h('p', { class: 'hint' }, 'No agreement yet.'));
  // Proposals: open ones first, then this round's closed ones (with who rejected them), then older
  const open = v.proposals.filter((p) => p.status === 'open').sort((a, b) => b.id - a.id);
  const closed = v.proposals.filter((p) => !['open', 'bound'].includes(p.status)).sort((a, b) => b.id - a.id);
  const thisRound = closed.filter((p) => p.round === v.round);
  const older = closed.filter((p) => p.round !== v.round);
  fill($('#proposals'), open.length ? open.map((p) => proposalCard(p, v, head, talking, all)) : h('p', { class: 'hint' }, 'No proposal open on the table.'),
    thisRound.length ? [h('h4', { class: 'closed-h' }, 'Closed this round'), thisRound.map((p) => proposalCard(p, v, head, talking, all))] : null,
    older.length ? h('details', { id: 'earlier-proposals', 'data-key': 'earlier-proposals' },
      h('summary', {}, `Earlier rounds: ${older.length} rejected, superseded or lapsed`),
      older.map((p) => proposalCard(p, v, head, talking, all))) : null);
  $('#pane-proposals-count').textContent = open.length ? `(${open.length} open)` : '';
  renderProposalNews(v, all);
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
      clause.requires ? h('p', { class: 'requires' }, `Only while: ${rules.condition(clause.requires)}`) : null,
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
  // Statements (this round, and earlier ones once asked for), newest last
  const statements = all.filter((e) => PRESS.types.includes(e.type));
  const pressStart = atStart(PRESS.key);
  fill($('#statements'), statements.length ? statements.map((e) => h('li', { class: `statement ${e.type}` },
    h('span', { class: 'who' }, e.type === 'announcement' ? 'Facilitator' : rules.byline(e.seat, e)),
    h('span', { class: 'when' }, ` (round ${e.round})`), ': ', h('span', { class: 'text' }, e.text)))
    : h('li', { class: 'hint' }, pressStart ? 'No statements yet.' : 'No statements this round.'));
  showEarlierButton($('#earlier-statements'), pressStart, $('#statements'));
  $('#statement-text').disabled = !(talking && head);
  $('#make-statement').disabled = !(talking && head);
  renderChannels(v, all);
}

/** After tabling, the player follows its proposal: each party's answer as it arrives, and
 * whether it binds, is rejected (by whom) or lapses. */
function renderProposalNews(v, all) {
  const { rules } = state;
  const news = $('#proposal-news');
  const followed = state.proposalNews && v.proposals.find((p) => p.id === state.proposalNews.id);
  if (!followed) { news.textContent = ''; return; }
  const waiting = followed.parties.filter((s) => !followed.responses[s] && !followed.signatures.includes(s));
  const text = followed.status === 'open'
    ? `Your proposal #${followed.id} is on the table. ${waiting.length ? `Waiting for: ${waiting.map((s) => (s === state.seat ? 'your own signature' : rules.seatName(s))).join(', ')}.` : 'Every party has answered.'}`
    : followed.status === 'rejected' ? `Your proposal #${followed.id} was rejected by ${rejecters(followed, all).join(', ')}.`
    : followed.status === 'bound' ? `Your proposal #${followed.id} is agreed: every party signed.`
    : `Your proposal #${followed.id} is ${followed.status}.`;
  if (news.textContent !== text) news.textContent = text;
}

/** Who rejected a proposal, with the member who answered for a team. */
function rejecters(p, all) {
  const { rules } = state;
  return Object.entries(p.responses).filter(([s, a]) => a === 'reject' && p.parties.includes(s)).map(([s]) => {
    const entry = all.filter((e) => e.type === 'proposal_answered' && e.proposal === p.id && e.seat === s).pop();
    return rules.byline(s, entry);
  });
}

/** The reason the head typed for a rejection or an amendment, as a payload part (none if blank). */
export function givenReason() {
  const reason = $('#answer-reason').value.trim();
  return reason ? { reason } : {};
}

/** Once a reason has gone with an answer, the box is emptied for the next one. */
export function reasonSent() { $('#answer-reason').value = ''; }

/** The reasons given beside the answers to a proposal, and why it amends another (if said):
 * each with who gave it, so the proposer reads why it was turned down. */
function proposalReasons(p, all) {
  const { rules } = state;
  const said = all.filter((e) => e.reason && ((e.type === 'proposal_answered' && e.proposal === p.id)
    || (e.type === 'proposal_tabled' && e.proposal === p.id && p.amends)));
  return said.map((e) => h('li', { class: 'reason', 'data-seat': e.seat || e.by },
    h('span', { class: 'who' }, rules.byline(e.seat || e.by, e)),
    e.type === 'proposal_tabled' ? ' (amending)' : e.answer === 'reject' ? ' (rejects)' : ' (accepts)',
    ': ', h('span', { class: 'text' }, e.reason)));
}

function proposalCard(p, v, head, talking, all) {
  const { rules } = state;
  const mine = state.seat;
  const party = p.parties.includes(mine);
  const open = p.status === 'open';
  const act = (event, payload, label) => h('button', {
    type: 'button', 'data-key': `${event}-${p.id}`, disabled: !(open && head && talking),
    'aria-label': `${label} proposal #${p.id}`,
    onclick: async (e) => {
      e.target.disabled = true;
      try {
        const reject = payload.answer === 'reject';
        await state.link.send(event, { proposal: p.id, ...payload, ...(reject ? givenReason() : {}) });
        if (reject) reasonSent();
        $('#builder-error').textContent = '';
      } catch (error) { $('#builder-error').textContent = error.message; }
    },
  }, label);
  const rejected = p.status === 'rejected' ? rejecters(p, all) : [];
  const reasons = proposalReasons(p, all);
  return h('article', { class: `proposal status-${p.status}`, 'data-proposal': p.id },
    h('h4', {}, `#${p.id} by ${rules.byline(p.by, p)} — `, h('span', { class: 'status' }, p.status), p.amends ? ` (amends #${p.amends})` : ''),
    rejected.length ? h('p', { class: 'rejected-by' }, `✗ Rejected by ${rejected.join(', ')}`) : null,
    p.status === 'lapsed' ? h('p', { class: 'hint' }, 'Lapsed: the talks closed before every party signed.') : null,
    h('ul', {}, p.clauses.map((c) => h('li', {}, h('strong', {}, rules.clauseTitle(c)), ': ', rules.clauses.get(c)?.text || ''))),
    h('p', {}, 'Parties: ', p.parties.map((s, i) => [i ? ', ' : '', rules.seatName(s),
      p.signatures.includes(s) ? ' ✍ signed' : p.responses[s] === 'accept' ? ' ✓ accepts' : p.responses[s] === 'reject' ? ' ✗ rejects' : ' … no answer'])),
    Object.keys(p.responses).some((s) => !p.parties.includes(s))
      ? h('p', { class: 'hint' }, 'Others: ', Object.entries(p.responses).filter(([s]) => !p.parties.includes(s)).map(([s, a]) => `${rules.seatName(s)} ${a === 'accept' ? 'supports' : 'opposes'}`).join(', ')) : null,
    reasons.length ? [h('p', { class: 'reasons-h' }, 'Reasons given:'),
      h('ul', { class: 'reasons', 'aria-label': `Reasons given on proposal #${p.id}` }, reasons)] : null,
    open && mine ? h('div', { class: 'actions' },
      party && !p.signatures.includes(mine) ? act('sign', {}, 'Sign') : null,
      !p.signatures.includes(mine) ? act('respond', { answer: 'accept' }, 'Accept') : null,
      !p.signatures.includes(mine) ? act('respond', { answer: 'reject' }, 'Reject') : null,
      h('button', { type: 'button', disabled: !(head && talking), 'aria-label': `Amend proposal #${p.id}`, onclick: () => {
        state.amending = p.id; state.clauses = new Set(p.clauses); rerender(); $('#builder-legend').scrollIntoView(); $('#clauses input:not([disabled])')?.focus();
      } }, 'Amend')) : null);
}

function renderChannels(v, all) {
  const { rules } = state;
  const channels = v.you?.channels || ['plenary'];
  if (!channels.includes(state.channel)) state.channel = channels[0];
  const messages = all.filter((e) => e.type === 'message');
  const reading = state.tab === 'talks' && (state.pane === 'chat' || !narrow());
  let unreadTotal = 0;
  // Unread: the messages after the newest one seen (earlier ones loaded later are not news).
  fill($('#channels'), channels.map((ch) => {
    const mine = messages.filter((m) => m.channel === ch);
    if (ch === state.channel && reading && state.chatPinned && mine.length) state.seen.set(ch, mine[mine.length - 1].n);
    const unread = mine.filter((m) => m.n > (state.seen.get(ch) ?? -1)).length;
    unreadTotal += unread;
    return h('button', {
      type: 'button', 'data-key': `channel-${ch}`, 'data-channel': ch, class: ch === state.channel ? 'on' : null,
      'aria-pressed': ch === state.channel ? 'true' : 'false',
      onclick: () => { state.channel = ch; state.chatPinned = true; rerender(); },
    }, rules.channelName(ch, state.seat), unread > 0 ? h('span', { class: 'unread', 'data-unread': unread }, ` (${unread} new)`) : null);
  }));
  $('#unread').textContent = unreadTotal ? `(${unreadTotal} new)` : '';
  $('#pane-chat-count').textContent = unreadTotal ? `(${unreadTotal} new)` : '';
  const shown = messages.filter((m) => m.channel === state.channel);
  const list = $('#messages');
  const keptTop = list.scrollTop;
  const channelChanged = list.dataset.channel !== state.channel;
  const before = Number(list.dataset.newest ?? -1);
  const newest = shown.length ? shown[shown.length - 1].n : -1;
  const channelStart = atStart(`channel:${state.channel}`);
  fill(list, shown.length ? shown.map((m) => h('li', { class: m.seat === state.seat ? 'mine' : null, 'data-n': m.n },
    h('span', { class: 'who' }, rules.byline(m.seat, m)), ownTag(m),
    ': ', h('span', { class: 'text' }, m.text)))
    : h('li', { class: 'hint' }, channelStart ? 'No messages in this channel yet.' : 'No messages in this channel this round.'));
  list.dataset.channel = state.channel;
  list.dataset.newest = String(newest);
  showEarlierButton($('#earlier-messages'), channelStart, list);
  // The newest message stays in view unless the reader scrolled up to read older ones; then a
  // button says new ones came and takes the reader down to them.
  if (state.chatPinned || channelChanged) {
    list.scrollTop = list.scrollHeight;
    state.chatPinned = true;
    $('#new-messages').hidden = true;
  } else {
    list.scrollTop = keptTop;
    if (newest > before) $('#new-messages').hidden = false;
  }
  $('#chat-label').textContent = `Message to ${rules.channelName(state.channel, state.seat)}`;
  const canChat = Boolean(state.seat) && v.phase !== 'over';
  $('#chat-text').disabled = !canChat;
  $('#send-chat').disabled = !canChat;
}

/** "(you)" on the player's own lines; "(your delegation)" on a teammate's outside the team's room. */
function ownTag(m) {
  if (m.author && m.author === state.player) return h('span', { class: 'tag' }, ' (you)');
  if (m.seat === state.seat && !m.channel.startsWith('delegation:')) return h('span', { class: 'tag' }, ' (your delegation)');
  return null;
}

const narrow = () => window.matchMedia('(max-width: 860px)').matches;

function renderPanes() {
  $('#talks').dataset.pane = state.pane;
  for (const button of document.querySelectorAll('.panes [data-pane]')) {
    button.setAttribute('aria-pressed', button.dataset.pane === state.pane ? 'true' : 'false');
  }
}

/** Wire the chat list's scroll-following, "Show earlier" and the pane buttons (once, from play.js). */
export function wireTalks() {
  const list = $('#messages');
  $('#earlier-messages').addEventListener('click', (event) => showEarlier(event.currentTarget, `channel:${state.channel}`,
    { channel: state.channel }, { one: 'message', many: 'messages', place: 'channel' }));
  $('#earlier-statements').addEventListener('click', (event) => showEarlier(event.currentTarget, PRESS.key,
    { types: PRESS.types }, { one: 'statement', many: 'statements', place: 'game' }));
  list.addEventListener('scroll', () => {
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 24;
    if (atBottom !== state.chatPinned) {
      state.chatPinned = atBottom;
      if (atBottom) { $('#new-messages').hidden = true; rerender(); }
    }
  });
  $('#new-messages').addEventListener('click', () => {
    state.chatPinned = true;
    list.scrollTop = list.scrollHeight;
    $('#new-messages').hidden = true;
    rerender();
  });
  for (const button of document.querySelectorAll('.panes [data-pane]')) {
    button.addEventListener('click', () => {
      state.pane = button.dataset.pane;
      if (state.pane === 'chat') state.chatPinned = true;
      rerender();
      if (state.pane === 'chat') $('#chat-text').focus({ preventScroll: true });
    });
  }
}

// ---- earlier rounds ---------------------------------------------------------------------------

const EARLIER_PAGE = 50; // entries a "Show earlier" click brings at most
const EARLIER_TRIES = 3; // pages read in one click while they hold nothing (a quiet channel)
const PRESS = { key: 'press', types: ['statement', 'announcement'] };

/** Where the pane `key`'s next "Show earlier" reads before; null once it reached the log's start. */
function cursor(key) {
  return state.earlier.has(key) ? state.earlier.get(key) : state.from;
}

const atStart = (key) => { const at = cursor(key); return at === null || at <= 0; };

/** The button shows while there is more to read; at the start it goes, and if it had the focus
 * the focus goes to the list it was above rather than to the page. */
function showEarlierButton(button, start, list) {
  if (start && !button.hidden && button === document.activeElement) list.focus();
  button.hidden = start;
}

/**
 * Read the page before what the pane `key` holds (a channel's messages, or the statements) and
 * say how many came. The pane's cursor moves back by what the server scanned, so a later click
 * goes on from there; a snapshot that started the history again meanwhile makes the answer moot.
 */
async function showEarlier(button, key, ask, noun) {
  if (button.getAttribute('aria-disabled') === 'true' || atStart(key)) return;
  button.setAttribute('aria-disabled', 'true');
  const epoch = state.epoch;
  let added = 0;
  try {
    for (let tries = 0; tries < EARLIER_TRIES && added === 0 && !atStart(key); tries += 1) {
      const page = await state.link.send('log', { before: cursor(key), limit: EARLIER_PAGE, ...ask });
      if (state.epoch !== epoch) return;
      for (const entry of page.entries) {
        if (!state.history.has(entry.n)) added += 1;
        state.history.set(entry.n, entry);
      }
      state.earlier.set(key, page.previous);
    }
    const start = atStart(key) ? ` This is the start of the ${noun.place}.` : '';
    announce(`${added ? added : 'No'} earlier ${added === 1 ? noun.one : noun.many} loaded.${start}`);
  } catch (error) {
    announce(`Earlier ${noun.many} could not be loaded: ${error.message}`);
  } finally {
    button.removeAttribute('aria-disabled');
    const showing = key === `channel:${state.channel}`; // not if the reader switched channels meanwhile
    if (showing) state.chatPinned = false; // the reader went up: stay there
    rerender();
    if (showing && added) $('#messages').scrollTop = 0; // the earliest loaded in view
  }
}
