// Briefing sheets to print (/print?game=ID, or ?games=ID,ID,... for a class): one sheet per
// delegation with its profile, briefing, secret objectives, the cards it may play and the join
// code. They carry secrets, so they need the facilitator token: this browser's (kept when it
// opened the game) or one given in the address's fragment (#token=...), which is never sent to
// the server; the request carries it in a header.
import { $, h, fill, params } from './dom.js';
import { facilitatorOf } from './store.js';
import { facilitatorGet } from './teach.js';
import { humanise } from './rules.js';

const query = params();
const games = (query.get('games') || query.get('game') || '').split(',').filter(Boolean);
const fragmentToken = new URLSearchParams(window.location.hash.slice(1)).get('token');

function tokenOf(game) {
  return fragmentToken || facilitatorOf(game)?.token || null;
}

function cost(card) {
  const parts = Object.entries(card.cost || {}).map(([track, n]) => `${n} ${humanise(track).toLowerCase()}`);
  return parts.length ? parts.join(', ') : 'free';
}

function sheet(data, s, label) {
  const joinUrl = `${window.location.origin}/?code=${data.code}`;
  return h('section', { class: 'sheet', 'data-seat': s.seat, 'aria-label': `Briefing sheet: ${s.name}` },
    h('header', { class: 'sheet-head' },
      h('div', {}, h('p', { class: 'kicker' }, `${data.title}${label ? ` · ${label}` : ''}`), h('h2', {}, s.name),
        h('p', { class: 'confidential' }, `Confidential: for the ${s.name} delegation only`)),
      h('div', { class: 'join' }, h('p', { class: 'kicker' }, 'Join code'), h('p', { class: 'join-code' }, data.code),
        h('p', { class: 'join-url' }, joinUrl))),
    h('h3', {}, 'Who you are'), h('p', {}, s.profile),
    h('h3', {}, 'Your briefing'), h('p', {}, s.briefing),
    h('h3', {}, 'Your secret objectives'),
    h('ul', { class: 'objectives' }, s.objectives.map((o) => h('li', {}, o.text, h('span', { class: 'points' }, ` (${o.points} ${o.points === 1 ? 'pt' : 'pts'})`)))),
    h('h3', {}, `Cards you may play (up to ${data.orders_per_round} a round, over ${data.rounds} rounds)`),
    h('table', { class: 'cards' },
      h('thead', {}, h('tr', {}, ['Card', 'Step', 'Cost', 'What it is'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, s.cards.map((c) => h('tr', {}, h('th', { scope: 'row' }, c.name, c.uses ? h('span', { class: 'uses' }, ` (${c.uses}× a game)`) : null),
        h('td', {}, humanise(c.step)), h('td', {}, cost(c)), h('td', { class: 'flavour' }, c.flavour))))));
}

async function draw() {
  if (!games.length) { $('#problem').textContent = 'No game given: open this page from the facilitator’s dashboard.'; return; }
  const loaded = [];
  for (const game of games) {
    const token = tokenOf(game);
    if (!token) { $('#problem').textContent = `This browser does not hold the facilitator token of game ${game}.`; continue; }
    try {
      loaded.push(await facilitatorGet(`/api/games/${encodeURIComponent(game)}/briefings`, token));
    } catch (error) {
      $('#problem').textContent = error.message;
    }
  }
  const many = loaded.length > 1;
  fill($('#sheets'), loaded.map((data, i) => data.sheets.map((s) => sheet(data, s, many ? `Table ${i + 1} (${data.code})` : ''))));
  $('#sheets').setAttribute('aria-busy', 'false');
  if (loaded.length) document.title = `Briefing sheets: ${loaded[0].title}`;
}

$('#print-now').addEventListener('click', () => window.print());
window.addEventListener('hashchange', () => window.location.reload()); // another token pasted in
draw();
