// The teacher's guide of a scenario (/guide/<scenario-id>), drawn from the guide's data
// (GET /api/scenarios/<id>/guide). Every string goes in as text.
import { $, h, fill } from './dom.js';
import { outcomeName } from './rules.js';
import { loadGuide, dateText, minutesText } from './teach.js';

const scenarioId = decodeURIComponent(window.location.pathname.split('/').filter(Boolean)[1] || '');
const OUTCOME_ORDER = ['agreement', 'armed_clash', 'de_escalated', 'deadlock'];

const section = (id, title, ...body) => h('section', { id, 'aria-labelledby': `${id}-h`, class: 'guide-section' },
  h('h2', { id: `${id}-h` }, title), ...body);
const list = (items, tag = 'ul') => h(tag, {}, items.map((text) => h('li', {}, text)));

function roles(items) {
  return h('table', { class: 'guide-table' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Role'), h('th', { scope: 'col' }, 'Side'))),
    h('tbody', {}, items.map((p) => h('tr', {}, h('th', { scope: 'row' }, p.name), h('td', {}, p.role), h('td', {}, p.side || '')))));
}

export function datedList(items, cls = 'timeline') {
  return h('ol', { class: cls }, items.map((e) => h('li', {},
    h('time', { datetime: e.date.split('/')[0] }, dateText(e.date)), h('span', {}, e.text))));
}

function discussion(d) {
  const outcomes = Object.keys(d).filter((k) => k !== 'any' && k !== 'moments')
    .sort((a, b) => (OUTCOME_ORDER.indexOf(a) + 99) % 99 - (OUTCOME_ORDER.indexOf(b) + 99) % 99);
  return [
    h('h3', {}, 'For every table'), list(d.any, 'ol'),
    outcomes.map((o) => [h('h3', {}, `If the table ended in ${outcomeName(o).toLowerCase()}`), list(d[o], 'ol')]),
    Object.keys(d.moments || {}).length ? [h('h3', {}, 'On key moments (the debrief picks these from the table’s log)'),
      list(Object.values(d.moments).flat())] : null,
  ];
}

/** A wide table scrolls sideways on a phone, in a region the keyboard can reach. */
const scroller = (label, table) => h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': label }, table);

function rubric(r) {
  return scroller('Assessment rubric', h('table', { class: 'guide-table rubric' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Criterion'), r.levels.map((l) => h('th', { scope: 'col' }, l)))),
    h('tbody', {}, r.criteria.map((c) => h('tr', {}, h('th', { scope: 'row' }, c.name), c.descriptors.map((d) => h('td', {}, d)))))));
}

function timingPlan(plan) {
  return h('div', { class: 'plan', 'data-plan': plan.id },
    h('h3', {}, plan.name),
    h('p', { class: 'plan-facts' }, `${plan.rounds} rounds · orders ${minutesText(plan.timers.orders)}, talks ${minutesText(plan.timers.talks)} a round`,
      plan.deadline === 'bot' ? ' · at a deadline, a bot plays for a delegation that has not acted' : ''),
    plan.note ? h('p', {}, plan.note) : null,
    plan.agenda.every((a) => a.minutes) ? h('table', { class: 'guide-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'num' }, 'Minutes'), h('th', { scope: 'col' }, 'What'))),
      h('tbody', {}, plan.agenda.map((a) => h('tr', {}, h('td', { class: 'num' }, String(a.minutes)), h('td', {}, a.what)))))
      : list(plan.agenda.map((a) => a.what), 'ol'));
}

function draw(g) {
  document.title = `${g.title} — Crisis Table`;
  const parts = [
    ['overview', 'Overview', () => [h('p', {}, g.overview), g.audience ? h('p', {}, h('strong', {}, 'For: '), g.audience) : null]],
    ['source', 'The source and where the game simplifies', () => [h('p', {}, g.source_note), g.simplifications.length ? list(g.simplifications) : null]],
    ['objectives', 'Learning objectives', () => list(g.objectives, 'ol')],
    ['timing', 'Timing plans', () => [h('p', { class: 'hint no-print' }, 'Each plan is a session preset on the facilitator page: it sets the rounds and the phase timers.'), g.timing.map(timingPlan)]],
    ['map', 'Map', () => g.map && h('figure', { class: 'guide-map' },
      h('img', { src: `/api/scenarios/${encodeURIComponent(g.scenario)}/${g.map.file}`, alt: g.map.alt, width: 800, height: 600 }),
      h('figcaption', {}, g.map.caption))],
    ['people', 'Who’s who', () => (g.people.length || g.institutions.length) && [
      g.people.length ? [h('h3', {}, 'People'), roles(g.people)] : null,
      g.institutions.length ? [h('h3', {}, 'Institutions'), roles(g.institutions)] : null]],
    ['glossary', 'Glossary', () => g.glossary.length && h('dl', { class: 'glossary' }, g.glossary.map((t) => [h('dt', {}, t.term), h('dd', {}, t.meaning)]))],
    ['timeline', 'Timeline of the real events', () => g.timeline.length && datedList(g.timeline)],
    ['aftermath', 'What happened next', () => g.aftermath.length && datedList(g.aftermath)],
    ['readings', 'Readings', () => g.readings.length && h('ul', { class: 'readings' }, g.readings.map((r) => h('li', {},
      h('cite', {}, r.title), `. ${r.by}`, r.date ? `, ${dateText(r.date)}` : '', '.', r.note ? h('span', { class: 'hint' }, ` ${r.note}`) : null)))],
    ['discussion', 'Discussion questions', () => g.discussion && discussion(g.discussion)],
    ['rubric', 'Assessment rubric', () => g.rubric && rubric(g.rubric)],
  ];
  const shown = parts.map(([id, title, body]) => [id, title, body()]).filter(([, , body]) => body);
  fill($('#guide'),
    h('header', { class: 'guide-head' }, h('p', { class: 'kicker' }, g.scenario_title), h('h1', {}, g.title),
      h('p', { class: 'no-print' }, h('button', { type: 'button', onclick: () => window.print() }, 'Print the guide'))),
    h('nav', { 'aria-label': 'Contents', class: 'guide-toc no-print' }, h('h2', {}, 'Contents'),
      h('ol', {}, shown.map(([id, title]) => h('li', {}, h('a', { href: `#${id}` }, title))))),
    shown.map(([id, title, body]) => section(id, title, body)));
  $('#guide').setAttribute('aria-busy', 'false');
}

loadGuide(scenarioId).then((g) => {
  if (!g) { $('#problem').textContent = `There is no teacher's guide for “${scenarioId}”.`; return; }
  draw(g);
}).catch((error) => { $('#problem').textContent = error.message; });
