// The player page's lobby and table views: who is here; the crisis, the briefing, the cards and
// secret orders, the reveal of every delegation's moves, the round log.
import { $, h, fill } from './dom.js';
import { outcomeName } from './rules.js';
import { tracksPanel, seatsTable, rosterList, quoted } from './widgets.js';
import { state, gameId, isHead, rerender, drafts } from './play-state.js';

export function renderLobby(v) {
  const { rules, update } = state;
  fill($('#lobby-me'), state.seat
    ? `You sit for ${rules.seatName(state.seat)}${isHead() ? ' as head of delegation: you submit its moves.' : '.'}`
    : v.phase === 'lobby' ? 'You have no seat yet: choose a delegation below, or the facilitator will seat you.'
      : 'You are in the room; the facilitator will seat you at a delegation.');
  fill($('#lobby-roster'), rosterList(rules, update.roster, { me: state.player, action: v.phase === 'lobby' ? seatChoice : null }),
    update.roster.spectators ? h('p', { class: 'hint' }, `${update.roster.spectators} watching (projector or spectators).`) : null);
  const seat = state.seat && rules.seats.get(state.seat);
  fill($('#lobby-profile'), seat ? h('div', { class: 'card' }, h('h3', {}, seat.name), h('p', {}, seat.profile)) : null,
    h('details', { 'data-key': 'about' }, h('summary', {}, 'About this crisis'), h('p', {}, rules.data.summary)));
}

/** Before the start a player picks a delegation: "Sit here" where there is room (not a bot's, fewer
 * than a team), "Stand up" at its own. The server decides; the next update redraws the list. */
function seatChoice(seat, r) {
  if (r.bot) return null;
  const size = state.teamSize;
  const name = state.rules.seatName(seat);
  const count = size ? h('span', { class: 'hint' }, ` · ${r.players.length} of ${size}`) : null;
  if (seat === state.seat) return [count, ' ', seatButton(seat, null, 'Stand up', `Stand up from ${name}`)];
  if (size && r.players.length >= size) return [count, h('span', { class: 'hint' }, ' — full')];
  return [count, ' ', seatButton(seat, seat, 'Sit here', `Sit here at ${name}`)];
}

// Sitting down and standing up at a delegation share a key, so focus stays on its button.
const seatButton = (seat, choice, text, label) => h('button', {
  type: 'button', class: 'seat-choice', 'data-key': `seat-${seat}`, 'aria-label': label,
  onclick: async () => {
    if (state.choosing) return;
    state.choosing = true;
    $('#lobby-error').textContent = '';
    try {
      await state.link.send('choose_seat', { seat: choice });
    } catch (error) {
      $('#lobby-error').textContent = error.message;
    } finally {
      state.choosing = false;
    }
  },
}, text);

export function renderTable(v) {
  const { rules } = state;
  fill($('#outcome'), v.phase === 'over' ? h('div', { class: `banner outcome-${v.outcome}`, role: 'status' },
    h('strong', {}, `Game over: ${outcomeName(v.outcome)}`), ` — ${v.termination}. `,
    h('a', { href: `/debrief?game=${encodeURIComponent(gameId)}` }, 'Open the debrief')) : null);
  const event = v.event && rules.events.get(v.event);
  fill($('#event'), event ? h('aside', { class: 'event', 'aria-label': 'Event this round' },
    h('p', { class: 'kicker' }, `Round ${v.round} event`), h('h3', {}, event.title), h('p', {}, event.text),
    event.source ? h('p', { class: 'source' }, quoted(event.source)) : null) : null);
  fill($('#tracks'), tracksPanel(rules, v.tracks));
  renderSummary(v, event);
  fill($('#seats'), seatsTable(rules, v, state.update.roster));
  renderRole(v);
  renderOrders(v);
  renderReveal(v);
  // While orders are open the cards come first; once revealed, what everyone did does.
  const orders = $('#orders-card');
  const reveal = $('#reveal');
  if (v.phase === 'orders' && orders.previousElementSibling === reveal) {
    orders.after(reveal);
  } else if (v.phase !== 'orders' && v.phase !== 'lobby' && reveal.nextElementSibling !== orders) {
    orders.before(reveal);
  }
  fill($('#round-log'), v.log.map((e) => h('li', { class: `log-${e.type}` }, rules.entry(e))));
}

/** One line a phone reader takes in at a glance: tension and the round's event, the event's
 * text a tap away. The full tracks stay in "The crisis" below (beside the cards on a laptop). */
function renderSummary(v, event) {
  const { rules } = state;
  const clash = rules.clashTrack;
  const tension = v.tracks[clash.id];
  fill($('#crisis-summary'),
    h('p', { class: 'summary-line' },
      h('span', { class: 'summary-tension', 'data-level': Math.round((tension - clash.min) / Math.max(1, clash.max - clash.min) * 4) },
        `${clash.name} ${tension}/${clash.max}`), ' ',
      h('span', {}, rules.valueLabel(clash.id, tension))),
    event ? h('details', { class: 'summary-event', 'data-key': 'summary-event' },
      h('summary', {}, h('span', { class: 'kicker' }, `Round ${v.round} event: `), event.title),
      h('p', {}, event.text)) : null);
}

/** Who the player is, before anything else: the delegation's profile, its confidential briefing
 * and secret objectives, and how a round works. Open until the player says it is read (kept
 * per game and seat in this browser); a click on its heading opens it again. */
function renderRole(v) {
  const { rules } = state;
  const you = v.you;
  const box = $('#role-box');
  $('#role').hidden = !you;
  if (!you) { fill($('#briefing')); return; }
  const seat = rules.seats.get(you.seat);
  $('#role-h').textContent = `Your role: ${rules.seatName(you.seat)}`;
  $('#role-sub').textContent = box.open ? '' : ' — briefing, secret objectives, how a round works (tap to open)';
  if (state.roleOpen === null) {
    state.roleOpen = !drafts.roleRead();
    box.open = state.roleOpen;
    $('#role-sub').textContent = box.open ? '' : ' — briefing, secret objectives, how a round works (tap to open)';
  }
  $('#role-read').hidden = drafts.roleRead() && !box.open;
  fill($('#intro'), v.round <= 1 && !drafts.roleRead() ? [
    h('p', { class: 'lede' }, `Welcome to ${rules.data.title}. You play ${rules.seatName(you.seat)}: read who you are and what you secretly want, then choose your first moves.`),
    h('details', { 'data-key': 'intro-crisis' }, h('summary', {}, 'The crisis in a paragraph'), h('p', {}, rules.data.summary))] : null);
  const own = rules.data.seat_tracks.map((t) => h('li', {}, `${t.name}: ${you.tracks[t.id]} / ${t.max}${t.public ? '' : ' (secret)'}`));
  fill($('#briefing'),
    seat?.profile ? [h('h3', {}, 'Who you are'), h('p', {}, seat.profile)] : null,
    h('h3', {}, 'Confidential briefing'),
    h('p', {}, you.briefing),
    h('h3', {}, 'Secret objectives'),
    h('ul', { class: 'objectives' }, you.objectives.map((o) => h('li', { class: o.met ? 'met' : 'unmet' },
      h('span', { class: 'mark', 'aria-hidden': 'true' }, o.met ? '✔' : '○'), ' ', o.text, ` — ${o.points} pts`,
      h('span', { class: 'sr-tag' }, o.met ? ' (met now)' : ' (not met yet)')))),
    h('h3', {}, 'Your resources'), h('ul', {}, own));
}

function renderOrders(v) {
  const { rules } = state;
  const you = v.you;
  const form = $('#orders-form');
  const mine = you ? rules.data.cards.filter((c) => c.seats.includes(you.seat)) : [];
  const ordering = v.phase === 'orders' && you;
  const head = isHead();
  if (state.cardsRound !== v.round) { // a new round: start from what the server holds, or the kept draft
    const kept = you && v.phase === 'orders' ? drafts.cards(you.seat, v.round) : null;
    state.cards = new Set(kept || you?.orders || []);
    state.cardsRound = v.round;
  }
  const playable = new Set(you?.playable || []);
  const limit = rules.data.orders_per_round;
  $('#orders-hint').textContent = !you ? 'You have no seat yet.'
    : v.phase !== 'orders' ? `Orders are chosen in the secret-orders phase. ${v.phase === 'talks' ? 'This round’s moves are revealed below.' : ''}`
    : !head ? 'Your head of delegation submits the orders; discuss them in your delegation channel.'
    : `Choose up to ${limit} card${limit > 1 ? 's' : ''}; nobody sees them until all are revealed. You may revise until the timer ends.`;
  fill($('#cards'), mine.map((card) => {
    const can = ordering && head && playable.has(card.id);
    const id = `card-${card.id}`;
    return h('div', { class: `game-card${can ? '' : ' unavailable'}${state.cards.has(card.id) ? ' chosen' : ''}`, 'data-card': card.id },
      h('input', {
        type: 'checkbox', id, 'data-key': id, checked: state.cards.has(card.id), disabled: !can,
        onchange: (e) => {
          if (e.target.checked) state.cards.add(card.id); else state.cards.delete(card.id);
          drafts.keepCards();
          rerender();
        },
      }),
      h('label', { for: id },
        h('span', { class: 'card-name' }, card.name),
        h('span', { class: 'card-cost' }, ` · cost: ${rules.cost(card.cost)}`),
        h('span', { class: 'card-step' }, ` · resolves at: ${card.step}`)),
      h('p', { class: 'flavour' }, quoted(card.flavour)),
      h('p', { class: 'effects' }, 'Effect: ', card.effects.map((e) => rules.effect(e)).join('; ')),
      card.requires ? h('p', { class: 'requires' }, `Needs: ${rules.condition(card.requires)}`) : null,
      card.uses ? h('p', { class: 'hint' }, `Can be played ${card.uses} time${card.uses > 1 ? 's' : ''} a game.`) : null,
      ordering && !playable.has(card.id) ? h('p', { class: 'hint' }, 'Not playable now (cost, conditions or uses).') : null);
  }));
  const submit = $('#submit-orders');
  submit.disabled = !(ordering && head) || state.cards.size > limit;
  const ordered = Boolean(you && v.seats[you.seat]?.ordered);
  submit.textContent = v.phase !== 'orders' ? 'Orders are closed'
    : state.cards.size === 0 && head ? (ordered ? 'Revise: order nothing' : 'Submit: order nothing')
    : ordered ? 'Revise orders' : 'Submit orders';
  $('#orders-state').textContent = you && v.phase === 'orders' && v.seats[you.seat]?.ordered
    ? `Submitted: ${(you.orders || []).map((c) => rules.cardName(c)).join(', ') || 'nothing'}.` : '';
  $('#orders-count').textContent = ordering && head
    ? `${state.cards.size} of ${limit} chosen${state.cards.size > limit ? ` — untick ${state.cards.size - limit}` : ''}` : '';
  form.dataset.phase = v.phase;
}

const changeLines = (lines) => (lines.length ? lines.map((l) => h('span', { class: 'change' }, l)) : 'no visible change');

/** The moves in the order they resolved (the log's order), each with the tracks before → after;
 * a card whose conditions no longer held when its turn came is marked as fizzled. */
function renderReveal(v) {
  const { rules } = state;
  const revealed = v.log.find((e) => e.type === 'orders_revealed');
  if (!revealed) {
    fill($('#reveal-body'), h('p', { class: 'hint' }, v.phase === 'orders'
      ? 'Moves stay secret until every delegation has ordered or the timer ends.' : 'Nothing revealed yet.'));
    return;
  }
  const results = v.log.filter((e) => e.type === 'card_resolved' || e.type === 'card_fizzled');
  const done = new Set(results.map((e) => `${e.seat}:${e.card}`));
  const unresolved = Object.entries(revealed.orders).flatMap(([seat, cards]) => cards.filter((c) => !done.has(`${seat}:${c}`)).map((card) => ({ seat, card })));
  const idle = Object.entries(revealed.orders).filter(([, cards]) => !cards.length).map(([seat]) => seat);
  const row = (i, seat, card, what, cls) => h('tr', { 'data-seat': seat, 'data-card': card, class: cls },
    h('td', { class: 'num' }, i), h('th', { scope: 'row' }, rules.seatName(seat)), h('td', {}, card ? rules.cardName(card) : 'nothing'), h('td', {}, what));
  fill($('#reveal-body'),
    h('p', { class: 'hint' }, 'In the order the moves resolved; each shows the tracks before → after.'),
    h('table', { class: 'reveal' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Step'), h('th', { scope: 'col' }, 'Delegation'), h('th', { scope: 'col' }, 'Move'), h('th', { scope: 'col' }, 'What it changed'))),
      h('tbody', {},
        results.map((e, i) => (e.type === 'card_fizzled'
          ? row(String(i + 1), e.seat, e.card, h('span', { class: 'fizzled' }, '✗ Fizzled: ', e.reason), 'fizzled')
          : row(String(i + 1), e.seat, e.card, changeLines(rules.changes(e.changes)), 'resolved'))),
        unresolved.map(({ seat, card }) => row('—', seat, card, 'not resolved (the crisis ended first)', 'unresolved')),
        idle.map((seat) => row('—', seat, null, 'ordered nothing', 'idle')))));
}
