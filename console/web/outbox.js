// Commands made while offline, kept in IndexedDB with their idempotency keys until the relay answers,
// so they go out after a reconnect (the relay applies a key once) and survive a closed page.
"use strict";

class Outbox {
  constructor(name = "jingwang-field") {
    this.ready = new Promise((resolve) => {
      if (!window.indexedDB) { resolve(null); return; }
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => req.result.createObjectStore("outbox", {keyPath: "id"});
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(null);   // private mode: commands still queue in memory
    });
  }

  async run(mode, fn) {
    const db = await this.ready;
    if (!db) return [];
    return new Promise((resolve, reject) => {
      const tx = db.transaction("outbox", mode);
      const req = fn(tx.objectStore("outbox"));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error);
    });
  }

  put(account, frame) {
    return this.run("readwrite", (s) => s.put({id: frame.id, account, frame, at: Date.now()}));
  }

  remove(id) {
    return this.run("readwrite", (s) => s.delete(id));
  }

  async of(account) {
    const rows = await this.run("readonly", (s) => s.getAll());
    return rows.filter((r) => r.account === account).sort((a, b) => a.at - b.at).map((r) => r.frame);
  }
}
