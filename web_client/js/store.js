// What the browser remembers between visits: seat tokens per game (so a reload or a
// reconnect keeps the seat), a player's drafts, and the facilitator's tokens for the games it opened.
const PREFIX = 'crisis-table:';

function read(key, fallback) {
  try {
    const raw = window.localStorage.getItem(PREFIX + key);
    return raw === null ? fallback : JSON.parse(raw);
  } catch {
    return fallback;
  }
}

function write(key, value) {
  window.localStorage.setItem(PREFIX + key, JSON.stringify(value));
}

export const seatOf = (game) => read(`seat:${game}`, null);
export const rememberSeat = (game, seat) => { write(`seat:${game}`, seat); write('last-game', game); };
export const lastGame = () => read('last-game', null);

// A player's drafts at a table (cards ticked, text half typed, the role read), per game and
// player: a reload or a dropped connection loses none of it.
export const draftOf = (game, player) => read(`draft:${game}:${player}`, {});
export function keepDraft(game, player, patch) {
  try {
    write(`draft:${game}:${player}`, { ...draftOf(game, player), ...patch });
  } catch {
    // storage full or refused (private mode): the draft lives on in the page only
  }
}

export const facilitated = () => read('facilitated', []);
export function rememberFacilitated(entry) {
  const games = facilitated().filter((g) => g.game !== entry.game);
  games.unshift(entry);
  write('facilitated', games.slice(0, 60));
}
export function forgetFacilitated(game) {
  write('facilitated', facilitated().filter((g) => g.game !== game));
}
export const facilitatorOf = (game) => facilitated().find((g) => g.game === game) || null;
