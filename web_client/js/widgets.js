// Pieces several pages share: the tracks, the timer, the roster, the status line.
import { $, h, fill, formatSeconds } from './dom.js';
import { phaseName } from './rules.js';

/** The tension ladder, top (clash) first; the current rung is marked in words and shape. */
export function ladder(rules, track, value) {
  const rungs = [];
  for (let v = track.max; v >= track.min; v -= 1) {
    const current = v === value;
    rungs.push(h('li', {
      class: `rung${current ? ' current' : ''}${v > value ? ' above' : ''}`,
      'aria-current': current ? 'step' : null,
      'data-level': Math.round((v - track.min) / Math.max(1, track.max - track.min) * 4),
    },
    h('span', { class: 'rung-value' }, String(v)),
    h('span', { class: 'rung-label' }, rules.valueLabel(track.id, v)),
    current ? h('span', { class: 'rung-now' }, '◀ now') : null));
  }
  return h('section', { class: 'ladder', 'aria-label': `${track.name}: ${value} of ${track.max}, ${rules.valueLabel(track.id, value)}` },
    h('h3', {}, `${track.name}: ${value} / ${track.max} — ${rules.valueLabel(track.id, value)}`),
    h('ol', { class: 'rungs', 'data-track': track.id }, rungs),
    track.description ? h('details', { class: 'hint', 'data-key': `rungs-${track.id}` }, h('summary', {}, 'What the rungs mean'), h('p', {}, track.description)) : null);
}

const STATE_MARKS = { open: '○', blockaded: '✖', police_held: '▣', kfor_held: '◆', none: '–' };

function trackValue(rules, track, value) {
  if (typeof value === 'number' && track.max !== undefined && track.max !== null && !(track.values || []).length) {
    return h('dd', { 'data-track': track.id },
      h('meter', { min: track.min, max: track.max, value, 'aria-hidden': 'true' }),
      ` ${value} / ${track.max}`);
  }
  const index = (track.values || []).indexOf(value);
  return h('dd', { 'data-track': track.id, 'data-value': String(value), class: `state state-${value}` },
    h('span', { class: 'mark', 'aria-hidden': 'true' }, STATE_MARKS[value] || '●'), ' ',
    h('strong', {}, rules.valueLabel(track.id, value)),
    index >= 0 && track.values.length > 2 ? h('span', { class: 'hint' }, ` (${index + 1} of ${track.values.length})`) : null);
}

/** A flavour or source line in quotation marks, without doubling the ones it already has. */
export function quoted(text) {
  const bare = String(text).trim().replace(/^["“”]+|["“”]+$/g, '');
  return `“${bare}”`;
}

/** Every public track, by group; the clash track as a ladder. */
export function tracksPanel(rules, values, { skipClash = false, only = null, except = [] } = {}) {
  const out = h('div', { class: 'tracks' });
  for (const group of rules.groups()) {
    if ((only && !only.includes(group.id)) || except.includes(group.id)) continue;
    const section = h('section', { class: `track-group group-${group.id}` }, h('h3', {}, group.title));
    const list = h('dl', {});
    for (const track of group.tracks) {
      if (track.id === rules.data.clash_track) {
        if (!skipClash) section.append(ladder(rules, track, values[track.id]));
        continue;
      }
      list.append(h('dt', {}, track.name), trackValue(rules, track, values[track.id]));
    }
    if (list.children.length) section.append(list);
    if (section.children.length > 1) out.append(section);
  }
  return out;
}

/** Seats and their public standing, who has ordered and who is done talking. */
export function seatsTable(rules, view, roster) {
  const publicTracks = rules.data.seat_tracks.filter((t) => t.public);
  return h('table', { class: 'seats' },
    h('caption', {}, 'Delegations'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Delegation'),
      publicTracks.map((t) => h('th', { scope: 'col' }, t.name)),
      h('th', { scope: 'col' }, 'Played by'), h('th', { scope: 'col' }, 'This phase'))),
    h('tbody', {}, Object.entries(view.seats).map(([seat, s]) => {
      const r = roster?.seats?.[seat];
      const who = r?.bot ? `bot (${r.bot})` : (r?.players || []).map((p) => p.nickname).join(', ') || 'empty';
      const doing = view.phase === 'orders' ? (s.ordered ? '✓ orders in' : '… choosing')
        : view.phase === 'talks' ? (s.ready ? '✓ done talking' : '… talking') : '';
      // data-label: a phone shows each row as a card, each value after its column's name
      return h('tr', { 'data-seat': seat }, h('th', { scope: 'row' }, rules.seatName(seat)),
        publicTracks.map((t) => h('td', { 'data-label': t.name }, String(s.tracks[t.id]))),
        h('td', { 'data-label': 'Played by' }, who), h('td', { 'data-label': 'This phase' }, doing));
    })));
}

/** A phase timer that counts down locally between updates; null timer: "no timer". */
export class TimerView {
  /** speak(text), if given, is told once when a running phase has a minute and 15 s left. */
  constructor(el, { speak = null } = {}) {
    this.el = el;
    this.timer = null;
    this.speak = speak;
    this.spoken = new Set();
    this.tick = window.setInterval(() => this.draw(), 500);
  }

  set(timer) {
    this.timer = timer ? { ...timer, until: Date.now() + timer.seconds_left * 1000 } : null;
    this.draw();
  }

  draw() {
    const t = this.timer;
    if (!t) {
      fill(this.el, h('span', { class: 'timer-off' }, 'No timer'));
      this.el.dataset.state = 'off';
      return;
    }
    const left = t.paused ? t.seconds_left : (t.until - Date.now()) / 1000;
    for (const mark of [60, 15]) {
      const key = `${t.round}:${t.phase}:${mark}`;
      if (this.speak && !t.paused && left <= mark && left > mark - 5 && !this.spoken.has(key)) {
        this.spoken.add(key);
        this.speak(mark === 60 ? 'One minute left in this phase.' : '15 seconds left in this phase.');
      }
    }
    const low = !t.paused && left < 30;
    this.el.dataset.state = t.paused ? 'paused' : low ? 'low' : 'running';
    fill(this.el, h('span', { class: 'timer-clock', role: 'timer', 'aria-label': `${formatSeconds(left)} left${t.paused ? ', paused' : ''}` },
      `${formatSeconds(left)} left`), t.paused ? h('span', { class: 'timer-paused' }, ' ❚❚ paused') : null,
      low ? h('span', { class: 'timer-low' }, ' — hurry') : null);
  }
}

export function statusLine(el, status) {
  const words = { online: '● Connected', offline: '○ Offline — reconnecting…', reconnecting: '◌ Reconnecting…', joining: '◌ Joining…', failed: '✕ Could not join' };
  el.textContent = words[status] || status;
  el.dataset.status = status;
}

export function phaseBadge(view) {
  const text = view.phase === 'lobby' ? 'Lobby — waiting to start'
    : view.phase === 'over' ? 'Game over'
    : `Round ${view.round} of ${view.rounds} · ${phaseName(view.phase)}`;
  return h('span', { class: `phase phase-${view.phase}`, 'data-phase': view.phase }, text);
}

/** Who sits where. `me`: the page's player, marked with its delegation; `action(seat, r)`: controls
 * to show beside a delegation (the lobby's seat buttons), or null. */
export function rosterList(rules, roster, { me = null, action = null } = {}) {
  return h('ul', { class: 'roster' }, Object.entries(roster.seats).map(([seat, r]) => {
    const mine = r.players.some((p) => p.id === me);
    return h('li', { 'data-seat': seat, class: mine ? 'mine' : null },
      h('strong', {}, rules.seatName(seat)), ': ',
      r.bot ? h('span', { class: 'bot' }, `bot (${r.bot})`)
        : r.players.length ? r.players.map((p, i) => [i ? ', ' : '', h('span', { class: p.id === me ? 'me' : null },
          p.nickname, p.id === r.head ? ' (head)' : '', p.id === me ? ' — you' : '')])
          : h('span', { class: 'hint' }, 'empty — a bot will play it'),
      mine ? h('span', { class: 'tag' }, ' ◀ your delegation') : null,
      action ? action(seat, r) : null);
  }),
  roster.unseated.length ? h('li', {}, h('strong', {}, 'Waiting for a seat: '), roster.unseated.map((p) => p.nickname).join(', ')) : null);
}

/** A form's timer fields (by default #orders-seconds, #talks-seconds) follow its #use-timers
 * checkbox, from the first moment the page shows. */
export function timerFields(ids = ['orders-seconds', 'talks-seconds']) {
  const sync = () => {
    const on = $('#use-timers').checked;
    for (const id of ids) document.getElementById(id).disabled = !on;
  };
  $('#use-timers').addEventListener('change', sync);
  sync();
}
