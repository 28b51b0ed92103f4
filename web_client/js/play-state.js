// The player page's state, shared by its views: what the server last sent and the drafts the
// page keeps (cards ticked, clauses chosen, the channel open, the log read so far).
import { params } from './dom.js';
import { seatOf } from './store.js';

export const gameId = params().get('game');
export const me = gameId ? seatOf(gameId) : null;
export const state = {
  rules: null, update: null, seat: null, player: me?.player || null,
  teamSize: null, // how many people a delegation seats (from the rejoin answer)
  choosing: false, // a choose_seat is on its way: a second click waits for its answer
  history: new Map(), // engine log position → entry, for everything this seat may read
  tab: null, userChoseTab: false, phaseKey: null,
  cards: new Set(), cardsRound: null, clauses: new Set(), amending: null,
  channel: 'plenary', seen: new Map(), loaded: false,
  sent: [], // texts this page sent, so its own words are not read back to it
};

/** Whether this page's player is the head of its delegation (who submits, proposes, signs). */
export const isHead = () => {
  const seat = state.update?.roster?.seats?.[state.seat];
  return Boolean(seat && seat.head === state.player);
};

/** Draw the page again (set by play.js). */
export const rerender = () => state.render && state.render();
