// Relay session (a copy of console/field/web/relay.js, so each page stays self-contained): auth → subscribe
// (snapshot, or resume after the last seq) → cmd, per docs/PROTOCOL.md. Commands stay in an outbox until acknowledged.
"use strict";

const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()).replace(/-/g, "");

/** One session with the relay: auth → subscribe (snapshot, or resume after the last seq) → cmd. */
class Relay {
  constructor(user, password, handlers) {
    this.user = user;
    this.password = password;
    this.handlers = handlers;
    this.lastSeq = null;
    this.outbox = new Map();   // idempotency key -> {frame, resolve, reject}; resent after a reconnect
    this.live = false;
    this.closed = false;
    this.backoff = 500;
    this.ws = null;
    this.subscribeKey = null;
    this.wantSnapshot = false;
  }

  connect() {
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/`;
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => this.sendRaw({t: "auth", id: newKey(), user: this.user, password: this.password,
      workstation: "web:" + navigator.userAgent.slice(0, 56)});
    ws.onmessage = (msg) => this.receive(JSON.parse(msg.data));
    ws.onclose = () => this.dropped();
  }

  dropped() {
    this.live = false;
    this.handlers.status(false);
    if (this.closed) return;
    setTimeout(() => this.connect(), this.backoff);
    this.backoff = Math.min(this.backoff * 2, 8000);
  }

  /** Start over from a snapshot (used when an unknown incident is dispatched to us). */
  resnapshot() {
    this.wantSnapshot = true;
    if (this.ws) this.ws.close();
  }

  sendRaw(frame) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({v: 1, ...frame}));
  }

  /** Send a command; resolves with the ack, rejects with the relay's structured error. */
  command(op, args, key = newKey()) {
    return new Promise((resolve, reject) => {
      const frame = {t: "cmd", id: key, op, args};
      this.outbox.set(key, {frame, resolve, reject});
      if (this.live) this.sendRaw(frame);
    });
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

  receive(f) {
    switch (f.t) {
      case "auth.ok":
        this.backoff = 500;
        this.handlers.authenticated(f);
        this.subscribeKey = newKey();
        this.sendRaw({t: "subscribe", id: this.subscribeKey, after: this.wantSnapshot ? null : this.lastSeq});
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
        break;
      case "signal":
        this.handlers.signal(f);
        break;
      case "ack":
      case "signal.ok":
        this.settle(f.id, (out) => out.resolve(f));
        break;
      case "error":
        if (f.code === "E_AUTH_FAILED") {
          this.closed = true;
          this.ws.close();
          this.handlers.authFailed(f);
        } else if (f.id === this.subscribeKey && f.code === "E_FIELD") {
          this.resnapshot();   // our resume point is past the relay's head (a restored database)
        }
        this.settle(f.id, (out) => out.reject(f));
        break;
    }
  }

  settle(key, fn) {
    const out = this.outbox.get(key);
    if (!out) return;
    this.outbox.delete(key);
    fn(out);
  }
}
