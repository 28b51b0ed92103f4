// The connection to the server. Socket.IO picks websockets and falls back to long-polling by
// itself; it also reconnects by itself after a network drop or a server restart. Each time the
// connection (re)opens, `hello` runs again (rejoin with the seat token, facilitate, or watch),
// so the seat and the view come back without the player doing anything.
import { io } from '/vendor/socket.io-client/dist/socket.io.esm.min.js';

const ACK_TIMEOUT_MS = 15000;

export class ServerError extends Error {
  constructor(error) {
    super(error.message || error.code);
    this.code = error.code;
    this.details = error.details || {};
  }
}

export class Link {
  /**
   * hello(link) → Promise of the ack of join/rejoin/facilitate (with .update) or null.
   * onUpdate(update, { snapshot }) gets every newer update, whole: { game, seq, view, roster,
   * timer }; `snapshot` is true when it came whole (joining, reconnecting, after a missed delta):
   * what the page held before it may not join up with it.
   * onStatus('online'|'offline'|'reconnecting'|'failed', detail).
   */
  constructor({ hello, onUpdate = () => {}, onStatus = () => {}, onHello = () => {} }) {
    this.hello = hello;
    this.onUpdate = onUpdate;
    this.onStatus = onStatus;
    this.onHello = onHello;
    this.mirror = new Mirror();
    this.ready = false;
    this.greeting = false;
    this.resyncing = false;
    this.socket = io({ forceNew: true, reconnectionDelay: 500, reconnectionDelayMax: 3000 });
    this.socket.on('connect', () => this.greet());
    // After a snapshot (the join answer, or a `snapshot` event) the server sends deltas: the public
    // view's to every seated player once (`shared`), a seat's private part only when it changed
    // (`private`), the whole view's to spectators and the facilitator (`update`). See docs/protocol.md.
    this.socket.on('snapshot', (update) => this.snapshot(update));
    for (const event of ['update', 'shared', 'private']) {
      this.socket.on(event, (message) => this.delta(event, message));
    }
    this.socket.on('disconnect', (reason) => {
      this.ready = false;
      if (!this.closed) this.onStatus('offline', reason);
    });
    this.socket.io.on('reconnect_attempt', (n) => this.onStatus('reconnecting', n));
    this.socket.on('connect_error', () => this.onStatus('reconnecting'));
  }

  async greet() {
    this.onStatus('joining');
    this.mirror = new Mirror(); // a new connection: what the server sends from now on is the truth
    this.ready = false;
    try {
      this.greeting = true;
      let answer;
      try { answer = await this.hello(this); } finally { this.greeting = false; }
      this.ready = true;
      if (answer && answer.update) this.snapshot(answer.update);
      this.onStatus('online');
      this.onHello(answer);
    } catch (error) {
      this.onStatus('failed', error);
    }
  }

  snapshot(update) {
    if (!update || !this.mirror.snapshot(update)) return;
    if (this.mirror.latest) this.onUpdate(this.mirror.latest, { snapshot: true });
    else this.resync(); // a delta that came before it did not follow it
  }

  delta(event, message) {
    const before = this.mirror.latest;
    if (!this.mirror.take(event, message)) {
      this.resync();
    } else if (event !== 'private' && this.mirror.latest !== before) {
      this.onUpdate(this.mirror.latest, { snapshot: false });
    }
  }

  /** A delta did not follow what this page holds (one was missed): ask for the whole update. */
  async resync() {
    if (this.resyncing) return;
    this.resyncing = true;
    try {
      const answer = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('resync', {});
      if (answer && answer.ok) this.snapshot(answer.update);
    } catch {
      // No answer: the connection is going; the reconnection's hello brings a snapshot.
    } finally {
      this.resyncing = false;
    }
  }

  /** Send an event; resolves with the ack, rejects with a ServerError when refused. */
  async send(event, payload = {}) {
    // Socket.IO would buffer a message sent while offline and deliver it after reconnecting,
    // long after the player saw it fail: refuse it now instead.
    if (!this.socket.connected) {
      throw new ServerError({ code: 'offline', message: 'You are offline; the page reconnects by itself. Try again in a moment.' });
    }
    if (!this.ready && !this.greeting) {
      throw new ServerError({ code: 'joining', message: 'Still rejoining the table; try again in a moment.' });
    }
    let answer;
    try {
      answer = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload);
    } catch {
      throw new ServerError({ code: 'no_answer', message: 'The server did not answer; check the connection and try again.' });
    }
    if (!answer || !answer.ok) throw new ServerError((answer && answer.error) || { code: 'unknown', message: 'refused' });
    return answer;
  }

  close() {
    this.closed = true; // a deliberate close is not a network drop
    this.socket.close();
  }
}

/**
 * The page's copy of its update, kept as docs/protocol.md says: a snapshot replaces it, deltas
 * patch it in order; take() answers false when a delta does not follow (resync). The same
 * steps as Mirror in server/mirror.py.
 */
export class Mirror {
  constructor() {
    this.latest = null; // { game, seq, view, roster, timer }
    this.privateSeq = -1; // the seq the private part (view.you, addressed log entries) is from
    this.waiting = []; // deltas that came before the first snapshot
  }

  /** True if the snapshot was taken (not older than what is held). */
  snapshot(update) {
    if (this.latest && update.seq < this.latest.seq) return false; // an answer overtaken by newer deltas
    this.latest = { ...update, view: { ...update.view, log: [...update.view.log] } };
    this.privateSeq = update.seq;
    const waiting = this.waiting;
    this.waiting = [];
    for (const [event, message] of waiting) if (!this.take(event, message)) break;
    return true;
  }

  take(event, message) {
    if (!this.latest) {
      this.waiting.push([event, message]);
      return true;
    }
    if (event === 'private') return this.takePrivate(message);
    if (message.seq <= this.latest.seq) return true;
    if (message.base !== this.latest.seq) return this.gap();
    const view = { ...this.latest.view };
    for (const key of message.unset || []) delete view[key];
    Object.assign(view, message.view);
    for (const [key, node] of Object.entries(message.patch || {})) view[key] = patched(view[key], node);
    const from = message.log.from;
    view.log = merged(view.log.filter((e) => e.n >= from), message.log.add);
    const update = { ...this.latest, seq: message.seq, view };
    if ('roster' in message) update.roster = message.roster;
    if ('timer' in message) update.timer = message.timer;
    this.latest = update;
    return true;
  }

  takePrivate(message) {
    if (message.seq <= this.privateSeq) return true;
    if (message.base > this.privateSeq) return this.gap();
    const part = message.private;
    const view = { ...this.latest.view, log: merged(this.latest.view.log, part.log) };
    if ('you' in part) view.you = part.you;
    this.latest = { ...this.latest, view };
    this.privateSeq = message.seq;
    return true;
  }

  gap() {
    this.latest = null;
    this.waiting = [];
    return false;
  }
}

/** A value with a patch applied (server/deltas.py patch()); the value itself is left as it was. */
function patched(value, node) {
  if (Array.isArray(value)) {
    const out = value.slice(0, node.length);
    while (out.length < node.length) out.push(null);
    for (const [index, whole] of Object.entries(node.set || {})) out[Number(index)] = whole;
    for (const [index, inner] of Object.entries(node.patch || {})) out[Number(index)] = patched(out[Number(index)], inner);
    return out;
  }
  const out = { ...value };
  for (const key of node.unset || []) delete out[key];
  Object.assign(out, node.set || {});
  for (const [key, inner] of Object.entries(node.patch || {})) out[key] = patched(out[key], inner);
  return out;
}

function merged(log, add) {
  if (!add.length) return log;
  const all = log.concat(add);
  if (log.length && add[0].n < log[log.length - 1].n) all.sort((a, b) => a.n - b.n);
  return all;
}

/** One question to a table over a short-lived connection (e.g. peek at a table before joining). */
export function once(hello) {
  return new Promise((resolve, reject) => {
    let link = null;
    const timeout = window.setTimeout(() => {
      link?.close();
      reject(new ServerError({ code: 'no_answer', message: 'The server did not answer.' }));
    }, ACK_TIMEOUT_MS);
    link = new Link({
      hello: async (l) => {
        try {
          resolve(await hello(l));
        } catch (error) {
          reject(error);
        } finally {
          window.clearTimeout(timeout);
          l.close();
        }
        return null;
      },
    });
  });
}

/** The log this connection may read from `since` on, page by page, each page to `onPage`
 * (at most `maxPages` pages of 200). For the debrief and class views, which show the whole game;
 * the live pages read back only when asked ("Show earlier": `log` with `before`). */
export async function readLog(link, onPage, { since = 0, maxPages = Infinity } = {}) {
  for (let pages = 0; since !== null && pages < maxPages; pages += 1) {
    const page = await link.send('log', { since, limit: 200 });
    onPage(page.entries);
    since = page.next;
  }
}
