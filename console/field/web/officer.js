// 社区民警 on the same page: review the submissions of their 警格 (submission.accept / submission.return),
// see their grid workers (on duty, SOS) and give one of them an order (order.issue).
"use strict";

const KIND_LABELS = {person: "人口", house: "房屋", unit: "单位", dispute: "矛盾纠纷", hazard: "隐患"};

class OfficerDesk {
  constructor(relay) {
    this.relay = relay;
    this.me = null;
    this.grids = new Set();   // grid codes of my 警格
    this.gridNames = {};
    this.workers = [];        // my grid workers: {id, name, grid}
    this.onDuty = new Set();
    this.sos = new Set();
    this.submissions = new Map();
    this.labels = {};         // kind -> {field: label}
    this.types = {};          // kind -> {field: type}
    this.tables = {};         // code table -> {code: text}
    this.addresses = {};      // standard address code -> text
    this.orderTo = null;
    $("order-form").addEventListener("submit", (e) => this.issue(e));
    $("order-cancel").addEventListener("click", () => { $("order-form").hidden = true; });
  }

  setCodes(codes) {
    this.labels = Object.fromEntries(codes.kinds.map((k) => [k.value, Object.fromEntries(k.fields.map((f) => [f.name, f.label]))]));
    this.types = Object.fromEntries(codes.kinds.map((k) => [k.value, Object.fromEntries(k.fields.map((f) => [f.name, f.type]))]));
    this.tables = Object.fromEntries(Object.entries(codes.tables).map(([name, rows]) => [name, Object.fromEntries(rows)]));
    this.render();
  }

  snapshot(snap, me) {
    this.me = me;
    const row = snap.workers.find((w) => w[0] === me);
    const pg = (snap.district.police_grids || []).find((p) => row && p.grid_codes.includes(row[3]));
    this.policeGrid = pg ? pg.name : "";
    this.grids = new Set(pg ? pg.grid_codes : []);
    this.gridNames = Object.fromEntries(snap.district.grids.map((g) => [g.code, g.name]));
    this.addresses = Object.fromEntries(snap.district.addresses.map((a) => [a.code, a.text]));
    this.workers = snap.workers.filter((w) => w[2] === "grid_worker" && this.grids.has(w[3]))
      .map((w) => ({id: w[0], name: w[1], grid: w[3]}));
    this.onDuty = new Set(snap.on_duty);
    this.sos = new Set(snap.sos.map((s) => s[0]));
    this.submissions = new Map(snap.submissions.filter((s) => this.grids.has(s.grid_code)).map((s) => [s.id, s]));
    this.name = row ? row[1] : me;
    this.render();
  }

  event(e) {
    const d = e.data;
    if (e.type === "submission.submitted" && this.grids.has(d.grid)) {
      this.submissions.set(d.submission, {id: d.submission, kind: d.kind, worker_id: d.worker, grid_code: d.grid,
        fields: d.fields, note: d.note, photo: d.photo || "", status: "pending", submitted_at: e.at});
    } else if ((e.type === "submission.accepted" || e.type === "submission.returned") && this.submissions.has(d.submission)) {
      this.submissions.get(d.submission).status = e.type === "submission.accepted" ? "accepted" : "returned";
    } else if (e.type === "worker.duty_set") {
      if (d.on) this.onDuty.add(d.worker); else this.onDuty.delete(d.worker);
    } else if (e.type === "worker.sos") this.sos.add(d.worker);
    else if (e.type === "worker.sos_cleared") this.sos.delete(d.worker);
    else return;
    this.render();
  }

  workerName(id) {
    const w = this.workers.find((x) => x.id === id);
    return w ? w.name : id;
  }

  reviewItem(s) {
    const labels = this.labels[s.kind] || {};
    const item = el("li", {className: "item submission", id: "review-" + s.id},
      el("div", {className: "head"}, `${KIND_LABELS[s.kind] || s.kind} · ${this.workerName(s.worker_id)}`,
        el("span", {className: "tag", textContent: this.gridNames[s.grid_code] || s.grid_code})));
    for (const [name, value] of Object.entries(s.fields)) {
      const text = this.readable(s.kind, name, value);
      item.append(el("p", {className: "meta", textContent: `${labels[name] || name}:${text}`}));
    }
    if (s.note) item.append(el("p", {className: "meta", textContent: `说明:${s.note}`}));
    if (s.photo) item.append(el("img", {className: "preview", alt: "采集照片", src: "data:image/jpeg;base64," + s.photo}));
    item.append(el("div", {className: "actions"},
      actionButton("通过入库", "ok", () => this.review(s, "submission.accept", {})),
      actionButton("退回", "", () => this.review(s, "submission.return", {note: askNote("退回原因")}))));
    return item;
  }

  /** A field value as words: 是/否, a code's name, an address's text. */
  readable(kind, name, value) {
    if (typeof value === "boolean") return value ? "是" : "否";
    const type = (this.types[kind] || {})[name] || "";
    if (type === "address") return this.addresses[value] || String(value);
    if (type.startsWith("choice:")) return (this.tables[type.slice(7)] || {})[value] || String(value);
    return String(value);
  }

  async review(s, op, extra) {
    await sendCommand(this.relay, op === "submission.accept" ? "通过入库" : "退回", op, {submission: s.id, ...extra});
  }

  workerItem(w) {
    const state = this.sos.has(w.id) ? "紧急求助" : this.onDuty.has(w.id) ? "在岗" : "下班";
    const order = el("button", {type: "button", className: "ok", textContent: "派单"});
    order.addEventListener("click", () => this.openOrder(w));
    return el("li", {className: "item worker" + (this.sos.has(w.id) ? " sos" : ""), id: "team-" + w.id},
      el("div", {className: "head"}, `${w.name}(${w.id})`, el("span", {className: "tag", textContent: state})),
      el("p", {className: "meta", textContent: this.gridNames[w.grid] || w.grid}),
      el("div", {className: "actions"}, order));
  }

  openOrder(w) {
    this.orderTo = w;
    $("order-to").textContent = `${w.name}(${this.gridNames[w.grid] || w.grid})`;
    $("order-form").hidden = false;
    $("order-target").focus();
  }

  async issue(event) {
    event.preventDefault();
    const args = {worker: this.orderTo.id, kind: $("order-kind").value, target: $("order-target").value.trim(),
      due_hours: Number($("order-hours").value)};
    const note = $("order-note").value.trim();
    if (note) args.note = note;
    if (!args.target) { toast("请填写任务对象"); return; }
    try {
      await sendCommand(this.relay, "派单", "order.issue", args);
      toast(`已派单给 ${this.orderTo.name}`);
      $("order-form").reset();
      $("order-form").hidden = true;
    } catch (err) {
      toast(t("派单失败:") + said(err));
    }
  }

  render() {
    if (!this.me) return;
    $("who").textContent = `社区民警 ${this.name}` + (this.policeGrid ? ` · ${this.policeGrid}` : "");
    const pending = [...this.submissions.values()].filter((s) => s.status === "pending")
      .sort((a, b) => a.submitted_at - b.submitted_at);
    $("reviews").replaceChildren(...pending.map((s) => this.reviewItem(s)));
    $("no-reviews").hidden = pending.length > 0;
    $("review-count").textContent = String(pending.length);
    $("team").replaceChildren(...this.workers.map((w) => this.workerItem(w)));
  }
}
