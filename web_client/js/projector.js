// The projector: public state only (the server sends it the spectator view), for the back of a
// classroom. One screen, never a scrollbar, from 1024×768 to 1920×1080: the lobby shows how to
// join (address, code, QR) and who has joined; play shows tension, the board, who has ordered,
// what this round revealed, agreements and statements. Lists that do not fit are cut to the
// newest items with a count of the rest (fit.js); what still does not fit is drawn smaller.
import { $, h, fill, params, announce } from './dom.js';
import { Link } from './link.js';
import { scenario as loadScenario } from './api.js';
import { Rules, phaseName, outcomeName } from './rules.js';
import { ladder, tracksPanel, TimerView, statusLine } from './widgets.js';
import { studentsAddress, joinUrl, qrImage, typedAddress, unreachableNote } from './address.js';
import { fitScreen, fitList } from './fit.js';

const code = (params().get('code') || '').toUpperCase();
const timer = new TimerView($('#timer'));
const statements = new Map(); // log position → statement or announcement, every round
// The feed of earlier rounds comes from one bounded read per connection (the newest ones: a
// projector shows a handful); `olderStatements` says the game holds more than were read.
const EARLIER_STATEMENTS = 50;
let olderStatements = false;
let rules = null;
let last = null;
let address = null;

if (!code) {
  const form = $('#code-form');
  form.hidden = false;
  $('#code').focus();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = $('#code').value.trim();
    if (value) window.location.search = `?code=${encodeURIComponent(value)}`;
  });
} else {
  $('#screen').hidden = false;
  const link = new Link({
    hello: (l) => l.send('join', { code, nickname: 'projector', role: 'projector' }),
    onUpdate: (update) => draw(update),
    onStatus: (status, detail) => {
      statusLine($('#status'), status);
      if (status === 'failed') { $('#screen').hidden = true; $('#code-form').hidden = false; $('#code-error').textContent = detail?.message || 'Could not show this table.'; }
    },
    onHello: async (answer) => {
      // Statements of earlier rounds, for the feed: the newest before this round's, in one read.
      const before = answer?.update?.view.log[0]?.n ?? Number.MAX_SAFE_INTEGER;
      try {
        const page = await link.send('log', { before, limit: EARLIER_STATEMENTS, types: ['statement'] });
        for (const e of page.entries) statements.set(e.n, e);
        olderStatements = page.previous !== null;
      } catch {
        // The feed shows this round's statements; earlier ones come with the next connection.
      }
      if (link.mirror.latest) draw(link.mirror.latest);
    },
  });
  window.addEventListener('resize', () => fitScreen());
}

async function draw(update) {
  rules = rules || new Rules(await loadScenario(update.view.scenario));
  address = address || await studentsAddress();
  const v = update.view;
  for (const e of v.log) if (e.type === 'statement' || e.type === 'announcement') statements.set(e.n, e);
  if (last && (last.phase !== v.phase || last.round !== v.round)) {
    announce(v.phase === 'over' ? `Game over: ${outcomeName(v.outcome)}` : `Round ${v.round}: ${phaseName(v.phase)}`, 'phase-news');
  }
  last = { phase: v.phase, round: v.round };
  document.title = `${rules.data.title} — projector`;
  document.body.dataset.phase = v.phase;
  $('#title').textContent = rules.data.title;
  $('#phase').textContent = v.phase === 'lobby' ? `Lobby — join with code ${code}`
    : v.phase === 'over' ? 'Game over' : `Round ${v.round} of ${v.rounds} · ${phaseName(v.phase)}`;
  $('#phase').dataset.phase = v.phase;
  timer.set(update.timer);
  const url = joinUrl(address.base, code);
  // Latecomers can still join while the game runs: the address and code stay in a corner.
  fill($('#latecomers'), v.phase === 'lobby' || v.phase === 'over' ? null
    : ['Join: ', h('strong', {}, typedAddress(address.base)), ' · code ', h('strong', { class: 'code' }, code)]);
  const lobby = v.phase === 'lobby';
  $('#lobby').hidden = !lobby;
  $('#play').hidden = lobby;
  if (lobby) drawLobby(update, url);
  else drawPlay(update);
  fitScreen();
}

function drawLobby(update, url) {
  fill($('#news'), null);
  fill($('#join'),
    h('div', { class: 'join-text' },
      h('p', { class: 'join-step' }, '1. Open'),
      h('p', { class: 'join-address' }, breakable(typedAddress(address.base))),
      h('p', { class: 'join-step' }, '2. Enter the code'),
      h('p', { class: 'join-code', 'aria-label': `code ${code.split('').join(' ')}` }, code),
      unreachableNote(address)),
    h('figure', { class: 'join-qr' }, qrImage(url, 'qr'), h('figcaption', {}, 'or scan')));
  const roster = update.roster;
  const rows = Object.entries(roster.seats).map(([seat, r]) => h('li', { 'data-seat': seat },
    h('span', { class: 'seat' }, rules.seatName(seat)),
    h('span', { class: 'names' }, r.bot ? `bot (${r.bot})` : r.players.length ? r.players.map((p) => p.nickname).join(', ') : '—')));
  const joined = Object.values(roster.seats).reduce((n, s) => n + s.players.length, 0);
  fill($('#people'), h('ul', { class: 'people' }, rows),
    roster.unseated.length ? h('p', { class: 'waiting' }, h('strong', {}, 'Waiting for a seat: '), roster.unseated.map((p) => p.nickname).join(', ')) : null,
    h('p', { class: 'hint' }, `${joined + roster.unseated.length} joined so far. Empty delegations are played by bots.`));
}

/** An address that may wrap only where a reader expects it: before the port, after a dot. */
function breakable(text) {
  return text.split(/(?<=[.:/])|(?=:)/).flatMap((part, i) => (i ? [h('wbr'), part] : [part]));
}

function changesText(e) {
  const changes = rules.changes(e.changes);
  return changes.length ? changes.join('; ') : 'no visible change';
}

/** Breaking news (an inject this round), the round's event, the latest announcement, the outcome. */
function drawNews(v) {
  const injects = v.log.filter((e) => e.type === 'event_injected');
  const revealed = v.log.find((e) => e.type === 'event_revealed');
  const announcement = v.log.filter((e) => e.type === 'announcement').pop();
  const inject = injects[injects.length - 1];
  const cards = [];
  if (v.phase === 'over') {
    cards.push(h('div', { id: 'outcome', class: `news outcome outcome-${v.outcome}`, role: 'status' },
      h('p', { class: 'kicker' }, 'Game over'),
      h('p', { class: 'headline' }, outcomeSentence(v)),
      h('p', { class: 'links' }, h('a', { href: `/debrief?code=${encodeURIComponent(code)}` }, 'Show the debrief'), ' · ',
        h('a', { href: `/class?codes=${encodeURIComponent(params().get('class') || code)}` }, 'Compare the class’s tables'))));
  }
  if (inject && v.phase !== 'over') {
    cards.push(h('div', { class: 'news breaking', 'data-event': inject.event },
      h('p', { class: 'kicker' }, 'Breaking', injects.length > 1 ? ` (${injects.length} this round)` : ''),
      h('p', { class: 'headline' }, inject.title),
      h('p', { class: 'text clamp-3' }, inject.text),
      h('p', { class: 'changed clamp-2' }, h('strong', {}, 'What it changed: '), changesText(inject))));
  }
  if (revealed && v.phase !== 'over') {
    cards.push(h('div', { class: `news event${inject ? ' compact' : ''}`, 'data-event': revealed.event },
      h('p', { class: 'kicker' }, `Round ${v.round} event`),
      h('p', { class: 'headline' }, revealed.title),
      h('p', { class: `text ${inject ? 'clamp-2' : 'clamp-3'}` }, revealed.text),
      inject ? null : h('p', { class: 'changed clamp-2' }, h('strong', {}, 'What it changed: '), changesText(revealed))));
  }
  if (announcement && v.phase !== 'over') {
    cards.push(h('div', { class: 'news announcement' },
      h('p', { class: 'kicker' }, 'From the facilitator'),
      h('p', { class: 'text clamp-4' }, announcement.text)));
  }
  fill($('#news'), cards);
}

/** "Deadlock after round 2 of 6: the facilitator ended the game." (the reason is the engine's) */
function outcomeSentence(v) {
  const when = `${v.outcome === 'deadlock' ? 'after' : 'in'} round ${v.round} of ${v.rounds}`;
  return `${outcomeName(v.outcome)} ${when}${v.termination ? `: ${v.termination}` : ''}.`;
}

function drawPlay(update) {
  const v = update.view;
  drawNews(v);
  const clash = rules.clashTrack;
  const value = v.tracks[clash.id];
  fill($('#tension'), h('p', { class: 'tension-number', 'data-track': clash.id, 'data-value': value, 'aria-label': `Tension ${value} of ${clash.max}` },
    `${value}`, h('span', { class: 'of' }, ` / ${clash.max}`)),
  h('p', { class: 'tension-label' }, rules.valueLabel(clash.id, value)), ladder(rules, clash, value));
  fill($('#board'), tracksPanel(rules, v.tracks, { skipClash: true }));
  drawRound(update);
  drawTalks(v);
}

/** Orders: who has ordered and who not, by name. Later: what was revealed, newest first. */
function drawRound(update) {
  const v = update.view;
  const round = $('#round');
  if (v.phase === 'orders') {
    $('#round-h').textContent = 'Secret orders';
    const seats = Object.entries(v.seats);
    const waiting = seats.filter(([, s]) => !s.ordered);
    const who = (seat) => {
      const r = update.roster.seats[seat];
      return r?.bot ? 'bot' : (r?.players || []).map((p) => p.nickname).join(', ') || 'bot';
    };
    fill(round, h('p', { class: 'count' }, waiting.length ? `Waiting for ${waiting.length} of ${seats.length}` : 'Everyone has ordered'),
      h('ul', { class: 'ordered' }, seats.map(([seat, s]) => h('li', { class: s.ordered ? 'done' : 'waiting', 'data-seat': seat },
        h('span', { class: 'mark', 'aria-hidden': 'true' }, s.ordered ? '✓' : '…'),
        h('span', { class: 'seat' }, rules.seatName(seat)),
        h('span', { class: 'state' }, s.ordered ? 'ordered' : 'choosing'),
        h('span', { class: 'names' }, who(seat))))));
    return;
  }
  $('#round-h').textContent = `Revealed in round ${v.round}`;
  // What each delegation played, one line each (the board shows what it changed).
  const revealed = v.log.find((e) => e.type === 'orders_revealed');
  if (!revealed) { fill(round, h('p', { class: 'hint' }, 'Nothing was revealed this round.')); return; }
  const played = new Map(Object.keys(v.seats).map((seat) => [seat, []]));
  const clash = rules.clashTrack.id;
  let tension = null;
  for (const e of v.log) {
    if (e.type !== 'card_resolved' && e.type !== 'card_fizzled') continue;
    played.get(e.seat)?.push(e.type === 'card_fizzled' ? `${rules.cardName(e.card)} (fizzled)` : rules.cardName(e.card));
    for (const c of e.changes || []) if (c.track === clash && !c.seat) tension = { before: tension ? tension.before : c.before, after: c.after };
  }
  const standIns = new Set(revealed.stand_ins || []);
  const rows = [...played].map(([seat, cards]) => h('li', { 'data-seat': seat, class: standIns.has(seat) ? 'stand-in' : null },
    h('strong', {}, rules.seatName(seat)), ': ', cards.length ? cards.join(' + ') : h('span', { class: 'nothing' }, 'nothing'),
    standIns.has(seat) ? h('span', { class: 'stand-in-mark' }, ` — played by a bot for ${rules.seatName(seat)}`) : null));
  fill(round,
    tension ? h('p', { class: 'count' }, `Tension ${tension.before} → ${tension.after}${tension.after > tension.before ? ' ▲' : tension.after < tension.before ? ' ▼' : ''}`) : null,
    fitList('moves', rows, (n) => `+ ${n} more ${n === 1 ? 'delegation' : 'delegations'}`, { low: true }));
}

function drawTalks(v) {
  // While delegations order in secret nobody makes statements: the feed may give way entirely.
  const keepStatements = v.phase === 'orders' ? 0 : 1;
  const bound = v.proposals.filter((p) => p.status === 'bound').reverse();
  const open = v.proposals.filter((p) => p.status === 'open');
  const agreements = fitList('agreement-list', bound.map((p) => h('li', { 'data-proposal': p.id },
    h('strong', {}, p.clauses.map((c) => rules.clauseTitle(c)).join(' + ')),
    ` — signed by ${p.signatures.map((s) => rules.seatName(s)).join(', ')}`)),
  (n) => `+ ${n} earlier ${n === 1 ? 'agreement' : 'agreements'}`, { low: true });
  fill($('#agreements'), bound.length ? agreements : h('p', { class: 'hint' }, 'No agreement yet.'),
    open.length ? h('p', { class: 'on-table' }, `On the table: ${open.length} ${open.length === 1 ? 'proposal' : 'proposals'}`) : null);
  const feed = [...statements.values()].filter((e) => e.type === 'statement').sort((a, b) => b.n - a.n);
  const list = fitList('statement-list', feed.map((e) => h('li', { class: e.type }, h('div', { class: 'clamp-3' },
    h('span', { class: 'who' }, rules.seatName(e.seat)), ': ', h('span', { class: 'text' }, e.text),
    e.stand_in ? h('span', { class: 'stand-in-mark' }, ` (played by a bot for ${rules.seatName(e.seat)})`) : null))),
  (n) => {
    const some = olderStatements ? `${n} or more` : `${n}`;
    return n === feed.length ? `${some} ${n === 1 && !olderStatements ? 'statement' : 'statements'} to the press so far`
      : `+ ${some} earlier ${n === 1 && !olderStatements ? 'statement' : 'statements'}`;
  }, { first: true, keep: keepStatements });
  fill($('#statements'), feed.length ? list : h('p', { class: 'hint' }, 'No statements yet.'));
}

