// The department liaison's page (职能部门): referrals (转办) to its department with their time limit counting
// down, 签收 / 反馈 / 退回, and for the 12345 platform a form to transfer a call in. Speaks docs/PROTOCOL.md
// through the shared relay.js / signin.js / ui.js (../web); the relay scopes the snapshot and the events to
// the department, and the page asks for nothing else.
"use strict";

const REFERRAL_STATUS = {pushed: "待签收", signed: "已签收", done: "已反馈", returned: "已退回"};
const INCIDENT_STATUS = {new: "新建", accepted: "已受理", dispatched: "已派遣", signed: "已签收", on_scene: "处置中",
  feedback: "已反馈", verifying: "待核查", closed: "已办结", returned: "已退回", referred: "已转办", void: "已作废"};
const DEFAULT_CATEGORY = "500000";   // 群众求助: most 12345 transfers to 110
const STATUS_OF_EVENT = {"referral.signed": "signed", "referral.feedback": "done", "referral.returned": "returned"};
const INCIDENT_OF_EVENT = {"referral.feedback": "feedback", "referral.returned": "returned",
  "incident.verifying": "verifying", "incident.closed": "closed", "incident.reworked": "accepted"};

// -- what this department holds -----------------------------------------------------------------

const model = {account: "", department: "", incidents: new Map(), grids: []};
let relay = null;
let names = {};   // category and department code -> name (categories.json)

function takeSnapshot(snap) {
  model.incidents = new Map(snap.incidents.map((i) => [i.id, i]));
  model.grids = snap.district.grids.map((g) => ({code: g.code, name: g.name, polygon: g.polygon}));
  fillGrids();
  render();
}

function applyEvent(e) {
  const d = e.data;
  const inc = model.incidents.get(d.incident);
  if (e.type === "incident.referred") {
    relay.resnapshot();   // a new work order: the snapshot brings its details and its deadline
    return;
  }
  if (e.type === "incident.reported" && e.actor === model.account) {
    model.incidents.set(d.incident, {id: d.incident, category: d.category, address: d.address, narrative: d.narrative,
      caller: d.caller, status: "new", source: d.source, reported_at: e.at, reporter: model.account, referral: null});
  } else if (inc && STATUS_OF_EVENT[e.type] && inc.referral) {
    const ref = inc.referral;
    ref.status = STATUS_OF_EVENT[e.type];
    if (e.type === "referral.signed") ref.signed_at = e.at;
    if (e.type === "referral.feedback") Object.assign(ref, {done_at: e.at, feedback: d.note, unit: d.unit || ""});
    if (e.type === "referral.returned") Object.assign(ref, {returned_at: e.at, return_opinion: d.note});
  }
  if (inc && INCIDENT_OF_EVENT[e.type]) inc.status = INCIDENT_OF_EVENT[e.type];
  render();
}

// -- rendering ------------------------------------------------------------------------------------

/** An inline form (反馈 or 退回) under a work order, replacing its buttons until sent or cancelled. */
function noteForm(item, kind, inc) {
  const feedback = kind === "feedback";
  const note = el("textarea", {rows: 3, maxLength: 2000, className: "note", required: true,
    placeholder: feedback ? "已采取的措施和处理结果" : "退回原因和处理意见(如:不属于本部门职责)"});
  const unit = el("input", {maxLength: 100, className: "unit", placeholder: "如:城管执法中队"});
  const form = el("form", {className: "inline " + kind},
    el("label", {textContent: feedback ? "处理情况" : "退回意见"}, note));
  if (feedback) form.append(el("label", {textContent: "处理单位"}, unit));
  const cancel = el("button", {type: "button", textContent: "取消"});
  const send = el("button", {type: "submit", className: feedback ? "ok" : "danger",
    textContent: feedback ? "提交反馈" : "确认退回"});
  form.append(el("div", {className: "actions"}, cancel, send));
  cancel.addEventListener("click", render);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!note.value.trim()) return toast(feedback ? "请填写处理情况" : "请填写退回意见");
    send.disabled = true;
    const args = {incident: inc.id, note: note.value.trim()};
    if (feedback && unit.value.trim()) args.unit = unit.value.trim();
    try {
      await relay.command(feedback ? "referral.feedback" : "referral.return", args);
      toast(feedback ? "已反馈" : "已退回");
    } catch (err) {
      toast(t("{label}失败:{why}", {label: t(feedback ? "反馈" : "退回"), why: said(err)}));
      send.disabled = false;
    }
  });
  item.querySelector(".actions").replaceWith(form);
  note.focus();
}

function countdown(inc) {
  const span = el("span", {className: "countdown"});
  span.dataset.incident = inc.id;
  paintCountdown(span, inc);
  return span;
}

function paintCountdown(span, inc) {
  const open = inc.referral && (inc.referral.status === "pushed" || inc.referral.status === "signed");
  const state = open ? deadlineState(inc.referral_deadline, Date.now()) : {level: "none", text: ""};
  span.textContent = state.text;
  span.className = "countdown " + state.level;
}

function referralItem(inc) {
  const ref = inc.referral;
  const item = el("li", {className: "item referral " + ref.status, id: "ref-" + inc.id},
    el("div", {className: "head"}, `${names[inc.category] || inc.category} · ${ref.order_id}`,
      el("span", {className: "tag", textContent: REFERRAL_STATUS[ref.status] || ref.status})),
    countdown(inc),
    el("p", {className: "meta", textContent: `地址:${inc.address || "(无地址)"}`}),
    el("p", {className: "meta", textContent: `警情:${inc.narrative || "(无描述)"}`}),
    el("p", {className: "meta", textContent: `转办原因:${ref.reason}  推送:${fmtTime(ref.pushed_at)}`}));
  if (model.department === "*") item.append(el("p", {className: "meta", textContent: `承办部门:${names[ref.department] || ref.department}`}));
  if (ref.status === "done") {
    item.append(el("p", {className: "result", textContent: `反馈(${fmtTime(ref.done_at)}):${ref.feedback}`}));
    if (ref.unit) item.append(el("p", {className: "meta", textContent: `处理单位:${ref.unit}`}));
  } else if (ref.status === "returned") {
    item.append(el("p", {className: "result", textContent: `退回(${fmtTime(ref.returned_at)}):${ref.return_opinion}`}));
  }
  const actions = el("div", {className: "actions"});
  if (ref.status === "pushed") actions.append(actionButton("签收", "ok sign", () => relay.command("referral.sign", {incident: inc.id})));
  if (ref.status === "signed") actions.append(el("button", {type: "button", className: "ok feedback", textContent: "反馈",
    onclick: () => noteForm(item, "feedback", inc)}));
  if (ref.status === "pushed" || ref.status === "signed") actions.append(el("button", {type: "button",
    className: "danger return", textContent: "退回", onclick: () => noteForm(item, "return", inc)}));
  if (actions.childElementCount) item.append(actions);
  return item;
}

function sentItem(inc) {
  return el("li", {className: "item sent", id: "sent-" + inc.id},
    el("div", {className: "head"}, `${names[inc.category] || inc.category} · ${inc.id}`,
      el("span", {className: "tag", textContent: INCIDENT_STATUS[inc.status] || inc.status})),
    el("p", {className: "meta", textContent: `${fmtTime(inc.reported_at)}  ${inc.address || ""}`}),
    el("p", {className: "meta", textContent: inc.narrative || ""}));
}

function render() {
  const all = [...model.incidents.values()];
  const referred = all.filter((i) => i.referral).sort((a, b) => a.referral.pushed_at - b.referral.pushed_at);
  const todo = referred.filter((i) => ["pushed", "signed"].includes(i.referral.status));
  const done = referred.filter((i) => !["pushed", "signed"].includes(i.referral.status)).reverse();
  $("todo").replaceChildren(...todo.map(referralItem));
  $("no-todo").hidden = todo.length > 0;
  $("todo-count").textContent = String(todo.length);
  $("done").replaceChildren(...done.map(referralItem));
  $("no-done").hidden = done.length > 0;
  const sent = all.filter((i) => i.reporter === model.account).sort((a, b) => b.reported_at - a.reported_at);
  $("sent").replaceChildren(...sent.map(sentItem));
  $("no-sent").hidden = sent.length > 0;
}

function tick() {
  for (const span of document.querySelectorAll(".countdown[data-incident]")) {
    const inc = model.incidents.get(span.dataset.incident);
    if (inc) paintCountdown(span, inc);
  }
}

// -- 12345 转入 ---------------------------------------------------------------------------------------

function fillGrids() {
  const select = $("grid");
  const chosen = select.value;
  select.replaceChildren(...model.grids.map((g) => el("option", {value: g.code, textContent: `${g.name}(${g.code})`})));
  if (chosen) select.value = chosen;
}

function centreOf(polygon) {
  const n = polygon.length;
  return {lng: polygon.reduce((s, p) => s + p[0], 0) / n, lat: polygon.reduce((s, p) => s + p[1], 0) / n};
}

async function transferIn(event) {
  event.preventDefault();
  const grid = model.grids.find((g) => g.code === $("grid").value);
  if (!grid) return toast("请选择所在网格");
  const button = $("transfer-btn");
  button.disabled = true;
  const args = {category: $("category").value, ...centreOf(grid.polygon), address: $("address").value.trim(),
    narrative: $("narrative").value.trim()};
  if ($("caller").value.trim()) args.caller = $("caller").value.trim();
  try {
    await relay.command("incident.report", args);
    toast("已转入指挥中心");
    $("transfer-form").reset();
    $("category").value = DEFAULT_CATEGORY;
    fillGrids();
  } catch (err) {
    toast(t("转入失败:") + said(err));
  } finally {
    button.disabled = false;
  }
}

// -- boot -----------------------------------------------------------------------------------------

function login(event) {
  event.preventDefault();
  relay = signIn((f) => f.role === "liaison", "此页面仅供职能部门联络员使用", {
    authenticated(f) {
      model.account = f.account;
      model.department = f.department || "";
      const platform = model.department === "*";
      $("who").textContent = `${platform ? "12345政务服务热线" : names[model.department] || model.department}(${f.account})`;
      $("transfer-tab").hidden = !platform;
      $("app").hidden = false;
    },
    ended() {
      $("app").hidden = true;
    },
    pending(frames) {
      $("pending").hidden = frames.length === 0;
      $("pending").textContent = `待发送 ${frames.length}`;
    },
    lateRefusal: (frame, err) => toast(t("离线保存的操作被拒绝:") + said(err)),
    snapshot: takeSnapshot,
    event: applyEvent,
    signal() {},
  });
  relay.connect();
}

document.addEventListener("DOMContentLoaded", () => {
  $("login-form").addEventListener("submit", login);
  $("transfer-form").addEventListener("submit", transferIn);
  for (const b of document.querySelectorAll(".tabs button")) b.addEventListener("click", () => showTab("dept", b.dataset.tab));
  setInterval(tick, 1000);
  loadCategories($("category"), DEFAULT_CATEGORY).then((found) => { names = found; render(); })
    .catch(() => toast("类别表加载失败"));
});
