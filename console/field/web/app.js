// Web field client: grid workers (网格员), police units (巡逻警组 …, unit.js; 现场上报, found.js) and community
// officers (社区民警, officer.js) on their phones.
// Speaks the relay protocol of docs/PROTOCOL.md and the call contract of docs/CALLS.md over the same
// origin. Plain browser APIs only, nothing downloaded.
"use strict";

const POSITION_INTERVAL_MS = 5000;   // at most one position.report per 5 s
const POSITION_REFRESH_MS = 30000;   // resend the last fix when standing still, so the worker never goes stale

const ORDER_KINDS = {verify_person: "核查人员", verify_house: "核查房屋", visit: "入户走访", mediate: "矛盾调解",
  patrol: "巡查"};
const ORDER_STATUS = {issued: "待签收", signed: "已签收", done: "已反馈", returned: "已退回", cancelled: "已撤销"};
const INCIDENT_STATUS = {new: "新建", accepted: "已受理", dispatched: "已派遣", signed: "已签收", on_scene: "处置中",
  feedback: "已反馈", verifying: "待核查", closed: "已办结", returned: "已退回", referred: "已转办", void: "已作废"};
const STEP_OF_EVENT = {"incident.signed": "signed", "incident.arrived": "on_scene", "incident.feedback": "done",
  "incident.returned": "returned", "incident.assignment_cancelled": "cancelled"};
const ORDER_OF_EVENT = {"order.signed": "signed", "order.done": "done", "order.returned": "returned",
  "order.cancelled": "cancelled"};

// -- what this worker holds ------------------------------------------------------------------

const model = {me: null, role: null, name: "", onDuty: false, orders: new Map(), incidents: new Map(),
  submissions: new Map(), sos: false, fix: null, district: {grids: [], addresses: []}, pending: []};
let relay = null;
let collect = null;
let found = null;
let officer = null;
let sosButton = null;
let codes = null;
let unitLine = null;
const FIELD_ROLES = ["grid_worker", "police_unit"];   // those that work in the field as themselves

function takeSnapshot(snap) {
  if (model.role === "officer") {
    officer.snapshot(snap, model.me);
    return;
  }
  const me = model.me;
  const row = snap.workers.find((w) => w[0] === me);
  model.name = row ? row[1] : me;
  model.district = snap.district;
  model.onDuty = snap.on_duty.includes(me);
  model.sos = snap.sos.some((s) => s[0] === me);
  model.orders = new Map(snap.orders.filter((o) => o.worker_id === me).map((o) => [o.id, {
    id: o.id, kind: o.kind, target: o.target_text || o.target, note: o.note, status: o.status, due_at: o.due_at}]));
  model.incidents = new Map(snap.incidents.map((i) => [i.id, incidentOf(i)]));
  model.submissions = new Map(snap.submissions.filter((s) => s.worker_id === me).map((s) => [s.id, s]));
  sosButton.show(model.sos ? "raised" : "idle");
  unitLine.set(snap.unit);
  calls.resync(snap.calls || []);
  showPlace();
  render();
}

function incidentOf(i) {
  const mine = (i.assignments || []).find((a) => a.worker_id === model.me);
  return {id: i.id, category: i.category, address: i.address, narrative: i.narrative, status: i.status,
    step: mine ? mine.status : null, reported: i.reporter_worker === model.me, photo: Boolean(i.photo)};
}

function applyEvent(e) {
  if (model.role === "officer") {
    officer.event(e);
    return;
  }
  const d = e.data;
  unitLine.set(d.unit);
  if (e.type === "worker.duty_set" && d.worker === model.me) {
    model.onDuty = d.on;
    keepAwake();
  } else if (e.type === "worker.sos" && d.worker === model.me) {
    model.sos = true;
    sosButton.show("raised");
  } else if (e.type === "worker.sos_cleared" && d.worker === model.me) {
    model.sos = false;
    sosButton.show("cleared");
    toast(t("指挥中心已确认并解除求助") + (d.note ? `:${d.note}` : ""));
  } else if (e.type === "order.issued") {
    model.orders.set(d.order, {id: d.order, kind: d.kind, target: d.target_text || d.target, note: d.note,
      status: "issued", due_at: d.due_at});
  } else if (ORDER_OF_EVENT[e.type] && model.orders.has(d.order)) {
    model.orders.get(d.order).status = ORDER_OF_EVENT[e.type];
  } else if (e.type === "incident.reported" && d.reporter_worker === model.me) {
    model.incidents.set(d.incident, incidentOf({id: d.incident, category: d.category, address: d.address,
      narrative: d.narrative, status: d.on_scene ? "on_scene" : "new", reporter_worker: model.me, photo: d.photo,
      assignments: d.on_scene ? [{worker_id: model.me, status: "on_scene"}] : []}));
  } else if (e.type === "incident.dispatched" && d.worker === model.me) {
    const known = model.incidents.get(d.incident);
    if (!known) {
      relay.resnapshot();   // a worker's stream names only its own events: fetch the incident's details
      return;
    }
    known.step = "dispatched";
    known.status = "dispatched";
  } else if (STEP_OF_EVENT[e.type] && d.worker === model.me && model.incidents.has(d.incident)) {
    model.incidents.get(d.incident).step = STEP_OF_EVENT[e.type];
  } else if (e.type === "submission.submitted" && d.worker === model.me) {
    model.submissions.set(d.submission, {id: d.submission, kind: d.kind, fields: d.fields, status: "pending",
      submitted_at: e.at, photo: d.photo || ""});
  } else if ((e.type === "submission.accepted" || e.type === "submission.returned") && model.submissions.has(d.submission)) {
    Object.assign(model.submissions.get(d.submission),
      {status: e.type === "submission.accepted" ? "accepted" : "returned", reason: d.note || ""});
  } else if (e.type.startsWith("call.")) {
    calls.event(e);
  }
  render();
}

// -- rendering ---------------------------------------------------------------------------------

let categoryNames = {};

/** Whether a command about `id` (an order or incident) still waits in the outbox. */
function waiting(id) {
  return model.pending.some((f) => f.args.order === id || f.args.incident === id);
}

const send = (label, op, args) => sendCommand(relay, label, op, args);

function orderItem(o) {
  const actions = el("div", {className: "actions"});
  if (waiting(o.id)) {
    // already acted on offline: nothing more until the relay has it
  } else if (o.status === "issued") {
    actions.append(actionButton("签收", "ok", () => send("签收", "order.sign", {order: o.id})));
  } else if (o.status === "signed") {
    actions.append(actionButton("反馈", "ok", () => send("反馈", "order.feedback",
      {order: o.id, note: askNote("处理结果"), confirmed: true})));
    actions.append(actionButton("情况不符", "warn", () => send("情况不符", "order.feedback",
      {order: o.id, note: askNote("实际情况(与任务不符之处)"), confirmed: false})));
    actions.append(actionButton("退回", "", () => send("退回", "order.return", {order: o.id, note: askNote("退回原因")})));
  }
  const tag = waiting(o.id) ? "待发送" : ORDER_STATUS[o.status] || o.status;
  const item = el("li", {className: "item order", id: "order-" + o.id},
    el("div", {className: "head"}, `${t(ORDER_KINDS[o.kind] || o.kind)} · ${o.id}`,
      el("span", {className: "tag", textContent: tag})),
    el("p", {className: "meta", textContent: t("对象:{target}  期限:{due}", {target: o.target, due: fmtTime(o.due_at)})}));
  if (o.note) item.append(el("p", {className: "meta", textContent: o.note}));
  if (actions.childElementCount) item.append(actions);
  return item;
}

function incidentItem(i) {
  const words = STEP_WORDS[model.role];
  const step = (label, op, extra = () => ({})) => () => send(label, op, {incident: i.id, ...extra()});
  const actions = el("div", {className: "actions"});
  if (!waiting(i.id)) {
    if (i.step === "dispatched") actions.append(actionButton(words.sign, "ok", step(words.sign, "incident.sign")));
    if (i.step === "signed") actions.append(actionButton(words.arrive, "ok", step(words.arrive, "incident.arrive")));
    if (i.step === "on_scene") {
      actions.append(actionButton(words.feedback, "ok", step(words.feedback, "incident.feedback", words.note)));
    }
    if (["dispatched", "signed", "on_scene"].includes(i.step)) {
      actions.append(actionButton("退回", "", step("退回", "incident.return", () => ({note: askNote("退回原因")}))));
    }
  }
  const tag = waiting(i.id) ? "待发送" : words.steps[i.step] || INCIDENT_STATUS[i.status] || "";
  const item = el("li", {className: "item incident", id: "incident-" + i.id},
    el("div", {className: "head"}, `${categoryNames[i.category] || i.category} · ${i.id}`,
      el("span", {className: "tag", textContent: tag})),
    el("p", {className: "meta", textContent: i.address || "(无地址)"}));
  if (i.narrative) item.append(el("p", {className: "meta", textContent: i.narrative}));
  if (i.photo) item.append(el("p", {className: "meta", textContent: "已附现场照片"}));
  if (actions.childElementCount) item.append(actions);
  return item;
}

function render() {
  if (!FIELD_ROLES.includes(model.role)) return;
  $("who").textContent = model.role === "police_unit" ? `${model.name} · ${model.me}`
    : model.name ? `${model.name}(${model.me})` : "网格员移动端";
  $("duty-state").textContent = model.onDuty ? "在岗" : "下班";
  $("duty-state").className = "state " + (model.onDuty ? "on" : "off");
  $("duty-btn").textContent = model.onDuty ? "下班" : "上岗";
  const tasks = [...model.incidents.values()].filter((i) => i.step && ["dispatched", "signed", "on_scene"]
    .includes(i.step)).map(incidentItem);
  tasks.push(...[...model.orders.values()].filter((o) => o.status === "issued" || o.status === "signed")
    .map(orderItem));
  $("tasks").replaceChildren(...tasks);
  $("no-tasks").hidden = tasks.length > 0;
  $("task-count").textContent = String(tasks.length);
  const mine = [...model.incidents.values()].filter((i) => i.reported).reverse().map(incidentItem);
  const kinds = codes ? codes.kinds : [];
  mine.push(...[...model.submissions.values()].sort((a, b) => b.submitted_at - a.submitted_at)
    .map((s) => submissionItem(s, kinds)));
  $("mine").replaceChildren(...mine);
  $("no-mine").hidden = mine.length > 0;
}

function showPending(frames) {
  model.pending = frames;
  $("pending").hidden = frames.length === 0;
  $("pending").textContent = t("待发送 {n}", {n: frames.length});
  render();
}

async function loadTables() {
  categoryNames = await loadCategories($("category"), "200200");
  await collect.load();
  await found.load();
  codes = collect.codes;
  officer.setCodes(codes);
  render();
}

// -- position and staying awake ------------------------------------------------------------------

let lastSent = 0;
let watching = false;
let wakeLock = null;

function sendFix(force) {
  const fix = model.fix;
  if (!fix || !relay || !FIELD_ROLES.includes(model.role)) return;
  const now = Date.now();
  if (!force && now - lastSent < POSITION_INTERVAL_MS) return;
  const args = {lng: fix.lng, lat: fix.lat, at: Math.round(fix.at)};
  if (fix.speed !== null && fix.speed >= 0 && fix.speed <= 100) args.speed = fix.speed;
  if (fix.heading !== null && fix.heading >= 0 && fix.heading <= 360) args.heading = fix.heading;
  if (relay.fire("position.report", args)) lastSent = now;
}

/** The fix as a worker reads it: the grid it is in and the nearest standard address. */
function showPlace() {
  const fix = model.fix;
  if (!fix) return;
  const {grid, address, distance} = placeOf(model.district, fix.lng, fix.lat);
  $("geo-grid").textContent = grid ? grid.name : "不在本街道网格内";
  $("geo").textContent = address ? `${address.text} 附近${distance < 1000 ? ` ${Math.round(distance)} 米` : ""}`
    : "附近无标准地址";
  $("geo-accuracy").textContent = t("定位精度 ±{m} 米", {m: Math.round(fix.accuracy)});
  found.showPlace();
}

function watchPosition() {
  if (watching) return;
  watching = true;
  if (!navigator.geolocation) {
    $("geo").textContent = "此浏览器不支持定位";
    return;
  }
  navigator.geolocation.watchPosition((pos) => {
    const c = pos.coords;
    model.fix = {lng: c.longitude, lat: c.latitude, at: pos.timestamp, speed: c.speed, heading: c.heading,
      accuracy: c.accuracy};
    showPlace();
    sendFix(false);
  }, (err) => {
    $("geo").textContent = err.code === err.PERMISSION_DENIED ? "定位权限被拒绝" : "定位失败,重试中…";
  }, {enableHighAccuracy: true, maximumAge: POSITION_INTERVAL_MS, timeout: 30000});
  setInterval(() => {
    if (Date.now() - lastSent >= POSITION_REFRESH_MS) sendFix(true);
  }, POSITION_INTERVAL_MS);
}

/** While on duty and visible, hold a screen wake lock where the browser has one (positions keep going). */
async function keepAwake() {
  const want = model.onDuty && document.visibilityState === "visible" && "wakeLock" in navigator;
  if (want && !wakeLock) {
    try {
      wakeLock = await navigator.wakeLock.request("screen");
      wakeLock.addEventListener("release", () => { wakeLock = null; });
    } catch (err) {
      wakeLock = null;   // refused (battery saver, not allowed): positions go on while the screen is on
    }
  } else if (!want && wakeLock) {
    wakeLock.release();
    wakeLock = null;
  }
  $("awake").hidden = !wakeLock;
}

function onVisible() {
  if (document.visibilityState !== "visible" || !relay) return;
  relay.reconnectNow();
  sendFix(true);
  keepAwake();
}

// -- an incident report with a photo -------------------------------------------------------------

let reportPhoto = null;

async function submitReport(event) {
  event.preventDefault();
  if (!model.fix) {
    toast("尚未定位,无法上报位置");
    return;
  }
  const button = $("report-btn");
  button.disabled = true;
  const args = {category: $("category").value, lng: model.fix.lng, lat: model.fix.lat,
    narrative: $("narrative").value.trim()};
  if (reportPhoto.get()) args.photo = reportPhoto.get();
  try {
    const ack = await send("事件上报", "incident.report", args);
    if (ack) toast("上报成功");
    $("report-form").reset();
    $("category").value = "200200";
    reportPhoto.clear();
    showTab("worker", "mine");
  } catch (err) {
    toast(t("上报失败:") + said(err));
  } finally {
    button.disabled = false;
  }
}

// -- boot ----------------------------------------------------------------------------------------

function ended() {
  $("app").hidden = true;
  $("officer").hidden = true;
}

function showWork() {
  $("change-password").hidden = true;
  $(model.role === "officer" ? "officer" : "app").hidden = false;
}

/** The new password, typed twice, replaces the initial one; the relay says why when it refuses it. */
async function changePassword(event) {
  event.preventDefault();
  const next = $("new-password").value;
  $("change-error").textContent = "";
  if (next !== $("confirm-password").value) {
    $("change-error").textContent = "两次输入的新密码不一致";
    return;
  }
  $("change-btn").disabled = true;
  try {
    await relay.changePassword(next);
    $("new-password").value = $("confirm-password").value = "";
    showWork();
  } catch (err) {
    $("change-error").textContent = err.zh || err.code ? said(err) : t("修改失败");
  } finally {
    $("change-btn").disabled = false;
  }
}

function login(event) {
  event.preventDefault();
  relay = signIn((f) => f.worker && [...FIELD_ROLES, "officer"].includes(f.role), "此页面供网格员、警组和社区民警使用", {
    authenticated(f) {
      model.me = f.worker;
      model.role = f.role;
      document.body.dataset.role = f.role;   // a unit is not offered grid-worker work (.grid-only)
      if (f.must_change) {
        $("change-password").hidden = false;
        $("new-password").focus();
        return;
      }
      showWork();
    },
    status(up) {
      if (up && FIELD_ROLES.includes(model.role)) {
        sendFix(true);
        calls.askOffer();   // a call rang us while we were away: its offer went to the old connection
      }
    },
    ended,
    pending: showPending,
    lateRefusal: (frame, err) => toast(t("离线保存的操作被拒绝:") + said(err)),
    snapshot: takeSnapshot,
    event: applyEvent,
    signal: (f) => calls.signal(f),
  });
  collect.relay = relay;
  found.relay = relay;
  officer.relay = relay;
  relay.connect();
  watchPosition();
}

document.addEventListener("DOMContentLoaded", () => {
  collect = new CollectForm(null, () => ({district: model.district, fix: model.fix}));
  officer = new OfficerDesk(null);
  found = new FoundForm(() => ({district: model.district, fix: model.fix}), () => showTab("worker", "tasks"));
  unitLine = new UnitStatusLine();
  reportPhoto = photoPicker($("photo"), $("photo-preview"), $("photo-info"));
  sosButton = new SosButton($("sos-btn"), $("sos-bar"), $("sos-status"), async () => {
    sendFix(true);   // the relay puts the last fix it has on the SOS: give it the newest
    return send("紧急求助", "worker.sos", {});
  });
  $("login-form").addEventListener("submit", login);
  $("change-form").addEventListener("submit", changePassword);
  $("report-form").addEventListener("submit", submitReport);
  $("duty-btn").addEventListener("click", () => send(model.onDuty ? "下班" : "上岗", "worker.duty", {on: !model.onDuty})
    .catch((err) => toast(said(err))));
  for (const nav of document.querySelectorAll(".tabs")) {
    for (const b of nav.querySelectorAll("button")) b.addEventListener("click", () => showTab(nav.dataset.group, b.dataset.tab));
  }
  document.addEventListener("visibilitychange", onVisible);
  window.addEventListener("online", onVisible);
  $("accept-btn").addEventListener("click", () => calls.accept());
  $("decline-btn").addEventListener("click", () => calls.decline());
  $("hangup-btn").addEventListener("click", () => calls.hangup());
  $("dial-video-btn").addEventListener("click", () => calls.dial("video"));
  $("dial-audio-btn").addEventListener("click", () => calls.dial("audio"));
  loadTables().catch(() => toast("类别表加载失败"));
});
