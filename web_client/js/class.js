// The class debrief (/class?codes=CODE,CODE,...): a class's tables side by side, for the
// projector — outcomes, tension curves overlaid with history as a reference line, the clauses
// each table agreed, and the scores once a table is over. It watches each table as a spectator
// would, so it shows only what is public (objectives and scores appear when a game is over).
import { $, h, fill, params } from './dom.js';
import { Link, readLog } from './link.js';
import { scenario as loadScenario } from './api.js';
import { Rules, outcomeName, phaseName } from './rules.js';
import { statusLine } from './widgets.js';
import { dateText } from './teach.js';
import { fitScreen } from './fit.js';

const SVG = 'http://www.w3.org/2000/svg';
// Okabe–Ito colours (told apart with colour blindness), each with its own dash pattern too.
const STYLES = [['#0072B2', ''], ['#D55E00', '8 4'], ['#009E73', '2 4'], ['#CC79A7', '10 3 2 3'],
  ['#E69F00', '14 5'], ['#56B4E9', '4 3'], ['#F0E442', '1 3'], ['#999999', '6 2 2 2']];

const codes = (params().get('codes') || params().get('class') || '').split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);
const tables = []; // {code, label, view, entries}
let rules = null;
let history = null;

$('#add-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const code = $('#add-code').value.trim().toUpperCase();
  if (code && !codes.includes(code)) window.location.search = `?codes=${[...codes, code].join(',')}`;
});

function watchOnce(code) {
  return new Promise((resolve, reject) => {
    const link = new Link({
      hello: (l) => l.send('join', { code, nickname: 'class debrief', role: 'spectator' }),
      onStatus: (status, detail) => { if (status === 'failed') { link.close(); reject(new Error(`${code}: ${detail?.message || 'no such table'}`)); } },
      onHello: async (answer) => {
        const entries = [];
        await readLog(link, (page) => entries.push(...page));
        link.close();
        resolve({ code, view: answer.update.view, roster: answer.update.roster, entries });
      },
    });
  });
}

/** The clash track at the end of each round: [{round, value}], from round 0 (the start). */
function curve(entries, view) {
  const track = rules.clashTrack;
  // The public rules carry no starting values: the first change on the track says where it was.
  const first = entries.flatMap((e) => e.changes || []).find((c) => c.track === track.id && !c.seat);
  let value = first ? first.before : view.tracks[track.id];
  const byRound = new Map([[0, value]]);
  for (const e of entries) {
    for (const c of e.changes || []) if (c.track === track.id && !c.seat) value = c.after;
    if (e.round) byRound.set(e.round, value);
  }
  return [...byRound].map(([round, v]) => ({ round, value: v }));
}

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const child of children) el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return el;
}

function drawCurves() {
  const track = rules.clashTrack;
  const rounds = Math.max(...tables.map((t) => t.view.rounds), history ? history.tension.at(-1).round : 1);
  // Wide and low, the shape of what a projector leaves below the cards; type in the chart's units
  // comes out about as large as the page's at 1280×720 and 1920×1080.
  const W = 960; const H = 380; const left = 220; const right = 110; const top = 14; const bottom = 36; const FONT = 17; const GAP = FONT + 4;
  const x = (r) => left + (r * (W - left - right)) / Math.max(1, rounds);
  const y = (v) => top + ((track.max - v) * (H - top - bottom)) / Math.max(1, track.max - track.min);
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'curves-title' },
    svg('title', { id: 'curves-title' }, `${track.name} by round at each table${history ? ', with history as a reference' : ''}`));
  for (let v = track.min; v <= track.max; v += 1) {
    chart.append(svg('line', { x1: left, x2: W - right, y1: y(v), y2: y(v), stroke: v === track.max ? '#a4161a' : '#e3e0d8' }),
      svg('text', { x: left - 6, y: y(v) + 6, 'text-anchor': 'end', 'font-size': FONT, fill: '#333' }, `${v} ${rules.valueLabel(track.id, v)}`.slice(0, 24)));
  }
  for (let r = 0; r <= rounds; r += 1) {
    chart.append(svg('text', { x: x(r), y: H - 10, 'text-anchor': 'middle', 'font-size': FONT, fill: '#333' }, r ? `Round ${r}` : 'Start'));
  }
  const ends = [];
  const line = (points, attrs, label, cls) => {
    chart.append(svg('polyline', { class: cls, points: points.map((p) => `${x(p.round)},${y(p.value)}`).join(' '), fill: 'none', ...attrs },
      svg('title', {}, label)));
    const last = points.at(-1);
    ends.push({ x: x(last.round) + 6, y: y(last.value) + 5, label, fill: attrs.stroke });
  };
  if (history) line(history.tension, { stroke: '#111', 'stroke-width': 3, 'stroke-dasharray': '3 3' }, `History (${dateText(history.date)})`, 'history-line');
  tables.forEach((t, i) => line(curve(t.entries, t.view), { stroke: STYLES[i % 8][0], 'stroke-width': 4, 'stroke-dasharray': STYLES[i % 8][1] }, t.label, 'table-line'));
  // End labels: moved down until they no longer touch the one above.
  ends.sort((a, b) => a.y - b.y);
  ends.forEach((e, i) => { if (i && e.y - ends[i - 1].y < GAP) e.y = ends[i - 1].y + GAP; });
  const lowest = H - bottom - 4; // and none below the chart, where the round names are
  for (let i = ends.length - 1; i >= 0; i -= 1) {
    const limit = i === ends.length - 1 ? lowest : ends[i + 1].y - GAP;
    if (ends[i].y > limit) ends[i].y = limit;
  }
  for (const e of ends) chart.append(svg('text', { class: 'end-label', x: e.x, y: e.y, 'font-size': FONT, 'font-weight': 700, fill: e.fill === '#F0E442' ? '#8a7d00' : e.fill }, e.label.split(' (')[0]));
  fill($('#curves'), chart,
    h('ul', { class: 'legend' }, history ? h('li', {}, h('span', { class: 'swatch history' }), `History: ${outcomeName(history.outcome).toLowerCase()} on ${dateText(history.date)}`) : null,
      tables.map((t, i) => h('li', {}, h('span', { class: 'swatch', style: null, 'data-colour': i % 8 }), `${t.label}: ${where(t.view)}`))));
}

/** Where a table is: its outcome once over, else its round and phase. */
function where(view) {
  if (view.phase === 'over') return outcomeName(view.outcome);
  return view.phase === 'lobby' ? 'In the lobby' : `Playing: round ${view.round}, ${phaseName(view.phase)}`;
}

function drawOutcomes() {
  fill($('#outcomes'), tables.map((t, i) => h('article', { class: `card class-table outcome-${t.view.outcome || 'none'}`, 'data-code': t.code },
    h('h2', {}, h('span', { class: 'swatch', 'data-colour': i % 8 }), t.label),
    h('p', { class: 'class-outcome' }, where(t.view)),
    h('p', { class: 'facts' }, `${rules.clashTrack.name} ${t.view.tracks[rules.clashTrack.id]}: ${rules.valueLabel(rules.clashTrack.id, t.view.tracks[rules.clashTrack.id])}`),
    h('p', { class: 'facts' }, `${t.view.moves_made} moves · ${t.view.bound_clauses.length} clause${t.view.bound_clauses.length === 1 ? '' : 's'} agreed`))));
}

function drawClauses() {
  const hist = new Set(history?.clauses || []);
  const shown = rules.data.clauses.filter((c) => hist.has(c.id) || tables.some((t) => t.view.bound_clauses.includes(c.id)));
  const yes = (b) => (b ? '✔' : '—');
  fill($('#clauses'), shown.length ? h('table', { class: 'scores class-matrix' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Clause'), tables.map((t) => h('th', { scope: 'col' }, t.label)), history ? h('th', { scope: 'col' }, 'History') : null)),
    h('tbody', {}, shown.map((c) => h('tr', { 'data-clause': c.id }, h('th', { scope: 'row' }, c.title),
      tables.map((t) => h('td', { class: 'mark' }, yes(t.view.bound_clauses.includes(c.id)))),
      history ? h('td', { class: 'mark' }, yes(hist.has(c.id))) : null))))
    : h('p', { class: 'hint' }, 'No table agreed any clause.'));
}

function drawScores() {
  fill($('#class-scores'), h('table', { class: 'scores class-matrix' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Delegation'), tables.map((t) => h('th', { scope: 'col', class: 'num' }, t.label)))),
    h('tbody', {}, rules.data.seats.map((seat) => h('tr', { 'data-seat': seat.id }, h('th', { scope: 'row' }, seat.name),
      tables.map((t) => h('td', { class: 'num' }, t.view.scores ? String(t.view.scores[seat.id]) : 'not over')))))),
  h('p', { class: 'hint' }, 'A table’s scores appear when its game is over: they follow from objectives that stay secret until then.'));
}

// The same query as class.css: a screen big enough to be laid out as one screen. A phone scrolls,
// so there is nothing to fit there, and its type stays full size.
const oneScreen = window.matchMedia('(min-width: 700px) and (min-height: 500px)');
function fit() {
  if (oneScreen.matches) fitScreen();
  else document.documentElement.style.removeProperty('--fit');
}

/** One view at a time (a projector has one screen): the tab's section shows, the others hide. */
function showView(name) {
  for (const button of document.querySelectorAll('[data-tab]')) button.setAttribute('aria-current', button.dataset.tab === name ? 'page' : 'false');
  for (const section of document.querySelectorAll('[data-view]')) section.hidden = section.dataset.view !== name;
  fit();
}

for (const button of document.querySelectorAll('[data-tab]')) button.addEventListener('click', () => showView(button.dataset.tab));
window.addEventListener('resize', fit);

async function main() {
  if (!codes.length) { $('#problem').textContent = 'Give the join codes of the tables (?codes=ABC123,DEF456), or add one above.'; return; }
  statusLine($('#status'), 'joining');
  const loaded = await Promise.allSettled(codes.map(watchOnce));
  const problems = loaded.filter((r) => r.status === 'rejected').map((r) => r.reason.message);
  loaded.forEach((r, i) => { if (r.status === 'fulfilled') tables.push({ ...r.value, label: `Table ${i + 1}` }); });
  $('#problem').textContent = problems.join(' ');
  if (!tables.length) return;
  const scenarioId = tables[0].view.scenario;
  const others = tables.filter((t) => t.view.scenario !== scenarioId);
  if (others.length) $('#problem').textContent += ` Left out (another scenario): ${others.map((t) => t.code).join(', ')}.`;
  tables.splice(0, tables.length, ...tables.filter((t) => t.view.scenario === scenarioId));
  tables.forEach((t, i) => { t.label = `Table ${i + 1} (${t.code})`; });
  rules = new Rules(await loadScenario(scenarioId));
  const answer = await fetch(`/api/scenarios/${encodeURIComponent(scenarioId)}/history`);
  history = answer.ok ? await answer.json() : null;
  if (history && !/^\d{4}/.test(history.date)) history = null; // a made-up scenario: no history to draw
  $('#title').textContent = `Class debrief — ${rules.data.title}`;
  document.title = `Class debrief: ${rules.data.title}`;
  $('#class').hidden = false;
  drawOutcomes();
  drawCurves();
  drawClauses();
  drawScores();
  fill($('#status'), `✓ ${tables.length} table${tables.length === 1 ? '' : 's'}`);
  showView('tension');
}

main().catch((error) => { $('#problem').textContent = error.message; });
