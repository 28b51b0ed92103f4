// Solo: one click opens a game with bots in every other seat, seats the player, and starts it.
import { $, h, fill, announce } from './dom.js';
import { once } from './link.js';
import { scenarios, createGame, TEMPERAMENTS } from './api.js';
import { rememberSeat, rememberFacilitated } from './store.js';
import { timerFields } from './widgets.js';

let list = [];

timerFields();

async function init() {
  list = await scenarios();
  fill($('#scenario'), list.map((s) => h('option', { value: s.id, selected: s.id === 'plates-2021' }, s.title)));
  $('#scenario').addEventListener('change', drawSeats);
  drawSeats();
  $('#solo-form').addEventListener('submit', play);
  $('#play').disabled = false; // ready: the form is wired
}

const current = () => list.find((s) => s.id === $('#scenario').value);

function drawSeats() {
  const s = current();
  fill($('#seats'), s.seats.map((seat, i) => h('div', { class: 'seat-choice' },
    h('input', { type: 'radio', name: 'seat', id: `seat-${seat.id}`, value: seat.id, checked: i === 0, onchange: drawBots }),
    h('label', { for: `seat-${seat.id}` }, ` ${seat.name}`),
    h('p', { class: 'hint' }, seat.profile))));
  drawBots();
}

function drawBots() {
  const s = current();
  const mine = document.querySelector('input[name=seat]:checked')?.value;
  const kept = new Map([...document.querySelectorAll('#bots select')].map((el) => [el.dataset.seat, el.value]));
  fill($('#bots'), s.seats.filter((seat) => seat.id !== mine).map((seat) => h('div', {},
    h('label', { for: `bot-${seat.id}` }, seat.name),
    h('select', { id: `bot-${seat.id}`, 'data-seat': seat.id },
      h('option', { value: '' }, 'its usual temperament'),
      TEMPERAMENTS.map((t) => h('option', { value: t, selected: kept.get(seat.id) === t }, t))))));
}

async function play(event) {
  event.preventDefault();
  $('#solo-error').textContent = '';
  const button = $('#play');
  button.disabled = true;
  button.textContent = 'Opening…';
  try {
    const s = current();
    const seat = document.querySelector('input[name=seat]:checked').value;
    const nickname = $('#nickname').value.trim() || 'Solo player';
    const bots = {};
    for (const other of s.seats) if (other.id !== seat) bots[other.id] = $(`#bot-${other.id}`).value || null;
    const timers = $('#use-timers').checked ? { orders: Number($('#orders-seconds').value), talks: Number($('#talks-seconds').value) } : null;
    const made = await createGame({ scenario: s.id, bots, timers, team_size: 1, rounds: $('#rounds').value ? Number($('#rounds').value) : null });
    rememberFacilitated({ game: made.game, code: made.code, token: made.facilitator_token, scenario: made.scenario, label: 'Solo', opened: new Date().toISOString() });
    const joined = await once((link) => link.send('join', { code: made.code, nickname, seat }));
    rememberSeat(made.game, { token: joined.token, player: joined.player, nickname, code: made.code });
    await once((link) => link.send('facilitate', { token: made.facilitator_token }).then(() => link.send('start', {})));
    announce('The game starts.');
    window.location.assign(`/play?game=${encodeURIComponent(made.game)}`);
  } catch (error) {
    $('#solo-error').textContent = error.message;
    button.disabled = false;
    button.textContent = 'Play';
  }
}

init().catch((error) => { $('#solo-error').textContent = error.message; });
