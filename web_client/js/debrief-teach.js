// The parts of the debrief that teach: history's scorecard beside the table's, the real timeline
// and what came next (from the teacher's guide), discussion prompts chosen from this table's
// outcome and key moments, and — for the facilitator only — who did what, per person.
import { $, h, fill } from './dom.js';
import { outcomeName } from './rules.js';
import { loadGuide, facilitatorGet, dateText } from './teach.js';

/** A log entry in a few words: who played what, or which event. */
function briefly(rules, e) {
  if (e.type === 'card_resolved') return `${rules.seatName(e.seat)}: ${rules.cardName(e.card)}`;
  if (e.type === 'event_revealed' || e.type === 'event_injected') return `${e.type === 'event_injected' ? 'Inject' : 'Event'}: ${e.title}`;
  if (e.type === 'agreement_bound') return `Agreement: ${e.clauses.map((c) => rules.clauseTitle(c)).join(' + ')}`;
  return rules.entry(e);
}

/** Key moments of the table's game, found in its log: [{moment, round, text}]. */
export function keyMoments(rules, v, entries) {
  const track = rules.clashTrack.id;
  const found = [];
  const rise = entries.find((e) => (e.changes || []).some((c) => c.track === track && !c.seat && c.after > c.before)
    && e.type !== 'round_started');
  if (rise) {
    const c = rise.changes.find((x) => x.track === track && !x.seat);
    found.push({ moment: 'first_escalation', round: rise.round, text: `${briefly(rules, rise)} (${rules.trackName(track)} ${c.before} → ${c.after})` });
  }
  for (const e of entries) {
    if (e.type === 'event_injected') found.push({ moment: 'inject', round: e.round, text: briefly(rules, e) });
    if (e.type === 'proposal_answered' && e.status === 'rejected') found.push({ moment: 'rejected', round: e.round, text: rules.entry(e) });
    if (e.type === 'agreement_bound') found.push({ moment: 'agreement', round: e.round, text: briefly(rules, e) });
  }
  if (v.outcome === 'armed_clash') {
    const last = [...entries].reverse().find((e) => (e.changes || []).some((c) => c.track === track && !c.seat && c.after >= rules.clashTrack.max));
    found.push({ moment: 'clash', round: last?.round ?? v.round, text: last ? briefly(rules, last) : outcomeName('armed_clash') });
  }
  return found;
}

/** The questions for this table: its outcome's, then one per key moment (with what happened),
 * then the ones for every table. */
export function prompts(guide, rules, v, entries) {
  const d = guide?.discussion;
  if (!d) return [];
  const out = [];
  for (const q of (v.outcome && d[v.outcome]) || []) out.push({ kind: v.outcome, question: q });
  const asked = new Set();
  for (const m of keyMoments(rules, v, entries)) {
    const questions = d.moments?.[m.moment] || [];
    if (!questions.length || asked.has(m.moment)) continue;
    asked.add(m.moment);
    out.push({ kind: m.moment, question: questions[0], context: `Round ${m.round}: ${m.text}` });
  }
  for (const q of d.any) out.push({ kind: 'any', question: q });
  return out;
}

const MOMENT_NAMES = { first_escalation: 'The first escalation', agreement: 'The agreement', clash: 'The clash', inject: 'An inject', rejected: 'A rejected proposal', any: 'For every table' };

function drawPrompts(list, v) {
  fill($('#prompts'), list.length ? h('ol', { class: 'prompts' }, list.map((p) => h('li', { 'data-kind': p.kind },
    h('span', { class: 'kicker' }, MOMENT_NAMES[p.kind] || `Because the table ended in ${outcomeName(p.kind).toLowerCase()}`),
    h('p', { class: 'prompt-q' }, p.question),
    p.context ? h('p', { class: 'hint' }, p.context) : null)))
    : h('p', { class: 'hint' }, v.phase === 'over' ? 'This scenario’s guide has no discussion questions.' : 'Questions are chosen when the game is over.'));
}

function drawTimeline(guide) {
  if (!guide?.timeline?.length) { $('#real-section').hidden = true; return; }
  const dated = (items) => h('ol', { class: 'timeline' }, items.map((e) => h('li', {},
    h('time', { datetime: e.date.split('/')[0] }, dateText(e.date)), h('span', {}, e.text))));
  fill($('#real-timeline'),
    h('div', {}, h('h3', {}, 'What really happened'), dated(guide.timeline)),
    guide.aftermath?.length ? h('div', {}, h('h3', {}, 'What happened next'), dated(guide.aftermath)) : null);
}

function drawScorecard(rules, v, card) {
  const yours = v.scores || null;
  fill($('#scorecard'),
    h('p', {}, `History reached ${outcomeName(card.outcome).toLowerCase()} on ${dateText(card.date)}. `,
      'The real moves and the real agreement were played through this game’s rules, and each delegation’s secret objectives scored on where they left the crisis.'),
    h('table', { class: 'scores history-scores' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Delegation'), h('th', { scope: 'col', class: 'num' }, 'Your table'),
        h('th', { scope: 'col', class: 'num' }, 'History'), h('th', { scope: 'col' }, 'Objectives in history'))),
      h('tbody', {}, rules.data.seats.map((seat) => h('tr', { 'data-seat': seat.id },
        h('th', { scope: 'row' }, seat.name),
        h('td', { class: 'num' }, yours ? String(yours[seat.id]) : '—'),
        h('td', { class: 'num history-score' }, String(card.scores[seat.id])),
        h('td', {}, h('ul', { class: 'objectives' }, card.objectives[seat.id].map((o) => h('li', { class: o.met ? 'met' : 'unmet' },
          o.met ? '✔ ' : '✗ ', o.text)))))))));
}

function drawContributions(people) {
  const columns = ['messages', 'statements', 'proposals', 'answers', 'signatures', 'orders submitted'];
  fill($('#contributions'), people.length ? h('table', { class: 'scores contributions' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Person'), h('th', { scope: 'col' }, 'Delegation'),
      columns.map((c) => h('th', { scope: 'col', class: 'num' }, c)))),
    h('tbody', {}, people.map((p) => h('tr', {}, h('th', { scope: 'row' }, p.person, p.head ? ' (head)' : ''), h('td', {}, p.delegation),
      columns.map((c) => h('td', { class: 'num' }, String(p[c] ?? 0)))))))
    : h('p', { class: 'hint' }, 'Nobody played in person at this table.'));
}

/** Draw the teaching parts. `token`: the facilitator's, when this browser holds it. */
export async function drawTeaching({ rules, v, entries, game, token }) {
  const guide = await loadGuide(v.scenario).catch(() => null);
  drawTimeline(guide);
  drawPrompts(v.phase === 'over' ? prompts(guide, rules, v, entries) : [], v);
  const over = v.phase === 'over';
  // A made-up scenario may name a "history" to compare clauses with, but has no date to score.
  const real = rules.data.historical && /^\d{4}/.test(rules.data.historical.date);
  if (real && (over || token)) {
    try {
      drawScorecard(rules, v, await facilitatorGet(`/api/games/${encodeURIComponent(game)}/history`, token));
    } catch (error) {
      fill($('#scorecard'), h('p', { class: 'error' }, error.message));
    }
  } else {
    fill($('#scorecard'), h('p', { class: 'hint' }, real
      ? 'History’s scorecard names every delegation’s objectives: it opens when the game is over.' : 'This scenario has no history to score.'));
  }
  const box = $('#contributions-section');
  box.hidden = !token;
  if (token) drawContributions((await facilitatorGet(`/api/games/${encodeURIComponent(game)}/contributions`, token)).people);
}
