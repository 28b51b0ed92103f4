// The projector: public state only (the server sends it the spectator view), in large type for
// the back of a classroom — tension, crossings and forces, phase and timer, statements, agreements.
import { $, h, fill, params, announce } from './dom.js';
import { Link } from './link.js';
import { scenario as loadScenario } from './api.js';
import { Rules, phaseName, outcomeName } from './rules.js';
import { ladder, tracksPanel, TimerView, statusLine } from './widgets.js';

const code = params().get('code');
const timer = new TimerView($('#timer'));
const statements = new Map();
let rules = null;
let last = null;

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
      // Statements of earlier rounds, for the feed.
      let since = 0;
      while (since !== null) {
        const page = await link.send('log', { since, limit: 200 });
        for (const e of page.entries) if (e.type === 'statement' || e.type === 'announcement') statements.set(e.n, e);
        since = page.next;
      }
      if (answer?.update) draw(answer.update);
    },
  });
}

async function draw(update) {
  rules = rules || new Rules(await loadScenario(update.view.scenario));
  const v = update.view;
  for (const e of v.log) if (e.type === 'statement' || e.type === 'announcement') statements.set(e.n, e);
  if (last && (last.phase !== v.phase || last.round !== v.round)) {
    announce(v.phase === 'over' ? `Game over: ${outcomeName(v.outcome)}` : `Round ${v.round}: ${phaseName(v.phase)}`, 'phase-news');
  }
  last = { phase: v.phase, round: v.round };
  document.title = `${rules.data.title} — projector`;
  $('#title').textContent = rules.data.title;
  $('#phase').textContent = v.phase === 'lobby' ? `Lobby — join with code ${code.toUpperCase()}`
    : v.phase === 'over' ? 'Game over' : `Round ${v.round} of ${v.rounds} · ${phaseName(v.phase)}`;
  $('#phase').dataset.phase = v.phase;
  timer.set(update.timer);
  fill($('#outcome'), v.phase === 'over' ? h('div', { class: `banner outcome-${v.outcome}` }, h('strong', {}, outcomeName(v.outcome)), ` — ${v.termination}. `,
    h('a', { href: `/debrief?code=${encodeURIComponent(code)}` }, 'Show the debrief'), ' · ',
    h('a', { href: `/class?codes=${encodeURIComponent(new URLSearchParams(window.location.search).get('class') || code)}` }, 'Compare the class’s tables')) : null);
  const clash = rules.clashTrack;
  const value = v.tracks[clash.id];
  fill($('#tension'), h('p', { class: 'tension-number', 'data-track': clash.id, 'data-value': value, 'aria-label': `Tension ${value} of ${clash.max}` }, `${value}`, h('span', { class: 'hint' }, ` / ${clash.max}`),
    h('span', { class: 'tension-label' }, ` ${rules.valueLabel(clash.id, value)}`)), ladder(rules, clash, value));
  const event = v.event && rules.events.get(v.event);
  fill($('#event'), event ? h('div', { class: 'event card' }, h('span', { class: 'kicker' }, `Round ${v.round} event: `), h('strong', {}, event.title), ' — ', event.text) : null);
  fill($('#ground'), tracksPanel(rules, v.tracks, { skipClash: true, except: ['issues'] }));
  fill($('#issues'), tracksPanel(rules, v.tracks, { skipClash: true, only: ['issues'] }));
  const bound = v.proposals.filter((p) => p.status === 'bound');
  const open = v.proposals.filter((p) => p.status === 'open');
  fill($('#agreements'), bound.length ? h('ul', {}, bound.map((p) => h('li', { 'data-proposal': p.id }, h('strong', {}, p.clauses.map((c) => rules.clauseTitle(c)).join(' + ')),
    ` — signed by ${p.signatures.map((s) => rules.seatName(s)).join(', ')}`))) : h('p', { class: 'hint' }, 'No agreement yet.'),
  open.length ? h('p', {}, `On the table: ${open.map((p) => `#${p.id} ${p.clauses.map((c) => rules.clauseTitle(c)).join(' + ')} (${p.signatures.length}/${p.parties.length} signed)`).join('; ')}`) : null);
  const feed = [...statements.values()].sort((a, b) => b.n - a.n).slice(0, 6);
  fill($('#statements'), feed.length ? feed.map((e) => h('li', { class: e.type },
    h('span', { class: 'who' }, e.type === 'announcement' ? 'Facilitator' : rules.seatName(e.seat)), ': ', h('span', { class: 'text' }, e.text)))
    : h('li', { class: 'hint' }, 'No statements yet.'));
  const moves = v.log.filter((e) => ['event_injected', 'card_resolved', 'card_fizzled', 'agreement_bound', 'game_over'].includes(e.type));
  fill($('#moves'), moves.length ? h('ol', { class: 'log' }, moves.map((e) => h('li', {}, rules.entry(e))))
    : h('p', { class: 'hint' }, v.phase === 'orders' ? `Delegations are choosing their moves in secret: ${Object.values(v.seats).filter((s) => s.ordered).length} of ${Object.keys(v.seats).length} have ordered.` : 'Nothing yet.'));
}
