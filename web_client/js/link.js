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
   * onUpdate(update) gets every newer update; onStatus('online'|'offline'|'reconnecting'|'failed', detail).
   */
  constructor({ hello, onUpdate = () => {}, onStatus = () => {}, onHello = () => {} }) {
    this.hello = hello;
    this.onUpdate = onUpdate;
    this.onStatus = onStatus;
    this.onHello = onHello;
    this.seq = -1;
    this.private = null; // a seat's latest private part: { seq, part: { viewer, you, log } }
    this.ready = false;
    this.greeting = false;
    this.socket = io({ forceNew: true, reconnectionDelay: 500, reconnectionDelayMax: 3000 });
    this.socket.on('connect', () => this.greet());
    this.socket.on('update', (update) => this.take(update));
    // A seated player gets the table's public view once per change (`shared`), and its seat's
    // private part only when that changed (`private`): together they are its seat's view.
    this.socket.on('private', (message) => this.keepPrivate(message.seq, message.private));
    this.socket.on('shared', (shared) => {
      if (this.private) this.take({ ...shared, view: mergeViews(shared.view, this.private.part) });
    });
    this.socket.on('disconnect', (reason) => {
      this.ready = false;
      if (!this.closed) this.onStatus('offline', reason);
    });
    this.socket.io.on('reconnect_attempt', (n) => this.onStatus('reconnecting', n));
    this.socket.on('connect_error', () => this.onStatus('reconnecting'));
  }

  async greet() {
    this.onStatus('joining');
    this.seq = -1; // a new connection: what the server sends from now on is the truth
    this.private = null;
    this.ready = false;
    try {
      this.greeting = true;
      let answer;
      try { answer = await this.hello(this); } finally { this.greeting = false; }
      this.ready = true;
      // The answer's update may be older than an `update` event that overtook it: take() keeps
      // the highest seq.
      if (answer && answer.update) this.take(answer.update);
      this.onStatus('online');
      this.onHello(answer);
    } catch (error) {
      this.onStatus('failed', error);
    }
  }

  take(update) {
    if (!update) return;
    const view = update.view;
    if (view && view.you) {
      // A seat's whole view holds its private part: what later `shared` updates are merged with.
      this.keepPrivate(update.seq, { viewer: view.viewer, you: view.you, log: view.log.filter((e) => e.to !== null) });
    }
    if (update.seq < this.seq) return; // an older update overtaken by a newer one
    this.seq = update.seq;
    this.onUpdate(update);
  }

  keepPrivate(seq, part) {
    if (!this.private || seq >= this.private.seq) this.private = { seq, part };
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

/** A seat's view from the public view and its private part (game_rules.merge_views). */
export function mergeViews(shared, part) {
  const log = shared.log.concat(part.log).sort((a, b) => a.n - b.n);
  return { ...shared, viewer: part.viewer, you: part.you, log };
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
