// Join: a code and a nickname, nothing else. A class link (?class=CODE,CODE,...) spreads
// students over several tables: each joins the table with the fewest people so far.
import { $, h, params } from './dom.js';
import { once } from './link.js';
import { rememberSeat, lastGame, seatOf } from './store.js';

const form = $('#join-form');
const errorBox = $('#join-error');
const query = params();
const classCodes = (query.get('class') || '').split(',').map((c) => c.trim()).filter(Boolean);

if (query.get('code')) $('#code').value = query.get('code');
if (classCodes.length) {
  $('#code-field').hidden = true;
  $('#code').required = false;
  const note = $('#class-note');
  note.hidden = false;
  note.textContent = `This class plays at ${classCodes.length} tables; you will be placed at the one with the most room.`;
}
$(classCodes.length || query.get('code') ? '#nickname' : '#code').focus();

// A phone that closed its tab: offer the seat this browser already holds.
const last = lastGame();
const held = last && seatOf(last);
if (held && !classCodes.length && !query.get('code')) {
  form.before(h('p', { class: 'card' }, 'You have a seat at table ', h('strong', {}, held.code || ''),
    ` as ${held.nickname}. `, h('a', { href: `/play?game=${encodeURIComponent(last)}` }, 'Return to your table')));
}

/** The table of a class with the fewest players so far (spectator peeks leave no trace). */
async function leastBusy(codes) {
  const loads = await Promise.all(codes.map(async (code) => {
    try {
      const answer = await once((link) => link.send('join', { code, nickname: 'peek', role: 'spectator' }));
      const roster = answer.update.roster;
      const seated = Object.values(roster.seats).reduce((n, s) => n + s.players.length, 0);
      return { code, load: seated + roster.unseated.length, open: answer.update.view.phase === 'lobby' };
    } catch {
      return { code, load: Infinity, open: false };
    }
  }));
  const candidates = loads.filter((l) => l.open && l.load !== Infinity);
  const pool = candidates.length ? candidates : loads.filter((l) => l.load !== Infinity);
  if (!pool.length) throw new Error('None of the class tables answered.');
  // Among the emptiest tables pick at random, so students joining at the same moment spread.
  const least = Math.min(...pool.map((l) => l.load));
  const emptiest = pool.filter((l) => l.load === least);
  return emptiest[Math.floor(Math.random() * emptiest.length)].code;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  errorBox.textContent = '';
  const nickname = $('#nickname').value.trim();
  let code = $('#code').value.trim();
  if (!classCodes.length && !code) { errorBox.textContent = 'Type the join code.'; $('#code').focus(); return; }
  if (!nickname) { errorBox.textContent = 'Type the name the others will see.'; $('#nickname').focus(); return; }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  button.textContent = 'Joining…';
  try {
    if (classCodes.length) code = await leastBusy(classCodes);
    const answer = await once((link) => link.send('join', { code, nickname }));
    rememberSeat(answer.game, { token: answer.token, player: answer.player, nickname, code: code.toUpperCase() });
    window.location.assign(`/play?game=${encodeURIComponent(answer.game)}`);
  } catch (error) {
    errorBox.textContent = error.code === 'unknown_game' ? 'No table has this code. Check it with your facilitator.' : error.message;
    button.disabled = false;
    button.textContent = 'Join';
  }
});
$('#join').disabled = false; // ready: the form is wired
