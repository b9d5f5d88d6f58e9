// Web field client for grid workers (网格员): speaks the relay protocol of docs/PROTOCOL.md and the
// call contract of docs/CALLS.md over the same origin. Plain browser APIs only, nothing downloaded.
"use strict";

const POSITION_INTERVAL_MS = 5000;   // at most one position.report per 5 s
const POSITION_REFRESH_MS = 30000;   // resend the last fix when standing still, so the worker never goes stale
const PHOTO_MAX_CHARS = 48000;       // base64; with the text the frame stays well under the relay's 64 KiB
const PHOTO_MAX_SIDE = 1280;

const ORDER_KINDS = {verify_person: "核查人员", verify_house: "核查房屋", visit: "入户走访", mediate: "矛盾调解",
  patrol: "巡查"};
const ORDER_STATUS = {issued: "待签收", signed: "已签收", done: "已反馈", returned: "已退回", cancelled: "已撤销"};
const STEP_STATUS = {dispatched: "待签收", signed: "已签收", on_scene: "处置中", done: "已反馈",
  returned: "已退回", cancelled: "已撤回"};
const INCIDENT_STATUS = {new: "新建", accepted: "已受理", dispatched: "已派遣", signed: "已签收", on_scene: "处置中",
  feedback: "已反馈", verifying: "待核查", closed: "已办结", returned: "已退回", referred: "已转办", void: "已作废"};
const STEP_OF_EVENT = {"incident.signed": "signed", "incident.arrived": "on_scene", "incident.feedback": "done",
  "incident.returned": "returned", "incident.assignment_cancelled": "cancelled"};
const ORDER_OF_EVENT = {"order.signed": "signed", "order.done": "done", "order.returned": "returned",
  "order.cancelled": "cancelled"};

const $ = (id) => document.getElementById(id);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child);
  return node;
}

let toastTimer = 0;
function toast(text) {
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, 4000);
}

// -- what this worker holds ------------------------------------------------------------------

const model = {me: null, name: "", onDuty: false, orders: new Map(), incidents: new Map(), fix: null};
let relay = null;

function takeSnapshot(snap) {
  const me = model.me;
  const row = snap.workers.find((w) => w[0] === me);
  model.name = row ? row[1] : me;
  model.onDuty = snap.on_duty.includes(me);
  model.orders = new Map(snap.orders.filter((o) => o.worker_id === me).map((o) => [o.id, {
    id: o.id, kind: o.kind, target: o.target_text || o.target, note: o.note, status: o.status, due_at: o.due_at}]));
  model.incidents = new Map(snap.incidents.map((i) => [i.id, incidentOf(i)]));
  calls.resync(snap.calls || []);
  render();
}

function incidentOf(i) {
  const mine = (i.assignments || []).find((a) => a.worker_id === model.me);
  return {id: i.id, category: i.category, address: i.address, narrative: i.narrative, status: i.status,
    step: mine ? mine.status : null, reported: i.reporter_worker === model.me, photo: Boolean(i.photo)};
}

function applyEvent(e) {
  const d = e.data;
  if (e.type === "worker.duty_set" && d.worker === model.me) model.onDuty = d.on;
  else if (e.type === "order.issued") {
    model.orders.set(d.order, {id: d.order, kind: d.kind, target: d.target_text || d.target, note: d.note,
      status: "issued", due_at: d.due_at});
  } else if (ORDER_OF_EVENT[e.type] && model.orders.has(d.order)) {
    model.orders.get(d.order).status = ORDER_OF_EVENT[e.type];
  } else if (e.type === "incident.reported" && d.reporter_worker === model.me) {
    model.incidents.set(d.incident, incidentOf({id: d.incident, category: d.category, address: d.address,
      narrative: d.narrative, status: "new", reporter_worker: model.me, photo: d.photo}));
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
  } else if (e.type.startsWith("call.")) {
    calls.event(e);
  }
  render();
}

// -- rendering ---------------------------------------------------------------------------------

let categoryNames = {};

function fmtTime(ms) {
  const t = new Date(ms);
  const pad = (n) => String(n).padStart(2, "0");
  return `${pad(t.getMonth() + 1)}-${pad(t.getDate())} ${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

function actionButton(label, cls, run) {
  const button = el("button", {type: "button", className: cls, textContent: label});
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await run();
    } catch (err) {
      toast(`${label}失败:${err.zh || err.message || err.code}`);
      button.disabled = false;
    }
  });
  return button;
}

function askNote(title) {
  const note = prompt(title);
  if (note === null) throw {zh: "已取消"};
  if (!note.trim()) throw {zh: "请填写内容"};
  return note.trim();
}

function orderItem(o) {
  const actions = el("div", {className: "actions"});
  if (o.status === "issued") {
    actions.append(actionButton("签收", "ok", () => relay.command("order.sign", {order: o.id})));
  } else if (o.status === "signed") {
    actions.append(actionButton("反馈", "ok", () => relay.command("order.feedback",
      {order: o.id, note: askNote("处理结果"), confirmed: true})));
    actions.append(actionButton("退回", "", () => relay.command("order.return", {order: o.id, note: askNote("退回原因")})));
  }
  const item = el("li", {className: "item order", id: "order-" + o.id},
    el("div", {className: "head"}, `${ORDER_KINDS[o.kind] || o.kind} · ${o.id}`,
      el("span", {className: "tag", textContent: ORDER_STATUS[o.status] || o.status})),
    el("p", {className: "meta", textContent: `对象:${o.target}  期限:${fmtTime(o.due_at)}`}));
  if (o.note) item.append(el("p", {className: "meta", textContent: o.note}));
  if (actions.childElementCount) item.append(actions);
  return item;
}

function incidentItem(i) {
  const step = (op) => () => relay.command(op, {incident: i.id, ...(op === "incident.feedback"
    ? {note: askNote("处置情况")} : {})});
  const actions = el("div", {className: "actions"});
  if (i.step === "dispatched") actions.append(actionButton("签收", "ok", step("incident.sign")));
  if (i.step === "signed") actions.append(actionButton("到场", "ok", step("incident.arrive")));
  if (i.step === "on_scene") actions.append(actionButton("反馈", "ok", step("incident.feedback")));
  const item = el("li", {className: "item incident", id: "incident-" + i.id},
    el("div", {className: "head"}, `${categoryNames[i.category] || i.category} · ${i.id}`,
      el("span", {className: "tag", textContent: STEP_STATUS[i.step] || INCIDENT_STATUS[i.status] || ""})),
    el("p", {className: "meta", textContent: i.address || "(无地址)"}));
  if (i.narrative) item.append(el("p", {className: "meta", textContent: i.narrative}));
  if (i.photo) item.append(el("p", {className: "meta", textContent: "已附现场照片"}));
  if (actions.childElementCount) item.append(actions);
  return item;
}

function render() {
  $("who").textContent = model.name ? `${model.name}(${model.me})` : "网格员移动端";
  const duty = $("duty-btn");
  duty.textContent = model.onDuty ? "在岗" : "上岗";
  duty.classList.toggle("on", model.onDuty);
  const tasks = [...model.incidents.values()].filter((i) => i.step && ["dispatched", "signed", "on_scene"]
    .includes(i.step)).map(incidentItem);
  tasks.push(...[...model.orders.values()].filter((o) => o.status === "issued" || o.status === "signed")
    .map(orderItem));
  $("tasks").replaceChildren(...tasks);
  $("no-tasks").hidden = tasks.length > 0;
  $("task-count").textContent = String(tasks.length);
  const mine = [...model.incidents.values()].filter((i) => i.reported).reverse().map(incidentItem);
  $("mine").replaceChildren(...mine);
  $("no-mine").hidden = mine.length > 0;
}

function showTab(name) {
  for (const b of document.querySelectorAll(".tabs button")) b.classList.toggle("active", b.dataset.tab === name);
  for (const tab of ["tasks", "report", "mine"]) $("tab-" + tab).hidden = tab !== name;
}

async function loadCategories() {
  const rows = await (await fetch("categories.json")).json();
  categoryNames = Object.fromEntries(rows.map((r) => [r.code, r.name]));
  const select = $("category");
  let group = null;
  for (const r of rows) {
    if (r.code.endsWith("0000")) {
      group = el("optgroup", {label: r.name});
      select.append(group);
    }
    (group || select).append(el("option", {value: r.code, textContent: `${r.name}(${r.code})`}));
  }
  select.value = "200200";
  render();
}

// -- position ----------------------------------------------------------------------------------

let lastSent = 0;
let watching = false;

function sendFix(force) {
  const fix = model.fix;
  if (!fix || !relay) return;
  const now = Date.now();
  if (!force && now - lastSent < POSITION_INTERVAL_MS) return;
  const args = {lng: fix.lng, lat: fix.lat, at: Math.round(fix.at)};
  if (fix.speed !== null && fix.speed >= 0 && fix.speed <= 100) args.speed = fix.speed;
  if (fix.heading !== null && fix.heading >= 0 && fix.heading <= 360) args.heading = fix.heading;
  if (relay.fire("position.report", args)) lastSent = now;
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
    model.fix = {lng: c.longitude, lat: c.latitude, at: pos.timestamp, speed: c.speed, heading: c.heading};
    $("geo").textContent = `${c.latitude.toFixed(5)}, ${c.longitude.toFixed(5)} ±${Math.round(c.accuracy)}米`;
    sendFix(false);
  }, (err) => {
    $("geo").textContent = err.code === err.PERMISSION_DENIED ? "定位权限被拒绝" : "定位失败,重试中…";
  }, {enableHighAccuracy: true, maximumAge: POSITION_INTERVAL_MS, timeout: 30000});
  setInterval(() => {
    if (Date.now() - lastSent >= POSITION_REFRESH_MS) sendFix(true);
  }, POSITION_INTERVAL_MS);
}

// -- report with a photo -------------------------------------------------------------------------

let photo = "";

function blobToBase64(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1]);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** Downscale a picture to a JPEG whose base64 fits PHOTO_MAX_CHARS (smaller side, then lower quality). */
async function shrinkPhoto(file) {
  const bitmap = await createImageBitmap(file);
  let scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  for (;;) {
    const canvas = el("canvas", {width: Math.max(1, Math.round(bitmap.width * scale)),
      height: Math.max(1, Math.round(bitmap.height * scale))});
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    for (const quality of [0.8, 0.65, 0.5, 0.4]) {
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
      const data = await blobToBase64(blob);
      if (data.length <= PHOTO_MAX_CHARS) return {data, width: canvas.width, height: canvas.height};
    }
    scale *= 0.7;
  }
}

async function pickPhoto() {
  const file = $("photo").files[0];
  photo = "";
  $("photo-preview").hidden = true;
  if (!file) return;
  $("photo-info").textContent = "正在压缩照片…";
  try {
    const shrunk = await shrinkPhoto(file);
    photo = shrunk.data;
    $("photo-preview").src = "data:image/jpeg;base64," + photo;
    $("photo-preview").hidden = false;
    $("photo-info").textContent = `${shrunk.width}×${shrunk.height},${Math.round(photo.length * 3 / 4 / 1024)} KB`;
  } catch (err) {
    $("photo-info").textContent = "无法读取照片:" + err.message;
  }
}

async function submitReport(event) {
  event.preventDefault();
  if (!model.fix) {
    toast("尚未定位,无法上报位置");
    return;
  }
  const button = $("report-btn");
  button.disabled = true;
  const args = {category: $("category").value, lng: model.fix.lng, lat: model.fix.lat,
    narrative: $("narrative").value.trim(), source: "grid"};
  if (photo) args.photo = photo;
  try {
    await relay.command("incident.report", args);
    toast("上报成功");
    $("report-form").reset();
    $("category").value = "200200";
    photo = "";
    $("photo-preview").hidden = true;
    $("photo-info").textContent = "";
    showTab("mine");
  } catch (err) {
    toast("上报失败:" + (err.zh || err.code));
  } finally {
    button.disabled = false;
  }
}

// -- boot ----------------------------------------------------------------------------------------

function login(event) {
  event.preventDefault();
  $("login-error").textContent = "";
  $("login-btn").disabled = true;
  relay = new Relay($("user").value.trim(), $("password").value, {
    authenticated(f) {
      if (f.role !== "grid_worker" || !f.worker) {
        relay.closed = true;
        relay.ws.close();
        $("login-error").textContent = "此页面仅供网格员使用";
        $("login-btn").disabled = false;
        return;
      }
      model.me = f.worker;
      $("login").hidden = true;
      $("app").hidden = false;
      $("password").value = "";
    },
    authFailed(f) {
      $("login-error").textContent = f.zh || "账号或密码错误";
      $("login-btn").disabled = false;
    },
    status(up) {
      $("link").textContent = up ? "在线" : "离线";
      $("link").className = "link " + (up ? "on" : "off");
      if (up) {
        sendFix(true);
        calls.askOffer();   // a call rang us while we were away: its offer went to the old connection
      }
    },
    snapshot: takeSnapshot,
    event: applyEvent,
    signal: (f) => calls.signal(f),
  });
  relay.connect();
  watchPosition();
}

document.addEventListener("DOMContentLoaded", () => {
  $("login-form").addEventListener("submit", login);
  $("report-form").addEventListener("submit", submitReport);
  $("photo").addEventListener("change", pickPhoto);
  $("duty-btn").addEventListener("click", () => relay.command("worker.duty", {on: !model.onDuty})
    .catch((err) => toast(err.zh || err.code)));
  for (const b of document.querySelectorAll(".tabs button")) b.addEventListener("click", () => showTab(b.dataset.tab));
  $("accept-btn").addEventListener("click", () => calls.accept());
  $("decline-btn").addEventListener("click", () => calls.decline());
  $("hangup-btn").addEventListener("click", () => calls.hangup());
  $("dial-video-btn").addEventListener("click", () => calls.dial("video"));
  $("dial-audio-btn").addEventListener("click", () => calls.dial("audio"));
  loadCategories().catch(() => toast("类别表加载失败"));
});
