// The facilitator's dashboard: open games (one table or a class of several), then watch every
// table's phase and tension at a glance and run the one selected: seat players and bots, start,
// pause, resume, extend, skip, inject, announce, end; exports and the debrief. How students join
// (address, codes, QR code, projector link) stays at the top; a facilitator link continues the
// dashboard on another computer.
import { $, h, fill, announce, formatSeconds } from './dom.js';
import { Link, once } from './link.js';
import { scenarios, scenario as loadScenario, createGame, downloadExport, TEMPERAMENTS } from './api.js';
import { Rules, phaseName, outcomeName } from './rules.js';
import { facilitated, rememberFacilitated, forgetFacilitated } from './store.js';
import { tracksPanel, seatsTable, TimerView, statusLine, timerFields } from './widgets.js';
import { studentsAddress, joinUrl, classUrl, qrImage, typedAddress, unreachableNote } from './address.js';
import { PresetPicker } from './preset-picker.js';
import { downloadWithToken } from './teach.js';

const tables = new Map(); // game id → {entry, link, update, rules, status}
let selected = null;
let scenarioList = [];
let presets = null;
let address = { base: window.location.origin, reachable: false, addresses: [] };

timerFields();

async function init() {
  address = await studentsAddress();
  await continueFromLink();
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
  // In the unit the form counts in (minutes unless changed): the preset picker turns them into seconds.
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
    const opened = [];
    for (let i = 0; i < count; i += 1) {
      const made = await createGame(settings);
      const entry = { game: made.game, code: made.code, token: made.facilitator_token, scenario: made.scenario,
        classId, label: classId ? `Table ${i + 1}` : null, opened: new Date().toISOString(),
        preset: presets.label, deadline: settings.deadline || presets.plan?.deadline || null };
      rememberFacilitated(entry);
      watch(entry);
      opened.push(entry);
      first = first || made.game;
    }
    announce(count > 1 ? `${count} tables opened.` : 'Game opened.');
    $('#create-box').open = false; // done: what students need now is at the top
    showSecretLinks(opened);
    select_(first);
    drawTiles();
    $('#join-box').scrollIntoView({ block: 'nearest' });
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
      const known = new Set((before ? table.waiting : []) || []);
      table.waiting = update.roster.unseated.map((p) => p.id);
      for (const p of update.roster.unseated) if (!known.has(p.id)) announce(`${p.nickname} is waiting for a seat at table ${entry.code}.`);
      drawTiles();
      if (selected === entry.game) drawManage();
    },
    onStatus: (status, detail) => {
      table.status = status;
      table.problem = status === 'failed' ? (detail?.message || String(detail)) : null;
      drawStatus();
      drawTiles();
      if (selected === entry.game) drawManage();
    },
  });
}

/** The header's connection line: online only when every table's connection is. */
function drawStatus() {
  const states = [...tables.values()].map((t) => t.status);
  const status = !states.length ? 'online' : states.every((s) => s === 'online') ? 'online'
    : states.some((s) => s === 'offline' || s === 'reconnecting') ? 'offline' : states.find((s) => s !== 'online');
  statusLine($('#status'), status);
}

/** A facilitator link (#token=… in the fragment, which browsers never send to a server) opens
 * the dashboard of that game here, and is then taken out of the address bar. */
async function continueFromLink() {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const token = fragment.get('token');
  if (!token) return;
  fragment.delete('token'); // other fragment parameters (#host-key=) stay
  const rest = fragment.toString() ? `#${fragment}` : '';
  window.history.replaceState(null, '', window.location.pathname + window.location.search + rest);
  try {
    const answer = await once((l) => l.send('facilitate', { token }));
    rememberFacilitated({ game: answer.game, code: answer.code, token, scenario: answer.update.view.scenario,
      classId: null, label: null, opened: new Date().toISOString() });
    announce(`Continuing table ${answer.code} on this computer.`);
    const url = new URL(window.location.href);
    url.searchParams.set('game', answer.game);
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  } catch (error) {
    $('#create-error').textContent = `This facilitator link does not open a table: ${error.message}`;
  }
}

const secretLink = (entry) => `${address.base}/facilitate#token=${encodeURIComponent(entry.token)}`;

/** Shown once, after opening: the links that let the facilitator continue elsewhere. */
function showSecretLinks(opened) {
  const box = $('#opened');
  box.hidden = false;
  const copy = (text, what) => h('button', { type: 'button', onclick: async (e) => {
    const button = e.currentTarget;
    try { await navigator.clipboard.writeText(text); button.textContent = 'Copied'; announce(`${what} copied.`); } catch {
      const field = button.previousElementSibling;
      field.select(); announce('Select the link and copy it (Ctrl+C).');
    }
  } }, 'Copy');
  fill(box,
    h('h2', { id: 'opened-h' }, opened.length > 1 ? 'Your facilitator links (secret)' : 'Your facilitator link (secret)'),
    h('p', {}, 'Keep this link to run the table from another computer, or after clearing this browser. ',
      h('strong', {}, 'It is a secret: '), 'whoever has it controls the table. Do not project it or give it to students. ',
      'It is shown only now.'),
    opened.map((entry) => h('div', { class: 'inline-form' },
      h('label', { for: `secret-${entry.game}` }, `Facilitator link${entry.label ? ` for ${entry.label}` : ''} (${entry.code})`),
      h('input', { id: `secret-${entry.game}`, class: 'secret-url', readonly: true, value: secretLink(entry), size: 50 }),
      copy(secretLink(entry), 'Facilitator link'))),
    h('button', { type: 'button', onclick: () => { box.hidden = true; fill(box); } }, 'I have kept it — hide'));
}

function select_(game) {
  selected = game;
  drawJoinBox();
  drawTiles();
  drawManage();
}

function drawTiles() {
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
      status !== 'online' && !problem ? h('p', { class: 'offline' }, status === 'joining' ? 'Connecting…' : 'Offline — reconnecting…') : null,
      update?.roster.unseated.length ? h('p', { class: 'waiting-alert' }, `⚠ ${update.roster.unseated.length} waiting for a seat`) : null,
      problem ? h('p', { class: 'error' }, problem) : null,
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => select_(entry.game), 'aria-label': `Manage table ${entry.code}` }, 'Manage'),
        h('a', { class: 'button', href: `/projector?code=${entry.code}${classOf(entry)}`, target: '_blank' }, 'Projector'),
        h('button', { type: 'button', class: 'danger', 'aria-label': `Forget table ${entry.code}`, onclick: () => askToForget(entry) }, 'Forget')));
  }));
  if (!tables.size) $('#tiles').append(h('p', { class: 'hint' }, 'No tables yet: open one above.'));
  // One table: its controls come right under how students join, the tile after them. A class:
  // the tiles first, since they are how the teacher picks the table to run.
  const many = tables.size > 1;
  if (many !== ($('#your-tables').nextElementSibling === $('#manage'))) {
    $('#main').insertBefore($('#your-tables'), many ? $('#manage') : $('#manage').nextElementSibling);
  }
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

/** Forgetting deletes this browser's only copy of the facilitator token: ask first, and say so. */
function askToForget(entry) {
  const dialog = $('#forget-dialog');
  $('#forget-h').textContent = `Forget table ${entry.code}?`;
  fill($('#forget-what'),
    h('p', {}, 'This browser will no longer run this table. It deletes the facilitator token kept here: ',
      'without a saved facilitator link, nobody can start, pause, seat, export or end this table again.'),
    h('p', {}, 'Students already playing keep their seats; the game itself is not deleted.'));
  dialog.returnValue = '';
  dialog.onclose = () => {
    if (dialog.returnValue !== 'forget') return;
    forgetFacilitated(entry.game); tables.get(entry.game)?.link.close(); tables.delete(entry.game);
    announce(`Table ${entry.code} forgotten.`);
    drawStatus();
    if (selected === entry.game) select_(facilitated()[0]?.game || null); else { drawJoinBox(); drawTiles(); }
  };
  dialog.showModal();
}

/** How students join the selected table, or its class: address, code, QR code, projector link. */
function drawJoinBox() {
  const box = $('#join-box');
  const table = selected && tables.get(selected);
  if (!table) { box.hidden = true; return; }
  box.hidden = false;
  const { entry } = table;
  const classEntries = entry.classId ? [...tables.values()].filter((t) => t.entry.classId === entry.classId).map((t) => t.entry) : null;
  const classCodes = classEntries && classEntries.map((e) => e.code);
  const url = classCodes ? classUrl(address.base, classCodes) : joinUrl(address.base, entry.code);
  const codes = classCodes || [entry.code];
  fill(box,
    h('div', { class: 'join-main' },
      h('h2', { id: 'join-box-h' }, classCodes ? `Students join the class (${codes.length} tables)` : `Students join table ${entry.code}`),
      h('p', { class: 'join-line' }, 'Open ', h('strong', { class: 'join-address' }, typedAddress(address.base)),
        classCodes ? ' and enter one of the codes' : ' and enter the code'),
      h('p', { class: 'join-codes' }, codes.map((c) => h('span', { class: 'code', 'aria-label': `code ${c.split('').join(' ')}` }, c))),
      h('p', {}, classCodes ? 'Or give them the class link (each student is placed at the table with the most room): '
        : 'Or the join link: ', h('a', { href: url, class: classCodes ? 'class-link' : 'join-link' }, url)),
      unreachableNote(address),
      h('p', { class: 'actions' }, codes.map((c) => h('a', { class: 'button', href: `/projector?code=${c}${classOf(entry)}`, target: '_blank', rel: 'noopener' },
        `Projector view${codes.length > 1 ? ` ${c}` : ''}`))),
      classEntries ? classLinks(classEntries) : null),
    h('figure', { class: 'join-qr' }, qrImage(url), h('figcaption', {}, 'Scan to join')));
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
    h('p', { class: 'offline-note', role: 'alert', 'data-offline': '' }),
    h('div', { class: 'controls' },
      h('span', {}, 'Timer: '), timerBox,
      button('start', 'start', {}, 'Start game', { class: 'primary' }),
      button('pause', 'pause', {}, 'Pause'),
      button('resume', 'resume', {}, 'Resume'),
      h('span', { class: 'extend' },
        h('label', { for: 'extend-minutes' }, 'Minutes to add'),
        h('input', { id: 'extend-minutes', type: 'number', min: 0.5, max: 60, step: 0.5, value: 1, size: 4 }),
        button('extend', 'extend', () => ({ seconds: Math.round((Number($('#extend-minutes').value) || 1) * 60) }), 'Extend')),
      button('skip', 'skip', {}, 'Skip to next phase'),
      button('end', 'end_game', {}, 'End game', { class: 'danger', confirm: true })),
    table.entry.deadline ? h('p', { class: 'hint' }, 'Skipping is an early deadline: delegations that have not acted ',
      table.entry.deadline === 'bot' ? 'are played by a bot (marked as such for everyone).' : 'do nothing this phase.') : null,
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

/** While the table's connection is down nothing can be sent: every control says so by being off. */
function refreshOnline(table, controls) {
  const online = table.status === 'online';
  const note = $('#manage-body [data-offline]');
  if (note) note.textContent = online ? '' : 'Offline: the server does not answer. The page reconnects by itself; the controls come back then.';
  const inputs = [...$('#manage-body').querySelectorAll('button, input, select')].filter((el) => !el.closest('.links'));
  for (const el of inputs) if (el.dataset.offline) { el.disabled = false; delete el.dataset.offline; }
  refreshControls(table, controls);
  if (!online) for (const el of inputs) if (!el.disabled) { el.disabled = true; el.dataset.offline = 'off'; }
  $('#manage').dataset.status = table.status;
}

function links(table) {
  const { entry } = table;
  return h('p', { class: 'links' }, 'Links: ',
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

/** Who sits where, with the commands that change it. A player's controls (move, make head) sit
 * beside that player; the delegation's (a bot for the whole delegation) at the row's end. */
function seating(table) {
  const { update, rules } = table;
  const seats = update.roster.seats;
  const seatOptions = (current) => [h('option', { value: '' }, 'unseated'),
    ...Object.keys(seats).map((s) => h('option', { value: s, selected: s === current }, rules.seatName(s)))];
  const playerRow = (p, seat) => h('div', { class: 'player-row inline-form' },
    h('span', { class: 'nickname' }, p.nickname, seats[seat]?.head === p.id ? ' (head)' : ''),
    h('label', { class: 'sr-only', for: `move-${p.id}` }, `Seat for ${p.nickname}`),
    h('select', { id: `move-${p.id}`, 'data-key': `move-${p.id}` }, seatOptions(seat)),
    control(table, 'assign', () => ({ player: p.id, seat: $(`#move-${p.id}`).value || null }), 'Move', { 'aria-label': `Move ${p.nickname}`, 'data-key': `moveb-${p.id}` }),
    seat && seats[seat]?.head !== p.id ? control(table, 'set_head', { seat, player: p.id }, 'Make head', { 'aria-label': `Make ${p.nickname} head`, 'data-key': `head-${p.id}` }) : null);
  const delegation = (seat, r) => {
    const name = rules.seatName(seat);
    const usual = rules.seats.get(seat)?.default_temperament || 'mediator';
    const current = r.bot || usual;
    const order = [current, ...TEMPERAMENTS.filter((t) => t !== current)];
    const verb = r.bot ? 'Change bot' : r.players.length ? 'Replace delegation with a bot' : 'Seat a bot';
    return h('div', { class: 'delegation-controls inline-form' },
      h('label', { for: `temper-${seat}` }, `Bot for ${name}`),
      h('select', { id: `temper-${seat}`, 'data-key': `temper-${seat}` }, order.map((t) => h('option', { value: t, selected: t === current },
        t === usual ? `${t} (usual)` : t))),
      control(table, 'set_bot', () => ({ seat, temperament: $(`#temper-${seat}`).value }), verb,
        { 'aria-label': `${verb}: ${name}`, 'data-key': `setbot-${seat}` }),
      r.bot ? control(table, 'set_bot', { seat, temperament: null }, 'Hand back to people', { 'aria-label': `Hand back to people: ${name}`, 'data-key': `people-${seat}` }) : null);
  };
  const unseated = update.roster.unseated;
  return [
    unseated.length ? h('div', { class: 'waiting-alert', role: 'alert', 'data-key': 'unseated' },
      h('strong', {}, `⚠ ${unseated.length === 1 ? 'A student is' : `${unseated.length} students are`} waiting for a seat: `),
      unseated.map((p) => p.nickname).join(', '), '. Choose a delegation for them under “Waiting for a seat”.') : null,
    h('details', { class: 'fold', 'data-key': 'seats' },
      h('summary', {}, h('h3', {}, 'Seats'), ' ', h('span', { class: 'hint' }, seatCount(update.roster))),
      h('p', { class: 'hint' }, 'Player controls act on one student; “Bot for …” acts on the whole delegation.'),
      h('div', {}, Object.entries(seats).map(([seat, r]) => h('div', { class: 'seat-row', 'data-seat': seat },
        h('span', { class: 'name' }, rules.seatName(seat)),
        h('div', { class: 'players' }, r.bot ? h('span', {}, `bot (${r.bot})`) : r.players.length ? r.players.map((p) => playerRow(p, seat)) : h('span', { class: 'hint' }, 'empty')),
        delegation(seat, r)))),
      unseated.length ? h('div', { class: 'waiting-seats' }, h('h3', {}, 'Waiting for a seat'), unseated.map((p) => h('div', { class: 'seat-row' }, playerRow(p, null)))) : null),
  ];
}

function seatCount(roster) {
  const seats = Object.values(roster.seats);
  const people = seats.reduce((n, s) => n + s.players.length, 0);
  const bots = seats.filter((s) => s.bot).length;
  return `(${people} ${people === 1 ? 'student' : 'students'} seated, ${bots} ${bots === 1 ? 'bot' : 'bots'}${roster.unseated.length ? `, ${roster.unseated.length} waiting` : ''})`;
}

/** Folded or not, unless the facilitator chose: the seats in the lobby (and while a student waits
 * for one), the board while the game runs; the rest folded, so the controls of the phase at hand
 * are not pages apart. */
function unfoldedByDefault(key, update) {
  const { phase } = update.view;
  if (key === 'seats') return phase === 'lobby' || update.roster.unseated.length > 0;
  if (key === 'board') return phase === 'orders' || phase === 'talks';
  return false;
}

/** The board as the facilitator sees it: everything, secrets included. */
function board(table) {
  const { update, rules } = table;
  const v = update.view;
  return h('details', { class: 'fold', 'data-key': 'board' }, h('summary', {}, h('h3', {}, 'The board and the round log')), h('div', { class: 'columns' },
    h('div', {}, h('h3', {}, 'The crisis'), tracksPanel(rules, v.tracks)),
    h('div', {}, seatsTable(rules, v, update.roster),
      v.delegations ? h('details', { 'data-key': 'secrets' }, h('summary', {}, 'Secret orders and resources (facilitator only)'),
        h('ul', {}, Object.entries(v.delegations).map(([seat, d]) => h('li', {}, `${rules.seatName(seat)}: `,
          `orders ${d.orders?.length ? d.orders.map((c) => rules.cardName(c)).join(', ') : '—'}; `,
          Object.entries(d.tracks).map(([t, n]) => `${rules.trackName(t)} ${n}`).join(', '))))) : null,
      h('h3', { id: 'round-log-h' }, 'Round log'),
      h('ol', { class: 'log', tabindex: 0, 'aria-labelledby': 'round-log-h' }, v.log.map((e) => h('li', { class: e.stand_in || e.stand_ins ? 'stand-in' : null }, rules.entry(e)))))));
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
    panel = { game: entry.game, controls, live: h('div', {}), folds: new Map() }; // folds: what the facilitator folded or unfolded
    fill(body, h('p', { class: 'error', id: 'manage-error', role: 'alert' }), controls.elements, links(table), panel.live);
  }
  $('#manage-h').textContent = `Table ${entry.code}${entry.label ? ` (${entry.label})` : ''} — ${v.phase === 'over' ? `over: ${outcomeName(v.outcome)}` : v.phase === 'lobby' ? 'lobby' : `round ${v.round} of ${v.rounds}, ${phaseName(v.phase)}`}`;

  // The seats and the board are drawn again; what the facilitator was choosing there, what it
  // had unfolded and where the keyboard was stay as they were.
  const live = panel.live;
  const keep = document.activeElement?.dataset?.key;
  const drafts = new Map([...live.querySelectorAll('input[id], select[id]')]
    .filter((el) => el.dataset.touched).map((el) => [el.id, el.value]));
  fill(live, seating(table), board(table));
  for (const [id, value] of drafts) {
    const el = document.getElementById(id);
    if (el) { el.value = value; el.dataset.touched = 'yes'; }
  }
  for (const d of live.querySelectorAll('details[data-key]')) {
    d.open = panel.folds.has(d.dataset.key) ? panel.folds.get(d.dataset.key) : unfoldedByDefault(d.dataset.key, update);
  }
  refreshOnline(table, panel.controls);
  if (keep) live.querySelector(`[data-key="${CSS.escape(keep)}"]`)?.focus();
}

document.addEventListener('input', (e) => { if (e.target.closest('#manage-body')) e.target.dataset.touched = 'yes'; });
// A click on a fold's summary is the facilitator's choice, kept over the phase's default (the
// click comes before the fold opens or closes, so the choice is the opposite of its state now).
document.addEventListener('click', (e) => {
  const fold = e.target.closest('#manage-body details[data-key] > summary')?.parentElement;
  if (fold && panel) panel.folds.set(fold.dataset.key, !fold.open);
});

init().catch((error) => { $('#create-error').textContent = error.message; });
