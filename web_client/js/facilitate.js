// The facilitator's dashboard: open games (one table or a class of several), then watch every
// table's phase and tension at a glance and run the one selected: seat players and bots, start,
// pause, resume, extend, skip, inject, announce, end; exports and the debrief.
import { $, h, fill, announce, formatSeconds } from './dom.js';
import { Link } from './link.js';
import { scenarios, scenario as loadScenario, createGame, downloadExport, TEMPERAMENTS } from './api.js';
import { Rules, phaseName, outcomeName } from './rules.js';
import { facilitated, rememberFacilitated, forgetFacilitated } from './store.js';
import { tracksPanel, seatsTable, TimerView, statusLine, timerFields } from './widgets.js';
import { PresetPicker } from './preset-picker.js';
import { downloadWithToken } from './teach.js';

const tables = new Map(); // game id → {entry, link, update, rules, status}
let selected = null;
let scenarioList = [];
let presets = null;

timerFields();

async function init() {
  scenarioList = await scenarios();
  const select = $('#scenario');
  fill(select, scenarioList.map((s) => h('option', { value: s.id, selected: s.id === 'plates-2021' }, s.title)));
  select.addEventListener('change', drawBotChoices);
  drawBotChoices();
  presets = new PresetPicker(select);
  $('#create-form').addEventListener('submit', create);
  $('#create').disabled = false; // ready: the form is wired
  for (const entry of facilitated()) watch(entry);
  if (facilitated().length) $('#create-box').open = false; // tables to run: the form folds away
  const wanted = new URLSearchParams(window.location.search).get('game');
  select_(wanted && tables.has(wanted) ? wanted : facilitated()[0]?.game || null);
  drawTiles();
}

function drawBotChoices() {
  const s = scenarioList.find((x) => x.id === $('#scenario').value);
  fill($('#bot-choices'), s.seats.map((seat) => h('div', {},
    h('label', { for: `bot-${seat.id}` }, seat.name),
    h('select', { id: `bot-${seat.id}`, 'data-seat': seat.id },
      h('option', { value: '' }, 'people'),
      TEMPERAMENTS.map((t) => h('option', { value: t }, `bot: ${t}`))))));
}

async function create(event) {
  event.preventDefault();
  $('#create-error').textContent = '';
  const count = Math.max(1, Math.min(20, Number($('#tables').value) || 1));
  const bots = {};
  for (const sel of document.querySelectorAll('#bot-choices select')) if (sel.value) bots[sel.dataset.seat] = sel.value;
  const timers = $('#use-timers').checked ? { orders: Number($('#orders-seconds').value) || null, talks: Number($('#talks-seconds').value) || null } : null;
  const settings = presets.apply({
    scenario: $('#scenario').value, team_size: Number($('#team-size').value) || 4, bots, timers,
    deadline: $('#deadline').value, rounds: $('#rounds').value ? Number($('#rounds').value) : null,
  });
  const button = $('#create');
  button.disabled = true;
  try {
    const classId = count > 1 ? `class-${Date.now().toString(36)}` : null;
    let first = null;
    for (let i = 0; i < count; i += 1) {
      const made = await createGame(settings);
      const entry = { game: made.game, code: made.code, token: made.facilitator_token, scenario: made.scenario,
        classId, label: classId ? `Table ${i + 1}` : null, opened: new Date().toISOString(), preset: presets.label };
      rememberFacilitated(entry);
      watch(entry);
      first = first || made.game;
    }
    announce(count > 1 ? `${count} tables opened.` : 'Game opened.');
    select_(first);
    drawTiles();
  } catch (error) {
    const details = error.details && Object.keys(error.details).length ? ` ${JSON.stringify(error.details)}` : '';
    $('#create-error').textContent = `${error.message}${details}`;
  } finally {
    button.disabled = false;
  }
}

/** A facilitator connection per table, so every tile is live. */
function watch(entry) {
  if (tables.has(entry.game)) return;
  const table = { entry, update: null, rules: null, status: 'joining' };
  tables.set(entry.game, table);
  table.link = new Link({
    hello: (l) => l.send('facilitate', { token: entry.token }),
    onUpdate: async (update) => {
      table.rules = table.rules || new Rules(await loadScenario(update.view.scenario));
      table.rules.setViewer(null, true); // the facilitator sees everything
      const before = table.update?.view;
      table.update = update;
      if (before && (before.phase !== update.view.phase || before.round !== update.view.round)) {
        announce(`${entry.code}: round ${update.view.round}, ${phaseName(update.view.phase)}.`, 'phase-news');
      }
      drawTiles();
      if (selected === entry.game) drawManage();
    },
    onStatus: (status, detail) => {
      table.status = status;
      table.problem = status === 'failed' ? (detail?.message || String(detail)) : null;
      drawTiles();
    },
  });
}

function select_(game) {
  selected = game;
  drawTiles();
  drawManage();
}

function drawTiles() {
  const classes = new Map();
  for (const { entry } of tables.values()) if (entry.classId) {
    if (!classes.has(entry.classId)) classes.set(entry.classId, []);
    classes.get(entry.classId).push(entry);
  }
  fill($('#classes'), [...classes].map(([id, entries]) => {
    const codes = entries.map((e) => e.code);
    const url = `${window.location.origin}/?class=${codes.join(',')}`;
    return h('div', { class: 'card' }, h('h3', {}, `Class of ${codes.length} tables`),
      h('p', {}, 'Give students this link: each is placed at the table with the most room. ', h('a', { href: url, class: 'class-link' }, url)),
      h('p', { class: 'hint' }, `Or read out a table’s code: ${codes.join(' · ')}`),
      classLinks(entries));
  }));
  fill($('#tiles'), [...tables.values()].map(({ entry, update, rules, status, problem }) => {
    const v = update?.view;
    const clash = rules?.clashTrack;
    const tension = v && clash ? v.tracks[clash.id] : null;
    const people = update ? Object.values(update.roster.seats).reduce((n, s) => n + s.players.length, 0) + update.roster.unseated.length : 0;
    return h('article', { class: `card table-tile${selected === entry.game ? ' selected' : ''}`, 'data-game': entry.game, 'aria-label': `Table ${entry.code}` },
      h('p', { class: 'kicker' }, entry.label || rules?.data.title || entry.scenario),
      entry.preset ? h('p', { class: 'tile-preset' }, `Preset: ${entry.preset}`) : null,
      h('p', { class: 'code', 'aria-label': `join code ${entry.code.split('').join(' ')}` }, entry.code),
      v ? h('p', { class: 'tile-phase', 'data-phase': v.phase }, v.phase === 'over' ? `Over: ${outcomeName(v.outcome)}` : v.phase === 'lobby' ? 'Lobby' : `Round ${v.round}/${v.rounds} · ${phaseName(v.phase)}`) : h('p', { class: 'hint' }, status),
      tension !== null ? h('p', { class: 'tile-tension', 'data-value': tension },
        h('meter', { min: clash.min, max: clash.max, low: clash.max * 0.4, high: clash.max * 0.7, optimum: clash.min, value: tension, 'aria-hidden': 'true' }),
        ` Tension ${tension}/${clash.max} — ${rules.valueLabel(clash.id, tension)}`) : null,
      update ? h('p', { class: 'hint' }, `${people} ${people === 1 ? 'person' : 'people'}; ${Object.values(update.roster.seats).filter((s) => s.bot).length} bot seats`,
        update.timer ? ` · timer ${formatSeconds(update.timer.seconds_left)}${update.timer.paused ? ' paused' : ''}` : '') : null,
      problem ? h('p', { class: 'error' }, problem) : null,
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => select_(entry.game), 'aria-label': `Manage table ${entry.code}` }, 'Manage'),
        h('a', { class: 'button', href: `/projector?code=${entry.code}${classOf(entry)}`, target: '_blank' }, 'Projector'),
        h('button', { type: 'button', class: 'danger', 'aria-label': `Forget table ${entry.code}`, onclick: () => {
          forgetFacilitated(entry.game); tables.get(entry.game)?.link.close(); tables.delete(entry.game);
          if (selected === entry.game) select_(null); else drawTiles();
        } }, 'Forget')));
  }));
  if (!tables.size) $('#tiles').append(h('p', { class: 'hint' }, 'No tables yet: open one above.'));
}

/** For a table of a class, its class's codes: the projector links to the class debrief with them. */
function classOf(entry) {
  if (!entry.classId) return '';
  return `&class=${[...tables.values()].filter((t) => t.entry.classId === entry.classId).map((t) => t.entry.code).join(',')}`;
}

/** The teaching kit's links for a whole class: its debrief, side by side, and every sheet to print. */
function classLinks(entries) {
  return h('p', { class: 'class-teach' },
    h('a', { href: `/class?codes=${entries.map((e) => e.code).join(',')}`, target: '_blank' }, 'Class debrief (for the projector)'), ' · ',
    h('a', { href: `/print?games=${entries.map((e) => e.game).join(',')}`, target: '_blank' }, 'Print every table’s briefing sheets'));
}

let manageTimer = null;
let panel = null; // the selected table's controls: built once, so typing and choosing survive updates
let manageError = '';

function showError(message) {
  manageError = message || '';
  const box = $('#manage-error');
  if (box) box.textContent = manageError;
}

/** A button that sends one facilitator command; `confirm` ones need a second click. */
function control(table, event, payload, label, { confirm = false, ...extra } = {}) {
  let armed = null;
  return h('button', {
    type: 'button', ...extra,
    onclick: async (e) => {
      const button = e.currentTarget;
      if (confirm && !armed) {
        button.textContent = `Confirm: ${label}`;
        armed = window.setTimeout(() => { armed = null; button.textContent = label; }, 8000);
        return;
      }
      if (armed) { window.clearTimeout(armed); armed = null; button.textContent = label; }
      showError('');
      try {
        await table.link.send(event, typeof payload === 'function' ? payload() : payload);
        announce(`${label}: done.`);
      } catch (error) {
        showError(error.message);
      }
    },
  }, label);
}

/** Start, timer, skip, end, inject and announce: built once per table, refreshed in place. */
function buildControls(table) {
  const buttons = {};
  const button = (key, event, payload, label, extra = {}) => {
    buttons[key] = control(table, event, payload, label, { 'data-key': key, ...extra });
    return buttons[key];
  };
  const timerBox = h('span', { class: 'timer' });
  if (manageTimer) window.clearInterval(manageTimer.tick);
  manageTimer = new TimerView(timerBox);
  const announceButton = h('button', { type: 'submit' }, 'Announce');
  const elements = [
    h('div', { class: 'controls' },
      h('span', {}, 'Timer: '), timerBox,
      button('start', 'start', {}, 'Start game', { class: 'primary' }),
      button('pause', 'pause', {}, 'Pause'),
      button('resume', 'resume', {}, 'Resume'),
      h('label', { for: 'extend-seconds', class: 'sr-only' }, 'Seconds to add'),
      h('input', { id: 'extend-seconds', type: 'number', min: 1, max: 3600, value: 60, size: 4 }),
      button('extend', 'extend', () => ({ seconds: Number($('#extend-seconds').value) || 60 }), 'Extend'),
      button('skip', 'skip', {}, 'Skip to next phase'),
      button('end', 'end_game', {}, 'End game', { class: 'danger', confirm: true })),
    h('div', { class: 'inline-form' },
      h('label', { for: 'inject-event' }, 'Inject an event'),
      h('select', { id: 'inject-event' }, table.rules.data.events.map((e) => h('option', { value: e.id }, e.title))),
      button('inject', 'inject', () => ({ event: $('#inject-event').value }), 'Inject')),
    h('form', { class: 'inline-form', onsubmit: async (e) => {
      e.preventDefault();
      const text = $('#announce-text').value.trim();
      if (!text) return;
      try { await table.link.send('announce', { text }); $('#announce-text').value = ''; announce('Announcement sent.'); } catch (error) { showError(error.message); }
    } },
    h('label', { for: 'announce-text' }, 'Announce to the table'),
    h('input', { id: 'announce-text', maxlength: 1000, size: 40 }),
    announceButton),
  ];
  return { elements, buttons, announceButton };
}

function refreshControls(table, controls) {
  const { update } = table;
  const v = update.view;
  const timer = update.timer;
  const playing = v.phase === 'orders' || v.phase === 'talks';
  const b = controls.buttons;
  b.start.disabled = v.phase !== 'lobby';
  b.pause.disabled = !timer || timer.paused;
  b.resume.disabled = !timer || !timer.paused;
  b.extend.disabled = !timer;
  b.skip.disabled = !playing;
  b.end.disabled = v.phase === 'over';
  b.inject.disabled = !playing;
  controls.announceButton.disabled = v.phase === 'over';
  manageTimer.set(timer);
}

function links(table) {
  const { entry } = table;
  return h('p', {}, 'Links: ',
    h('a', { href: `/?code=${entry.code}` }, 'join page with this code'), ' · ',
    h('a', { href: `/projector?code=${entry.code}`, target: '_blank' }, 'projector view'), ' · ',
    h('a', { href: `/debrief?game=${entry.game}` }, 'debrief'), ' · ',
    h('a', { href: `/print?game=${entry.game}`, target: '_blank' }, 'print briefing sheets'), ' · ',
    h('a', { href: `/guide/${encodeURIComponent(entry.scenario)}`, target: '_blank' }, 'teacher’s guide'), ' · ',
    ['json', 'csv'].map((format, i) => [i ? ' · ' : '', h('button', {
      type: 'button', class: 'linkish', onclick: () => downloadExport(entry.game, format, entry.token).catch((error) => showError(error.message)),
    }, `Download export (${format.toUpperCase()})`)]),
    teachingExports(entry));
}

/** For grading: the after-action report, and actions, participation and scores in files of their own. */
function teachingExports(entry) {
  const file = (name, label) => h('button', {
    type: 'button', class: 'linkish', onclick: () => downloadWithToken(`/api/games/${encodeURIComponent(entry.game)}/export/${name}.csv`,
      entry.token, `crisis-table-${entry.code}-${name}.csv`).catch((error) => showError(error.message)),
  }, label);
  return h('span', { class: 'teaching-exports' }, ' · ',
    h('a', { href: `/report?game=${entry.game}`, target: '_blank' }, 'after-action report'), ' · ',
    file('actions', 'Actions (CSV)'), ' · ', file('participation', 'Participation (CSV)'), ' · ', file('scores', 'Scores (CSV)'));
}

/** Who sits where, with the commands that change it: move, make head, bots in and out. */
function seating(table) {
  const { update, rules } = table;
  const seats = update.roster.seats;
  const seatOptions = (current) => [h('option', { value: '' }, 'unseated'),
    ...Object.keys(seats).map((s) => h('option', { value: s, selected: s === current }, rules.seatName(s)))];
  const playerRow = (p, seat) => h('span', { class: 'inline-form' },
    h('span', {}, p.nickname, seats[seat]?.head === p.id ? ' (head)' : ''),
    h('label', { class: 'sr-only', for: `move-${p.id}` }, `Seat for ${p.nickname}`),
    h('select', { id: `move-${p.id}`, 'data-key': `move-${p.id}` }, seatOptions(seat)),
    control(table, 'assign', () => ({ player: p.id, seat: $(`#move-${p.id}`).value || null }), 'Move', { 'aria-label': `Move ${p.nickname}`, 'data-key': `moveb-${p.id}` }),
    seat && seats[seat]?.head !== p.id ? control(table, 'set_head', { seat, player: p.id }, 'Make head', { 'aria-label': `Make ${p.nickname} head`, 'data-key': `head-${p.id}` }) : null);
  return [
    h('h3', {}, 'Seats'),
    h('div', {}, Object.entries(seats).map(([seat, r]) => h('div', { class: 'seat-row', 'data-seat': seat },
      h('span', { class: 'name' }, rules.seatName(seat)),
      r.bot ? h('span', {}, `bot (${r.bot})`) : r.players.length ? r.players.map((p) => playerRow(p, seat)) : h('span', { class: 'hint' }, 'empty'),
      h('label', { class: 'sr-only', for: `temper-${seat}` }, `Bot temperament for ${rules.seatName(seat)}`),
      h('select', { id: `temper-${seat}`, 'data-key': `temper-${seat}` }, TEMPERAMENTS.map((t) => h('option', { value: t, selected: t === (r.bot || 'mediator') }, t))),
      control(table, 'set_bot', () => ({ seat, temperament: $(`#temper-${seat}`).value }), r.bot ? 'Change bot' : r.players.length ? 'Replace with bot' : 'Seat a bot',
        { 'aria-label': `${r.bot ? 'Change bot' : 'Replace with bot'}: ${rules.seatName(seat)}`, 'data-key': `setbot-${seat}` }),
      r.bot ? control(table, 'set_bot', { seat, temperament: null }, 'Hand back to people', { 'aria-label': `Hand ${rules.seatName(seat)} back to people`, 'data-key': `people-${seat}` }) : null))),
    update.roster.unseated.length ? h('div', {}, h('h3', {}, 'Waiting for a seat'), update.roster.unseated.map((p) => h('div', { class: 'seat-row' }, playerRow(p, null)))) : null,
  ];
}

/** The board as the facilitator sees it: everything, secrets included. */
function board(table) {
  const { update, rules } = table;
  const v = update.view;
  return h('div', { class: 'columns' },
    h('div', {}, h('h3', {}, 'The crisis'), tracksPanel(rules, v.tracks)),
    h('div', {}, seatsTable(rules, v, update.roster),
      v.delegations ? h('details', { 'data-key': 'secrets' }, h('summary', {}, 'Secret orders and resources (facilitator only)'),
        h('ul', {}, Object.entries(v.delegations).map(([seat, d]) => h('li', {}, `${rules.seatName(seat)}: `,
          `orders ${d.orders?.length ? d.orders.map((c) => rules.cardName(c)).join(', ') : '—'}; `,
          Object.entries(d.tracks).map(([t, n]) => `${rules.trackName(t)} ${n}`).join(', '))))) : null,
      h('h3', {}, 'Round log'), h('ol', { class: 'log' }, v.log.map((e) => h('li', {}, rules.entry(e))))));
}

function drawManage() {
  const section = $('#manage');
  const table = selected && tables.get(selected);
  if (!table || !table.update || !table.rules) {
    section.hidden = !table;
    if (table) { fill($('#manage-body'), h('p', {}, 'Connecting…')); panel = null; }
    return;
  }
  section.hidden = false;
  const { entry, update } = table;
  const v = update.view;
  const body = $('#manage-body');
  if (!panel || panel.game !== entry.game) {
    manageError = '';
    const controls = buildControls(table);
    panel = { game: entry.game, controls, live: h('div', {}) };
    fill(body, h('p', { class: 'error', id: 'manage-error', role: 'alert' }), controls.elements, links(table), panel.live);
  }
  $('#manage-h').textContent = `Table ${entry.code}${entry.label ? ` (${entry.label})` : ''} — ${v.phase === 'over' ? `over: ${outcomeName(v.outcome)}` : v.phase === 'lobby' ? 'lobby' : `round ${v.round} of ${v.rounds}, ${phaseName(v.phase)}`}`;
  refreshControls(table, panel.controls);
  // The seats and the board are drawn again; what the facilitator was choosing there, what it
  // had unfolded and where the keyboard was stay as they were.
  const live = panel.live;
  const keep = document.activeElement?.dataset?.key;
  const drafts = new Map([...live.querySelectorAll('input[id], select[id]')]
    .filter((el) => el.dataset.touched).map((el) => [el.id, el.value]));
  const opened = new Set([...live.querySelectorAll('details[data-key][open]')].map((d) => d.dataset.key));
  fill(live, seating(table), board(table));
  for (const [id, value] of drafts) {
    const el = document.getElementById(id);
    if (el) { el.value = value; el.dataset.touched = 'yes'; }
  }
  for (const k of opened) { const d = live.querySelector(`details[data-key="${CSS.escape(k)}"]`); if (d) d.open = true; }
  if (keep) live.querySelector(`[data-key="${CSS.escape(keep)}"]`)?.focus();
}

document.addEventListener('input', (e) => { if (e.target.closest('#manage-body')) e.target.dataset.touched = 'yes'; });

init().catch((error) => { $('#create-error').textContent = error.message; });
