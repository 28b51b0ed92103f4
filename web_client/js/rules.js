// Words for the scenario's ids: track names and labels, seats, cards, clauses, and what a
// change, an effect or a log entry means, in sentences a player can read.

const GROUP_TITLES = {
  tension: 'Tension ladder',
  crossings: 'Crossings',
  places: 'Places',
  forces: 'Force postures',
  issues: 'Issues on the table',
};

const PHASES = { lobby: 'Lobby', orders: 'Secret orders', talks: 'Brussels talks', over: 'Game over' };
const OUTCOMES = { agreement: 'Agreement', armed_clash: 'Armed clash', de_escalated: 'De-escalated without agreement', deadlock: 'Deadlock' };

export const phaseName = (phase) => PHASES[phase] || phase;
export const outcomeName = (outcome) => OUTCOMES[outcome] || outcome || '';
/** The reason a delegation gave for its answer or amendment, as the end of a log sentence. */
export const reasonText = (e) => (e.reason ? ` Reason: “${e.reason}”` : '');
export const humanise = (id) => String(id).replace(/[_-]+/g, ' ').replace(/^./, (c) => c.toUpperCase());

export class Rules {
  constructor(data) {
    this.data = data;
    this.tracks = new Map(data.tracks.map((t) => [t.id, t]));
    this.seatTracks = new Map(data.seat_tracks.map((t) => [t.id, t]));
    this.seats = new Map(data.seats.map((s) => [s.id, s]));
    this.cards = new Map(data.cards.map((c) => [c.id, c]));
    this.clauses = new Map(data.clauses.map((c) => [c.id, c]));
    this.events = new Map(data.events.map((e) => [e.id, e]));
    this.viewer = null;
    this.revealAll = false;
    this.people = new Map(); // roster player id → nickname: who of a team said or did what
    this.properNames = null; // words of delegation names, kept capitalised inside a sentence
  }

  /** Learn the nicknames behind the log's `author` ids from a roster ({seats, unseated}). Names
   * are kept once learnt: a player who stood up or left still wrote what they wrote. */
  setPeople(roster) {
    this.botSeats = new Set();
    for (const [id, seat] of Object.entries(roster?.seats || {})) {
      for (const p of seat.players || []) this.people.set(p.id, p.nickname);
      if (seat.bot) this.botSeats.add(id);
    }
    for (const p of roster?.unseated || []) this.people.set(p.id, p.nickname);
  }

  /** The nickname of an entry's author, or null (a bot, or no author recorded). */
  author(e) { return (e && e.author && this.people.get(e.author)) || null; }

  /** "Serbia (Ana)": a delegation and, when a person acted, which member; "Russia (bot)" for an
   * act with no author at a seat a bot plays (a bot that stands in for people says so). */
  byline(seat, e) {
    const name = this.seatName(seat);
    const who = this.author(e);
    if (who) return `${name} (${who})`;
    return e && 'author' in e && e.author === null && this.botSeats?.has(seat) ? `${name} (bot)` : name;
  }

  get clashTrack() { return this.tracks.get(this.data.clash_track); }

  /** Whose eyes the page is for: another seat's private tracks (political capital) are not
   * shown while the game runs. `seat` null: public only; revealAll: the game is over. */
  setViewer(seat, revealAll = false) {
    this.viewer = seat;
    this.revealAll = revealAll;
  }

  /** The changes a page shows, in words: another delegation's private track stays private. */
  changes(list) {
    const shown = (list || []).filter((c) => this.revealAll || !c.seat || c.seat === this.viewer
      || this.seatTracks.get(c.track)?.public !== false);
    return shown.map((c) => this.change(c));
  }

  groups() {
    const groups = new Map();
    for (const track of this.data.tracks) {
      if (!groups.has(track.group)) groups.set(track.group, []);
      groups.get(track.group).push(track);
    }
    return [...groups].map(([id, tracks]) => ({ id, title: GROUP_TITLES[id] || humanise(id), tracks }));
  }

  seatName(id) { return this.seats.get(id)?.name || humanise(id); }
  cardName(id) { return this.cards.get(id)?.name || humanise(id); }
  clauseTitle(id) { return this.clauses.get(id)?.title || humanise(id); }
  eventTitle(id) { return this.events.get(id)?.title || humanise(id); }
  trackName(id) { return (this.tracks.get(id) || this.seatTracks.get(id))?.name || humanise(id); }

  /** A value's label inside a sentence ("is not at their stations", "becomes both demand…"):
   * its first letter lowered, unless its first word is a name (a delegation's, or an acronym). */
  inline(trackId, value) {
    const label = this.valueLabel(trackId, value);
    const first = label.split(/\s/)[0];
    if (!this.properNames) {
      this.properNames = new Set(this.data.seats.flatMap((seat) => seat.name.split(/[\s/]+/)));
    }
    if (this.properNames.has(first) || /^.[A-Z]/.test(first) || typeof value === 'number') return label;
    return label.charAt(0).toLowerCase() + label.slice(1);
  }

  /** The words for a track's value: its label if it has one. */
  valueLabel(trackId, value) {
    const track = this.tracks.get(trackId);
    const label = track?.labels?.[String(value)];
    if (label) return label;
    return typeof value === 'number' ? String(value) : humanise(value);
  }

  /** "Tension: 3 (Tense) → 5 (Crisis) +2 ▲ escalation" or "Serbia · Political capital: 2 → 1 -1". */
  change(change) {
    if (change.news) return change.news;
    const who = change.seat ? `${this.seatName(change.seat)} · ` : '';
    const show = (v) => {
      if (change.seat) return String(v);
      const label = this.valueLabel(change.track, v);
      return typeof v === 'number' && label !== String(v) ? `${v} (${label})` : label;
    };
    let tail = '';
    if (typeof change.before === 'number' && typeof change.after === 'number') {
      const d = change.after - change.before;
      tail = ` ${d > 0 ? '+' : ''}${d}`;
      if (!change.seat && change.track === this.data.clash_track) tail += d > 0 ? ' ▲ escalation' : ' ▼ de-escalation';
    }
    return `${who}${this.trackName(change.track)}: ${show(change.before)} → ${show(change.after)}${tail}`;
  }

  cost(cost) {
    const parts = Object.entries(cost || {}).map(([t, n]) => `${n} ${this.trackName(t).toLowerCase()}`);
    return parts.length ? parts.join(', ') : 'free';
  }

  /** An effect of the card/event/clause vocabulary, in words. */
  effect(effect) {
    if ('shift' in effect) return `${this.trackName(effect.shift)} ${effect.by > 0 ? '+' : ''}${effect.by}`;
    if ('set' in effect) return `${this.trackName(effect.set)} becomes ${this.inline(effect.set, effect.to)}`;
    if ('shift_seat' in effect) {
      const target = { self: 'own', others: "every other delegation's", all: "every delegation's" }[effect.seat || 'self']
        || `${this.seatName(effect.seat)}'s`;
      return `${target} ${this.trackName(effect.shift_seat).toLowerCase()} ${effect.by > 0 ? '+' : ''}${effect.by}`;
    }
    if ('chance' in effect) {
      const then = (effect.then || []).map((e) => this.effect(e)).join('; ') || 'nothing';
      const other = (effect.else || []).map((e) => this.effect(e)).join('; ');
      return `${Math.round(effect.chance * 100)}% chance: ${then}${other ? `; otherwise ${other}` : ''}`;
    }
    if ('if' in effect) {
      const then = (effect.then || []).map((e) => this.effect(e)).join('; ') || 'nothing';
      const other = (effect.else || []).map((e) => this.effect(e)).join('; ');
      return `if ${this.condition(effect.if)}: ${then}${other ? `; otherwise ${other}` : ''}`;
    }
    if ('news' in effect) return `news: “${effect.news}”`;
    return JSON.stringify(effect);
  }

  condition(cond) {
    if (!cond) return 'always';
    if (cond.all) return cond.all.map((c) => this.condition(c)).join(' and ');
    if (cond.any) return cond.any.map((c) => this.condition(c)).join(' or ');
    if (cond.not) return `not (${this.condition(cond.not)})`;
    const cmp = (c, read) => {
      if ('gte' in c) return `${read} ≥ ${c.gte}`;
      if ('lte' in c) return `${read} ≤ ${c.lte}`;
      if ('eq' in c) return `${read} is ${this.inline(c.track, c.eq)}`;
      if ('ne' in c) return `${read} is not ${this.inline(c.track, c.ne)}`;
      if ('in' in c) return `${read} is one of ${c.in.map((v) => this.inline(c.track, v)).join(', ')}`;
      return read;
    };
    if (cond.track) return cmp(cond, this.trackName(cond.track));
    if (cond.seat_track) return cmp(cond, `${cond.seat && cond.seat !== 'self' ? `${this.seatName(cond.seat)}'s ` : 'own '}${this.trackName(cond.seat_track).toLowerCase()}`);
    if (cond.round_gte) return `from round ${cond.round_gte}`;
    if (cond.round_lte) return `until round ${cond.round_lte}`;
    if (cond.clause_bound) return `“${this.clauseTitle(cond.clause_bound)}” is agreed`;
    if (cond.outcome) return `the game ends in ${outcomeName(cond.outcome).toLowerCase()}`;
    return JSON.stringify(cond);
  }

  channelName(channel, mySeat) {
    if (channel === 'plenary') return 'Plenary (everyone)';
    const [kind, rest] = channel.split(':');
    if (kind === 'delegation') return rest === mySeat ? 'Our delegation' : `Delegation: ${this.seatName(rest)}`;
    if (kind === 'bilateral') {
      const [a, b] = rest.split('+');
      const other = a === mySeat ? b : b === mySeat ? a : null;
      return other ? `Bilateral with ${this.seatName(other)}` : `Bilateral ${this.seatName(a)} – ${this.seatName(b)}`;
    }
    return channel;
  }

  /** One log entry as a sentence (null: an entry not worth a line), with the engine's mark when
   * a bot stood in for a delegation's absent people. */
  entry(e) {
    const text = this.sentence(e);
    if (e.stand_in) return `${text} (played by a bot for ${this.seatName(e.seat || e.by)})`;
    if (e.stand_ins?.length) return `${text} (played by a bot for ${e.stand_ins.map((s) => this.seatName(s)).join(', ')})`;
    return text;
  }

  sentence(e) {
    const seat = e.seat ? this.byline(e.seat, e) : '';
    switch (e.type) {
      case 'game_opened': return 'The table is open.';
      case 'game_started': return 'The game begins.';
      case 'round_started': return `Round ${e.round} of ${e.rounds} begins.`;
      case 'event_revealed': return `Event: ${e.title} — ${e.text}`;
      case 'event_injected': return `Inject from the facilitator: ${e.title} — ${e.text}`;
      case 'orders_submitted': return `${seat} ${e.revised ? 'revised its' : 'submitted'} secret orders.`;
      case 'orders_noted': return `${e.seat === this.viewer ? 'Your' : `${seat}'s secret`} orders: ${e.cards.length ? e.cards.map((c) => this.cardName(c)).join(', ') : 'nothing'}.`;
      case 'orders_revealed': return 'Orders revealed: ' + Object.entries(e.orders)
        .map(([s, cards]) => `${this.seatName(s)}: ${cards.length ? cards.map((c) => this.cardName(c)).join(' + ') : 'nothing'}`).join('; ') + '.';
      case 'card_resolved': return `${seat} played ${this.cardName(e.card)} (cost: ${this.cost(e.cost)})` +
        (this.changes(e.changes).length ? ` — ${this.changes(e.changes).join('; ')}` : ' — no visible change') + '.';
      case 'card_fizzled': return `${seat}'s ${this.cardName(e.card)} fizzled: ${e.reason}.`;
      case 'talks_opened': return 'Brussels talks open.';
      case 'proposal_tabled': return `${this.byline(e.by, e)} tabled proposal #${e.proposal}${e.amends ? ` (amending #${e.amends})` : ''}: ${e.clauses.map((c) => this.clauseTitle(c)).join(', ')}.${reasonText(e)}`;
      case 'proposal_answered': return `${seat} ${e.answer === 'accept' ? 'accepted' : 'rejected'} proposal #${e.proposal}${e.status !== 'open' ? ` — it is ${e.status}` : ''}.${reasonText(e)}`;
      case 'proposal_signed': return `${seat} signed proposal #${e.proposal}.`;
      case 'agreement_bound': return `Agreement: proposal #${e.proposal} binds (${e.clauses.map((c) => this.clauseTitle(c)).join(', ')}), signed by ${e.signatories.map((s) => this.seatName(s)).join(', ')}` +
        (this.changes(e.changes).length ? ` — ${this.changes(e.changes).join('; ')}` : '') + '.';
      case 'statement': return `${seat} to the press: “${e.text}”`;
      case 'message': return `[${this.channelName(e.channel)}] ${seat}: ${e.text}`;
      case 'seat_ready': return `${seat} is done with these talks.`;
      case 'talks_closed': return 'Talks close.';
      case 'phase_closed': return `The ${e.phase} phase was closed${e.by === 'facilitator' ? ' by the facilitator' : ' at the deadline'}.`;
      case 'announcement': return `Announcement: ${e.text}`;
      case 'game_over': return `Game over: ${outcomeName(e.outcome)} — ${e.reason}.`;
      default: return humanise(e.type);
    }
  }
}
