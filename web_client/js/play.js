// A player's page: lobby, table (tracks, briefing, cards and secret orders, the reveal, the
// round log) and talks (proposals, statements, channels). Everything shown comes from the
// `update` the server sends for this seat; the page keeps only drafts (cards ticked, clauses
// chosen, text being typed) and the log it has been sent: the current round comes with every
// update, earlier rounds only when the reader asks for them ("Show earlier", play-talks.js).
import { $, h, fill, announce } from './dom.js';
import { Link } from './link.js';
import { scenario as loadScenario } from './api.js';
import { Rules, phaseName, outcomeName } from './rules.js';
import { TimerView, statusLine, phaseBadge } from './widgets.js';
import { state, gameId, me, isHead, drafts } from './play-state.js';
import { renderLobby, renderTable } from './play-table.js';
import { givenReason, reasonSent, renderTalks, wireTalks } from './play-talks.js';

const timer = new TimerView($('#timer'), { speak: (text) => announce(text, 'phase-news') });

function problem(text) { $('#problem').textContent = text || ''; }

if (!gameId || !me) {
  problem('This browser holds no seat at this table. Join with the code your facilitator gave you.');
  $('#tabs').hidden = true; // no seat, no views of a table to switch between
  $('#main').append(h('p', {}, h('a', { href: '/', class: 'button primary' }, 'Go to the join page')));
} else {
  start();
}

function start() {
  const link = new Link({
    hello: async (l) => {
      const answer = await l.send('rejoin', { token: me.token });
      state.player = answer.player;
      state.teamSize = answer.team_size ?? null;
      return answer;
    },
    onUpdate: (update, { snapshot }) => take(update, snapshot),
    onStatus: (status, detail) => {
      statusLine($('#status'), status);
      if (status === 'failed') problem(detail?.code === 'bad_token' ? 'This seat is no longer valid at this table. Join again with the code.' : `Could not rejoin: ${detail?.message || detail}`);
      else if (status === 'online') problem('');
    },
  });
  state.link = link;
  wireForms(link);
  wireTalks();
  watchOtherTabs();
}

/** Two tabs of one browser holding the same seat would both act for it: each is told of the
 * other (BroadcastChannel reaches the same origin's other tabs, not other devices). */
function watchOtherTabs() {
  if (!('BroadcastChannel' in window)) return;
  const channel = new BroadcastChannel(`crisis-table:seat:${gameId}:${me.player}`);
  const tell = () => {
    const note = $('#elsewhere');
    note.textContent = 'This seat is also open in another tab or window of this browser. Play from one of them only, and close the other.';
    note.hidden = false;
  };
  channel.onmessage = (event) => {
    if (event.data === 'open') channel.postMessage('here');
    if (event.data === 'open' || event.data === 'here') tell();
  };
  channel.postMessage('open');
}

/** Keep an update's log in the page's history; the entries new to the page, to read out (none
 * after a gap: the page cannot tell which of them are news). The page holds every entry it may
 * read from `state.from` on. A snapshot that may not join up with what it held (a reconnection
 * across rounds, a missed delta) starts the history again from the snapshot's window, and what
 * "Show earlier" loaded goes: the reader asks again. */
function hold(update, snapshot) {
  const log = update.view.log;
  const first = log.length ? log[0].n : null;
  let gap = false;
  if (state.from === null) {
    state.from = first ?? Number.MAX_SAFE_INTEGER; // an empty window: read back from the log's end
  } else if (snapshot && first !== null && state.newest < first) {
    gap = state.history.size > 0;
    state.history = new Map();
    state.earlier = new Map();
    state.from = first;
    state.epoch += 1;
  }
  const fresh = [];
  for (const entry of log) {
    if (!state.history.has(entry.n)) fresh.push(entry);
    state.history.set(entry.n, entry);
    state.newest = Math.max(state.newest, entry.n);
  }
  return gap ? [] : fresh;
}

async function take(update, snapshot) {
  const before = state.update?.view;
  const fresh = hold(update, snapshot); // at once, in the order updates come, before any wait
  if (!state.rules) state.rules = new Rules(await loadScenario(update.view.scenario));
  state.update = update;
  state.seat = update.view.you?.seat || null;
  state.rules.setViewer(state.seat, update.view.phase === 'over');
  state.rules.setPeople(update.roster);
  if (before) for (const entry of fresh) speak(entry);
  const key = `${update.view.round}:${update.view.phase}`;
  if (key !== state.phaseKey) {
    if (state.phaseKey !== null) {
      announce(update.view.phase === 'over'
        ? `Game over: ${outcomeName(update.view.outcome)}.`
        : `Round ${update.view.round}: ${phaseName(update.view.phase)}.`, 'phase-news');
    }
    state.phaseKey = key;
    state.userChoseTab = false;
    // Once the role is read (or the first orders are in), a new phase opens with it folded.
    if (drafts.roleRead() && $('#role-box').open) $('#role-box').open = false;
  }
  render();
}

/** New messages, statements and announcements are read out by screen readers. */
function speak(entry) {
  if (!['message', 'statement', 'announcement', 'agreement_bound', 'event_injected'].includes(entry.type)) return;
  // A teammate's words share our seat: only what this player wrote is not read back.
  if (entry.author) {
    if (entry.author === state.player) return;
  } else {
    const mine = entry.seat === state.seat && state.sent.indexOf(entry.text);
    if (mine !== false && mine >= 0) {
      state.sent.splice(mine, 1);
      return;
    }
  }
  announce(state.rules.entry(entry));
}

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

state.render = () => render();

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
    drafts.keepCards();
    drafts.keep({ roleRead: true }); // whoever orders has seen the role above the cards
    announce('Orders submitted. They stay secret until the reveal.');
  });
  submitter($('#builder'), '#builder-error', async () => {
    if (!state.clauses.size) throw new Error('Choose at least one clause.');
    const clauses = [...state.clauses];
    if (state.amending) {
      await link.send('amend', { proposal: state.amending, clauses, ...givenReason() });
      reasonSent();
    } else await link.send('propose', { clauses });
    state.clauses = new Set();
    state.amending = null;
    // The table broadcasts before it answers: the newest proposal of this seat is the one tabled.
    const ours = (state.update?.view.proposals || []).filter((p) => p.by === state.seat).sort((a, b) => b.id - a.id)[0];
    if (ours) {
      state.proposalNews = { id: ours.id };
      render();
      document.querySelector(`article.proposal[data-proposal="${ours.id}"]`)?.scrollIntoView({ block: 'nearest' });
      $('#proposal-news').scrollIntoView({ block: 'nearest' });
    }
  });
  $('#cancel-amend').addEventListener('click', () => { state.amending = null; state.clauses = new Set(); render(); });
  submitter($('#statement-form'), '#statement-error', async () => {
    const text = $('#statement-text').value.trim();
    if (!text) throw new Error('Write the statement first.');
    state.sent.push(text);
    await link.send('statement', { text });
    $('#statement-text').value = '';
    drafts.keepText('statement', '');
  });
  submitter($('#chat-form'), '#chat-error', async () => {
    const text = $('#chat-text').value.trim();
    if (!text) return;
    state.sent.push(text);
    await link.send('chat', { channel: state.channel, text });
    $('#chat-text').value = '';
    drafts.keepText('chat', '');
    state.chatPinned = true;
  });
  // Skip links open the view they lead to and put the focus on its first action.
  for (const link of document.querySelectorAll('[data-skip]')) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      const where = link.dataset.skip;
      state.tab = where === 'table' ? 'table' : 'talks';
      state.userChoseTab = true;
      if (where === 'chat') state.pane = 'chat';
      if (where === 'talks') state.pane = 'proposals';
      render();
      const target = where === 'table' ? ($('#cards input:not([disabled])') || $('#orders-card'))
        : where === 'chat' ? $('#chat-text')
        : [...document.querySelectorAll('#ready, #proposals button, #clauses input')].find((el) => !el.disabled) || $('#talks-h');
      if (target === $('#talks-h')) target.setAttribute('tabindex', '-1');
      target.focus();
    });
  }
  // Half-typed words survive a reload.
  $('#chat-text').value = drafts.text('chat');
  $('#statement-text').value = drafts.text('statement');
  $('#chat-text').addEventListener('input', (e) => drafts.keepText('chat', e.target.value));
  $('#statement-text').addEventListener('input', (e) => drafts.keepText('statement', e.target.value));
  $('#role-box').addEventListener('toggle', () => {
    state.roleOpen = $('#role-box').open;
    if (state.update) render();
  });
  $('#role-read').addEventListener('click', () => {
    drafts.keep({ roleRead: true });
    $('#role-box').open = false;
    $('#orders-card').scrollIntoView({ block: 'start' });
    $('#orders-card').focus({ preventScroll: true });
  });
  $('#ready').addEventListener('click', async () => {
    $('#ready-error').textContent = '';
    try { await link.send('ready', {}); } catch (error) { $('#ready-error').textContent = error.message; }
  });
}
