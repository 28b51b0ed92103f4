// The player page's state, shared by its views: what the server last sent and the drafts the
// page keeps (cards ticked, clauses chosen, the channel open, the log read so far).
import { params } from './dom.js';
import { seatOf, draftOf, keepDraft } from './store.js';

export const gameId = params().get('game');
export const me = gameId ? seatOf(gameId) : null;
export const state = {
  rules: null, update: null, seat: null, player: me?.player || null,
  teamSize: null, // how many people a delegation seats (from the rejoin answer)
  choosing: false, // a choose_seat is on its way: a second click waits for its answer
  history: new Map(), // engine log position → entry: what this seat may read that the page holds
  from: null, // the page holds every entry it may read from this log position on (the update's window)
  newest: -1, // the newest log position held
  earlier: new Map(), // a pane ('press', 'channel:<id>') → where its "Show earlier" reads before next (null: at the start)
  epoch: 0, // counts the times the history was started again (a snapshot after a gap)
  tab: null, userChoseTab: false, phaseKey: null,
  cards: new Set(), cardsRound: null, clauses: new Set(), amending: null,
  channel: 'plenary',
  seen: new Map(), // channel → the newest message position the reader has seen in it
  sent: [], // texts this page sent, so its own words are not read back to it
  roleOpen: null, // the role card's open state, once set from whether it was read
  pane: 'proposals', // the part of the talks a phone shows
  chatPinned: true, // the message list follows new messages (false once the reader scrolls up)
  proposalNews: null, // {id}: a proposal this page tabled, followed until every party answers
};

/** Drafts kept in this browser for this game and player (see store.js). */
export const drafts = {
  get: () => (gameId && state.player ? draftOf(gameId, state.player) : {}),
  keep: (patch) => { if (gameId && state.player) keepDraft(gameId, state.player, patch); },
  roleRead: () => Boolean(drafts.get().roleRead),
  /** The cards ticked but not yet submitted, if kept for this seat and round. */
  cards: (seat, round) => {
    const d = drafts.get().cards;
    return d && d.seat === seat && d.round === round ? d.ids : null;
  },
  keepCards: () => drafts.keep({ cards: { seat: state.seat, round: state.cardsRound, ids: [...state.cards] } }),
  text: (field) => drafts.get().text?.[field] || '',
  keepText: (field, value) => drafts.keep({ text: { ...(drafts.get().text || {}), [field]: value } }),
};

/** Whether this page's player is the head of its delegation (who submits, proposes, signs). */
export const isHead = () => {
  const seat = state.update?.roster?.seats?.[state.seat];
  return Boolean(seat && seat.head === state.player);
};

/** Draw the page again (set by play.js). */
export const rerender = () => state.render && state.render();
