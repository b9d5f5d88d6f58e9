// Relay session of the relay's pages (the phone page /field/, the department page /dept/): auth → subscribe
// (snapshot, or resume after the last seq) → cmd, per docs/PROTOCOL.md. Commands stay in an outbox (memory and IndexedDB) until acknowledged and are
// resent with the same key after a reconnect, so an action taken offline is applied exactly once.
"use strict";

const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()).replace(/-/g, "");
const RETRY_CODES = new Set(["E_STORE", "E_OVERLOADED", "E_RATE"]);   // the same command goes again later
const CLOSE_TAKEN_OVER = 4002;   // the same worker logged in on another device
const FINAL_CLOSES = new Set([4001, CLOSE_TAKEN_OVER, 4003, 4004]);   // expired, taken over, disabled, reset

/** One session with the relay: auth → subscribe (snapshot, or resume after the last seq) → cmd. */
class Relay {
  constructor(user, password, handlers, store = new Outbox()) {
    this.user = user;
    this.password = password;
    this.handlers = handlers;
    this.store = store;
    this.lastSeq = null;
    this.outbox = new Map();   // idempotency key -> {frame, resolve, reject}; resent after a reconnect
    this.live = false;
    this.closed = false;
    this.backoff = 500;
    this.ws = null;
    this.timer = 0;
    this.subscribeKey = null;
    this.mustChange = false;   // logged in with an initial password: changePassword() first
    this.wantSnapshot = false;
    this.restored = false;
    this.ticket = "";          // the relay's resume ticket: the next login after a lost connection uses it
    this.ticketKey = null;     // the key of a login sent with a ticket (refused: log in with the password)
  }

  connect() {
    clearTimeout(this.timer);
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/`;
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => this.logIn();
    ws.onmessage = (msg) => this.receive(JSON.parse(msg.data));
    ws.onclose = (e) => this.dropped(ws, e);
  }

  /** Log in: with the resume ticket of the last session when there is one (used once), else the password. */
  logIn() {
    const frame = {t: "auth", id: newKey(), user: this.user, workstation: "web:" + navigator.userAgent.slice(0, 56)};
    this.ticketKey = this.ticket ? frame.id : null;
    if (this.ticket) frame.ticket = this.ticket;
    else frame.password = this.password;
    this.ticket = "";
    this.sendRaw(frame);
  }

  dropped(ws, e) {
    if (ws !== this.ws) return;
    this.live = false;
    if (FINAL_CLOSES.has(e.code)) {
      this.closed = true;
      this.handlers.ended(e.code, e.reason);
    }
    this.handlers.status(false);
    if (this.closed) return;
    this.timer = setTimeout(() => this.connect(), this.backoff);
    this.backoff = Math.min(this.backoff * 2, 4000);
  }

  /** Try again at once (the page became visible, the network came back). */
  reconnectNow() {
    if (this.closed || this.live || (this.ws && this.ws.readyState === WebSocket.CONNECTING)) return;
    this.backoff = 500;
    this.connect();
  }

  /** Start over from a snapshot (used when an unknown incident is dispatched to us). */
  resnapshot() {
    this.wantSnapshot = true;
    if (this.ws) this.ws.close();
  }

  subscribe() {
    this.subscribeKey = newKey();
    this.sendRaw({t: "subscribe", id: this.subscribeKey, after: this.wantSnapshot ? null : this.lastSeq});
  }

  /** Replace an initial password (the relay accepts nothing else until then), then subscribe. Never kept
   * in IndexedDB; rejects with the relay's structured error (weak password, wrong old one). */
  changePassword(next) {
    return new Promise((resolve, reject) => {
      const key = newKey();
      this.outbox.set(key, {frame: null, resolve, reject});
      this.sendRaw({t: "cmd", id: key, op: "account.change_own_password", args: {old: this.password, new: next}});
    }).then((ack) => {
      this.password = next;
      this.mustChange = false;
      this.subscribe();
      return ack;
    });
  }

  sendRaw(frame) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({v: 1, ...frame}));
  }

  /** Send a command; resolves with the ack, rejects with the relay's structured error. Kept until answered. */
  command(op, args, key = newKey()) {
    const frame = {t: "cmd", id: key, op, args};
    return new Promise((resolve, reject) => {
      this.outbox.set(key, {frame, resolve, reject});
      this.handlers.pending(this.queued());
      this.store.put(this.user, frame).catch(() => {}).finally(() => { if (this.live) this.sendRaw(frame); });
    });
  }

  /** Commands waiting for an answer (args of each), for marking what is still to be sent. */
  queued() {
    return [...this.outbox.values()].filter((o) => o.frame).map((o) => o.frame);
  }

  /** A command not worth queueing (positions): sent only while live, never retried. */
  fire(op, args) {
    if (!this.live) return false;
    this.sendRaw({t: "cmd", id: newKey(), op, args});
    return true;
  }

  /** A signal frame for a call (offer/answer/ice); not persisted by the relay. */
  signal(call, to, kind, payload) {
    return new Promise((resolve, reject) => {
      const key = newKey();
      this.outbox.set(key, {frame: null, resolve, reject});
      this.sendRaw({t: "signal", id: key, call, to, kind, ...payload});
    });
  }

  /** Commands an earlier page of this account left in IndexedDB: they go out with the rest. */
  async restore() {
    if (this.restored) return;
    this.restored = true;
    for (const frame of await this.store.of(this.user)) {
      if (this.outbox.has(frame.id)) continue;
      this.outbox.set(frame.id, {frame, resolve: () => {}, reject: (err) => this.handlers.lateRefusal(frame, err)});
      if (this.live) this.sendRaw(frame);
    }
    this.handlers.pending(this.queued());
  }

  receive(f) {
    switch (f.t) {
      case "auth.ok":
        this.backoff = 500;
        this.ticket = f.ticket || "";
        this.mustChange = Boolean(f.must_change);
        this.handlers.authenticated(f);
        if (!this.mustChange) this.subscribe();
        break;
      case "snapshot":
        this.handlers.snapshot(f.state);
        this.lastSeq = f.state.seq;
        this.wantSnapshot = false;
        break;
      case "events":
        for (const e of f.events) {
          if (this.lastSeq !== null && e.seq <= this.lastSeq) continue;
          this.handlers.event(e);
          this.lastSeq = e.seq;
        }
        break;
      case "subscribed":
        this.live = true;
        this.handlers.status(true);
        for (const out of this.outbox.values()) if (out.frame) this.sendRaw(out.frame);
        this.restore();
        break;
      case "signal":
        this.handlers.signal(f);
        break;
      case "ticket":
        this.ticket = f.ticket;
        break;
      case "ack":
      case "signal.ok":
        this.settle(f.id, (out) => out.resolve(f));
        break;
      case "error":
        if (f.id !== null && f.id === this.ticketKey && f.code === "E_AUTH_FAILED") {
          this.ticketKey = null;
          this.logIn();   // the ticket expired or was voided: the password, as on the first login
        } else if (f.code === "E_AUTH_FAILED" || f.code === "E_AUTH_LOCKED") {
          this.closed = true;
          this.ws.close();
          this.handlers.authFailed(f);
        } else if (f.id === this.subscribeKey && f.code === "E_FIELD") {
          this.resnapshot();   // our resume point is past the relay's head (a restored database)
        }
        if (!RETRY_CODES.has(f.code)) this.settle(f.id, (out) => out.reject(f));
        break;
    }
  }

  settle(key, fn) {
    const out = this.outbox.get(key);
    if (!out) return;
    this.outbox.delete(key);
    if (out.frame) {
      this.store.remove(key).catch(() => {});
      this.handlers.pending(this.queued());
    }
    fn(out);
  }
}

/**
 * Follow the frames every Relay of this page receives, beside the page's own handlers: ``relay`` (the
 * session), ``auth`` (auth.ok), ``snapshot`` (its state) and ``event`` (each event not held already —
 * at or below the last seq held it is a duplicate).
 */
function followFrames({relay, auth, snapshot, event}) {
  const receive = Relay.prototype.receive;
  Relay.prototype.receive = function (f) {
    relay(this);
    if (f.t === "auth.ok") auth(f);
    else if (f.t === "snapshot") snapshot(f.state);
    else if (f.t === "events") {
      for (const e of f.events) if (this.lastSeq === null || e.seq > this.lastSeq) event(e);
    }
    return receive.call(this, f);
  };
}
