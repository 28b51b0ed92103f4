// The after-action report (/report?game=ID): one printable document with the outcome, the
// game's timeline round by round, the agreements, the scores with the objectives revealed,
// participation per person and the discussion prompts. It reads the facilitator's export (the
// token from this browser, or the address's #token= fragment, sent in a header).
import { $, h, fill, params } from './dom.js';
import { scenario as loadScenario } from './api.js';
import { Rules, outcomeName } from './rules.js';
import { facilitatorOf } from './store.js';
import { facilitatorGet, loadGuide, dateText } from './teach.js';
import { prompts } from './debrief-teach.js';

const game = params().get('game');
const token = new URLSearchParams(window.location.hash.slice(1)).get('token') || facilitatorOf(game)?.token;
const MOVES = ['event_revealed', 'event_injected', 'card_resolved', 'card_fizzled', 'agreement_bound', 'statement', 'announcement'];

const section = (id, title, ...body) => h('section', { id, 'aria-labelledby': `${id}-h`, class: 'report-section' }, h('h2', { id: `${id}-h` }, title), ...body);

function timeline(rules, log) {
  const rounds = new Map();
  for (const e of log.filter((x) => MOVES.includes(x.type))) {
    if (!rounds.has(e.round)) rounds.set(e.round, []);
    rounds.get(e.round).push(e);
  }
  return [...rounds].map(([round, entries]) => h('div', { class: 'report-round' }, h('h3', {}, `Round ${round}`),
    h('ul', {}, entries.map((e) => h('li', {}, rules.entry(e))))));
}

async function draw() {
  if (!game || !token) { $('#problem').textContent = 'This report needs the game’s facilitator token: open it from the dashboard.'; return; }
  const data = await facilitatorGet(`/api/games/${encodeURIComponent(game)}/export.json`, token);
  const people = (await facilitatorGet(`/api/games/${encodeURIComponent(game)}/contributions`, token)).people;
  const v = data.views.facilitator;
  const rules = new Rules(await loadScenario(data.scenario));
  rules.setViewer(null, true);
  const guide = await loadGuide(data.scenario).catch(() => null);
  const opened = data.log[0]?.at ? new Date(data.log[0].at * 1000).toISOString().slice(0, 10) : '';
  document.title = `After-action report: ${rules.data.title} (${data.code})`;
  const order = v.scores ? Object.keys(v.scores).sort((a, b) => v.scores[b] - v.scores[a]) : rules.data.seats.map((s) => s.id);
  const bound = v.proposals.filter((p) => p.status === 'bound');
  fill($('#report'),
    h('header', {}, h('p', { class: 'kicker' }, `${rules.data.title} · table ${data.code}${opened ? ` · ${dateText(opened)}` : ''}`),
      h('h1', {}, 'After-action report'),
      h('p', { class: 'report-outcome' }, v.outcome ? `Outcome: ${outcomeName(v.outcome)}` : 'Not over yet', v.termination ? ` — ${v.termination}` : '',
        ` · ${v.round} of ${v.rounds} rounds · ${v.moves_made} moves`)),
    section('r-agreements', 'Agreements', bound.length ? h('ul', {}, bound.map((p) => h('li', {},
      `Round ${p.round}: `, p.clauses.map((c) => rules.clauseTitle(c)).join(' + '), ` — signed by ${p.signatures.map((s) => rules.seatName(s)).join(', ')}`)))
      : h('p', {}, 'No agreement bound.')),
    section('r-scores', 'Scores and objectives', v.delegations ? h('table', { class: 'cards' },
      h('thead', {}, h('tr', {}, ['Delegation', 'Score', 'Objectives'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, order.map((seat) => h('tr', {}, h('th', { scope: 'row' }, rules.seatName(seat)), h('td', {}, v.scores ? String(v.scores[seat]) : '—'),
        h('td', {}, v.delegations[seat].objectives.map((o) => h('div', {}, o.met ? '✔ ' : '✗ ', o.text, ` (${o.points})`))))))) : null),
    section('r-people', 'Participation', people.length ? h('table', { class: 'cards' },
      h('thead', {}, h('tr', {}, ['Person', 'Delegation', 'Messages', 'Statements', 'Proposals', 'Answers', 'Signatures', 'Orders'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, people.map((p) => h('tr', {}, h('th', { scope: 'row' }, p.person, p.head ? ' (head)' : ''), h('td', {}, p.delegation),
        ['messages', 'statements', 'proposals', 'answers', 'signatures', 'orders submitted'].map((c) => h('td', {}, String(p[c])))))))
      : h('p', {}, 'Bots played every seat.')),
    section('r-prompts', 'Questions for the debrief', h('ol', {}, prompts(guide, rules, v, v.log).map((p) => h('li', {}, p.question, p.context ? h('span', { class: 'hint' }, ` (${p.context})`) : null)))),
    section('r-timeline', 'What happened, round by round', timeline(rules, v.log)));
  $('#report').setAttribute('aria-busy', 'false');
}

$('#print-now').addEventListener('click', () => window.print());
draw().catch((error) => { $('#problem').textContent = error.message; });
