// The debrief: what happened and why. Built from the final view (objectives and scores are
// revealed once the game is over) and the log this viewer may read, which also drives the
// tension chart and the step-through replay.
import { $, h, fill, params } from './dom.js';
import { Link, readLog } from './link.js';
import { scenario as loadScenario } from './api.js';
import { Rules, outcomeName, phaseName } from './rules.js';
import { seatOf, facilitatorOf } from './store.js';
import { tracksPanel, statusLine } from './widgets.js';
import { drawTeaching } from './debrief-teach.js';
import { roundLabels, ROW } from './teach.js';

const SVG = 'http://www.w3.org/2000/svg';
const query = params();
const gameId = query.get('game');
const code = query.get('code');
let rules = null;

function hello() {
  const fac = gameId && facilitatorOf(gameId);
  const seat = gameId && seatOf(gameId);
  if (fac) return (l) => l.send('facilitate', { token: fac.token });
  if (seat) return (l) => l.send('rejoin', { token: seat.token });
  if (code) return (l) => l.send('join', { code, nickname: 'debrief', role: 'spectator' });
  return null;
}

const greet = hello();
if (!greet) {
  const form = $('#code-form');
  form.hidden = false;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = $('#code').value.trim();
    if (value) window.location.search = `?code=${encodeURIComponent(value)}`;
  });
} else {
  const link = new Link({
    hello: greet,
    onStatus: (status, detail) => {
      statusLine($('#status'), status);
      if (status === 'failed') $('#problem').textContent = detail?.message || 'Could not open this game.';
    },
    onHello: async (answer) => {
      const entries = [];
      await readLog(link, (page) => entries.push(...page));
      await draw(answer.update, entries);
      link.close(); // a debrief is a finished story: no need to stay connected
      fill($('#status'), `✓ ${entries.length} log entries loaded`);
    },
  });
}

async function draw(update, entries) {
  rules = new Rules(await loadScenario(update.view.scenario));
  const v = update.view;
  rules.setViewer(v.you?.seat || null, v.phase === 'over' || v.viewer === 'facilitator');
  rules.setPeople(update.roster); // log entries name their author by roster id
  document.title = `Debrief: ${rules.data.title}`;
  $('#title').textContent = `Debrief — ${rules.data.title}`;
  $('#debrief').hidden = false;
  if (v.phase !== 'over') {
    $('#problem').textContent = `This game is not over yet (${v.phase === 'lobby' ? 'lobby' : `round ${v.round}, ${phaseName(v.phase)}`}). Objectives and scores are revealed when it ends.`;
  }
  fill($('#outcome'), h('div', { class: `banner outcome-${v.outcome || 'none'}`, role: 'status' },
    h('strong', {}, v.outcome ? `Outcome: ${outcomeName(v.outcome)}` : 'Still being played'),
    v.termination ? ` — ${v.termination}` : '', ` · ${v.round} of ${v.rounds} rounds · ${v.moves_made} moves`));
  const snapshots = replaySnapshots(v, entries);
  drawChart(snapshots, entries, await historyPath(v.scenario));
  drawCompare(v);
  drawScores(v, update.roster);
  drawProposals(v);
  drawMoves(entries);
  const token = v.viewer === 'facilitator' ? facilitatorOf(update.game || gameId)?.token : null;
  await drawTeaching({ rules, v, entries, game: update.game || gameId, token });
  // The facilitator reads every channel; a debrief is often shown to the whole class, so the
  // private channels and secret orders stay out of the replay unless asked for.
  const secret = (e) => (e.type === 'message' && e.channel !== 'plenary') || e.type === 'orders_noted';
  const replay = (all) => drawReplay(v, all ? entries : entries.filter((e) => !secret(e)));
  if (v.viewer === 'facilitator' && entries.some(secret)) {
    const box = h('input', { type: 'checkbox', id: 'show-private', onchange: (e) => replay(e.target.checked) });
    $('#replay-h').after(h('p', { class: 'hint' }, box, h('label', { for: 'show-private' },
      ' Include private channels and secret orders (facilitator only — not for the projector)')));
  }
  replay(false);
}

/** The public tracks after each log entry, rebuilt from the changes the log records. */
function replaySnapshots(v, entries) {
  const start = { ...v.tracks };
  const seen = new Set();
  for (const e of entries) for (const c of e.changes || []) {
    if (!c.seat && c.track && !seen.has(c.track)) { seen.add(c.track); start[c.track] = c.before; }
  }
  let values = { ...start };
  return entries.map((e) => {
    for (const c of e.changes || []) if (!c.seat && c.track) values = { ...values, [c.track]: c.after };
    return values;
  });
}

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, val] of Object.entries(attrs)) el.setAttribute(k, String(val));
  for (const child of children) el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return el;
}

/** History's tension round by round (public), or null for a scenario without a dated history. */
async function historyPath(scenarioId) {
  const response = await fetch(`/api/scenarios/${encodeURIComponent(scenarioId)}/history`).catch(() => null);
  if (!response?.ok) return null;
  const path = await response.json();
  return /^\d{4}/.test(path.date) ? path : null;
}

function drawChart(snapshots, entries, history = null) {
  const track = rules.clashTrack;
  // One point per entry that moved the ladder, plus each round's start.
  const points = [];
  entries.forEach((e, i) => {
    const moved = (e.changes || []).some((c) => c.track === track.id && !c.seat);
    if (moved || e.type === 'round_started' || e.type === 'event_injected' || e.type === 'game_over' || (i === 0)) {
      points.push({ value: snapshots[i][track.id], entry: e, round: e.round });
    }
  });
  if (!points.length) { fill($('#chart'), h('p', { class: 'hint' }, 'No moves yet.')); return; }
  const W = 760; const H = 318; const left = 150; const right = 20; const top = 16; const bottom = 52;
  const x = (i) => left + (points.length === 1 ? 0 : (i * (W - left - right)) / (points.length - 1));
  const y = (val) => top + ((track.max - val) * (H - top - bottom)) / Math.max(1, track.max - track.min);
  const final = points[points.length - 1].value;
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'chart-title chart-desc', 'data-points': points.length },
    svg('title', { id: 'chart-title' }, `${track.name} over the game`),
    svg('desc', { id: 'chart-desc' }, `${track.name} went from ${points[0].value} to ${final} (of ${track.max}) over ${points.length} steps.`));
  for (let val = track.min; val <= track.max; val += 1) {
    chart.append(svg('line', { x1: left, x2: W - right, y1: y(val), y2: y(val), stroke: val === track.max ? '#a4161a' : '#e3e0d8', 'stroke-dasharray': val === track.max ? '6 4' : '' }),
      svg('text', { x: left - 6, y: y(val) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#444' }, `${val} ${rules.valueLabel(track.id, val)}`.slice(0, 24)));
  }
  const starts = [];
  points.forEach((p, i) => {
    if (p.entry.type === 'round_started') {
      chart.append(svg('line', { x1: x(i), x2: x(i), y1: top, y2: H - bottom, stroke: '#9aa3ad', 'stroke-width': 1 }));
      starts.push({ x: x(i), round: p.entry.round });
    }
    if (p.entry.type === 'event_injected') {
      chart.append(svg('line', { class: 'inject-mark', x1: x(i), x2: x(i), y1: top, y2: H - bottom, stroke: '#b5651d', 'stroke-width': 2, 'stroke-dasharray': '5 3' },
        svg('title', {}, `Injected by the facilitator: ${p.entry.title}`)),
      svg('text', { class: 'inject-label', x: x(i) + 3, y: top + 12, 'font-size': 11, fill: '#8a4a12' }, p.entry.title.length > 30 ? `⚡ ${p.entry.title.slice(0, 29)}…` : `⚡ ${p.entry.title}`));
    }
  });
  for (const label of roundLabels(starts, W - right)) {
    chart.append(svg('text', { class: 'round-label', x: label.x, y: H - bottom + 16 + label.row * ROW, 'font-size': 12, fill: '#333', 'text-anchor': label.anchor }, label.text));
  }
  // History's path, drawn against this table's rounds: its value at the end of a round sits where
  // the table's next round began (the start where round 1 began).
  const roundX = new Map(starts.map((st) => [st.round, st.x]));
  const historyPoints = (history?.tension || [])
    .map((p) => ({ at: p.round === 0 ? roundX.get(1) : roundX.get(p.round + 1) ?? (p.round <= (starts.at(-1)?.round ?? 0) ? W - right : null), value: p.value }))
    .filter((p) => p.at !== undefined && p.at !== null);
  if (historyPoints.length > 1) {
    chart.append(svg('polyline', { class: 'history-line', points: historyPoints.map((p) => `${p.at},${y(p.value)}`).join(' '), fill: 'none', stroke: '#111', 'stroke-width': 2, 'stroke-dasharray': '3 3' },
      svg('title', {}, `History, ${longDate(history.date)}: ${track.name.toLowerCase()} round by round`)));
    const last = historyPoints.at(-1);
    chart.append(svg('text', { x: Math.min(last.at + 4, W - right - 50), y: y(last.value) - 6, 'font-size': 11, 'font-weight': 700, fill: '#111' }, 'History'));
  }
  chart.append(svg('polyline', { points: points.map((p, i) => `${x(i)},${y(p.value)}`).join(' '), fill: 'none', stroke: '#1d4e89', 'stroke-width': 3 }));
  points.forEach((p, i) => {
    const prev = i ? points[i - 1].value : p.value;
    const shape = p.value > prev ? svg('path', { d: `M${x(i)},${y(p.value) - 6} l6,10 h-12 z`, fill: '#a4161a' })
      : p.value < prev ? svg('path', { d: `M${x(i)},${y(p.value) + 6} l6,-10 h-12 z`, fill: '#2d6a4f' })
      : svg('circle', { cx: x(i), cy: y(p.value), r: 4, fill: '#1d4e89' });
    shape.append(svg('title', {}, `${rules.entry(p.entry)} → ${track.name} ${p.value}`));
    chart.append(shape);
  });
  chart.append(svg('text', { x: left, y: H - 6, 'font-size': 11, fill: '#555' }, `▲ escalation   ▼ de-escalation   ● no change   ⚡ inject (orange)${history ? '   ┄ history (black)' : ''}`));
  fill($('#chart'), chart,
    h('details', {}, h('summary', {}, 'The chart as a table'),
      h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Round'), h('th', { scope: 'col' }, 'What happened'), h('th', { scope: 'col' }, track.name))),
        h('tbody', {}, points.map((p) => h('tr', {}, h('td', {}, String(p.round)), h('td', {}, rules.entry(p.entry)), h('td', {}, String(p.value))))))));
}

function longDate(text) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  return new Date(`${text}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function drawCompare(v) {
  const hist = rules.data.historical;
  const ours = new Set(v.bound_clauses);
  const theirs = new Set(hist?.clauses || []);
  fill($('#compare'),
    h('div', { class: 'card' }, h('h3', {}, 'At your table'),
      h('p', {}, h('strong', {}, v.outcome ? outcomeName(v.outcome) : 'Not over'), v.termination ? ` — ${v.termination}` : ''),
      h('p', {}, `Tension ended at ${v.tracks[rules.clashTrack.id]} (${rules.valueLabel(rules.clashTrack.id, v.tracks[rules.clashTrack.id])}).`),
      ours.size ? h('ul', {}, [...ours].map((c) => h('li', {}, rules.clauseTitle(c), theirs.has(c) ? ' — ✔ as in history' : ' — not in the historical deal')))
        : h('p', {}, 'No clause was agreed.')),
    hist ? h('div', { class: 'card' }, h('h3', {}, `In history: ${longDate(hist.date)}`), h('p', {}, hist.summary),
      h('ul', {}, hist.clauses.map((c) => h('li', {}, h('strong', {}, rules.clauseTitle(c)), `: ${rules.clauses.get(c)?.text || ''}`,
        ours.has(c) ? ' — ✔ agreed at your table too' : ' — ✗ not agreed at your table')))) : h('p', {}, 'This scenario has no historical outcome.'));
}

function drawScores(v, roster) {
  if (!v.delegations || !v.scores) {
    fill($('#scores'), h('p', { class: 'hint' }, 'Objectives stay secret until the game is over.'));
    return;
  }
  const order = Object.keys(v.scores).sort((a, b) => v.scores[b] - v.scores[a]);
  fill($('#scores'), h('table', { class: 'scores' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Delegation'), h('th', { scope: 'col' }, 'Played by'), h('th', { scope: 'col' }, 'Secret objectives'), h('th', { scope: 'col', class: 'num' }, 'Score'))),
    h('tbody', {}, order.map((seat) => {
      const r = roster?.seats?.[seat];
      return h('tr', { 'data-seat': seat }, h('th', { scope: 'row' }, rules.seatName(seat)),
        h('td', {}, r?.bot ? `bot (${r.bot})` : (r?.players || []).map((p) => p.nickname).join(', ') || '—'),
        h('td', {}, h('ul', { class: 'objectives' }, v.delegations[seat].objectives.map((o) => h('li', { class: o.met ? 'met' : 'unmet' },
          o.met ? '✔ met: ' : '✗ missed: ', o.text, ` (${o.points} pts)`)))),
        h('td', { class: 'num' }, String(v.scores[seat])));
    }))));
}

function drawProposals(v) {
  fill($('#proposals'), v.proposals.length ? h('table', {},
    h('thead', {}, h('tr', {}, ['#', 'Round', 'Tabled by', 'Clauses', 'Status', 'Signed by', 'Answers'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, v.proposals.map((p) => h('tr', { 'data-proposal': p.id }, h('td', {}, `#${p.id}`), h('td', {}, String(p.round)), h('td', {}, rules.byline(p.by, p)),
      h('td', {}, p.clauses.map((c) => rules.clauseTitle(c)).join(', ')), h('td', {}, p.status),
      h('td', {}, p.signatures.map((s) => rules.seatName(s)).join(', ') || '—'),
      h('td', {}, Object.entries(p.responses).map(([s, a]) => `${rules.seatName(s)}: ${a}`).join('; ') || '—')))))
    : h('p', { class: 'hint' }, 'No proposal was tabled.'));
}

function drawMoves(entries) {
  const kinds = ['event_revealed', 'event_injected', 'card_resolved', 'card_fizzled', 'agreement_bound'];
  const moves = entries.filter((e) => kinds.includes(e.type));
  fill($('#moves'), moves.length ? h('table', { class: 'moves' },
    h('thead', {}, h('tr', {}, ['Round', 'Who', 'Move', 'What it changed'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, moves.map((e) => {
      const who = e.seat ? rules.seatName(e.seat) : e.type.startsWith('event') ? (e.type === 'event_injected' ? 'Inject' : 'Event') : 'Agreement';
      const what = e.type === 'card_resolved' ? rules.cardName(e.card) : e.type === 'card_fizzled' ? `${rules.cardName(e.card)} (fizzled)`
        : e.type === 'agreement_bound' ? e.clauses.map((c) => rules.clauseTitle(c)).join(' + ') : e.title;
      const changed = e.type === 'card_fizzled' ? e.reason : rules.changes(e.changes).join('; ') || 'no visible change';
      const mark = e.stand_in ? h('span', { class: 'stand-in-mark' }, ` (played by a bot for ${rules.seatName(e.seat)})`) : null;
      return h('tr', {}, h('td', {}, String(e.round)), h('td', {}, who, mark), h('td', {}, what), h('td', {}, changed));
    }))) : h('p', { class: 'hint' }, 'No move was played.'));
}

function drawReplay(v, entries) {
  if (!entries.length) return;
  const snapshots = replaySnapshots(v, entries);
  let at = 0;
  const slider = h('input', { type: 'range', id: 'replay-at', min: 0, max: entries.length - 1, value: 0, 'aria-label': 'Step of the replay' });
  const step = h('p', { class: 'replay-step', 'aria-live': 'polite', id: 'replay-step' });
  const board = h('div', { class: 'replay-board' });
  const show = (i) => {
    at = Math.max(0, Math.min(entries.length - 1, i));
    slider.value = String(at);
    const e = entries[at];
    fill(step, `Step ${at + 1} of ${entries.length} · round ${e.round}, ${phaseName(e.phase)}: `, rules.entry(e));
    fill(board, tracksPanel(rules, snapshots[at]));
  };
  slider.addEventListener('input', () => show(Number(slider.value)));
  const jump = (label, to) => h('button', { type: 'button', onclick: () => show(to()) }, label);
  const nextMove = () => {
    for (let i = at + 1; i < entries.length; i += 1) if ((entries[i].changes || []).length || entries[i].type === 'round_started') return i;
    return entries.length - 1;
  };
  fill($('#replay'), h('div', { class: 'replay-controls' },
    jump('« Start', () => 0), jump('‹ Back', () => at - 1), slider, jump('Next ›', () => at + 1), jump('Next change »', nextMove), jump('End', () => entries.length - 1)),
  step, board);
  show(0);
}
