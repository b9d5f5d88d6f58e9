// 扫码上报: the public e码 page. Data comes from the inert JSON block and the API; every value is
// put on the page with textContent, never as markup.
"use strict";

const MAX_PHOTO_CHARS = 48000;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";
const $ = (id) => document.getElementById(id);
const plate = JSON.parse($("plate").textContent);
let photo = "";
let current = "";

function show(section) {
  for (const id of ["home", "report", "declare", "done"]) $(id).hidden = id !== section;
  $("message").textContent = "";
}

function say(text) { $("message").textContent = t(text); }

function clientToken() {
  let token = localStorage.getItem("ecode.client");
  if (!token) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    token = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    localStorage.setItem("ecode.client", token);
  }
  return token;
}

function mine() {
  try { return JSON.parse(localStorage.getItem("ecode.receipts") || "[]"); } catch (e) { return []; }
}

function remember(receipt, kind) {
  const list = mine().filter((r) => r.receipt !== receipt);
  list.unshift({ receipt, kind, address: plate.address, at: Date.now() });
  localStorage.setItem("ecode.receipts", JSON.stringify(list.slice(0, 10)));
}

function renderMine() {
  const list = mine();
  $("mine").hidden = list.length === 0;
  const ul = $("mine-list");
  ul.replaceChildren();
  for (const item of list) {
    const li = document.createElement("li");
    const label = document.createElement("span");
    label.textContent = `${item.kind} ${item.receipt} `;
    const open = document.createElement("button");
    open.type = "button";
    open.className = "secondary";
    open.textContent = "查看进度";
    open.addEventListener("click", () => openReceipt(item.receipt, item.kind));
    li.append(label, open);
    ul.append(li);
  }
}

// GB 11643: 17 digits, a valid birth date and the check character
function idProblem(value) {
  if (!/^\d{17}[\dX]$/.test(value)) return "身份证号应为17位数字加校验位";
  const y = +value.slice(6, 10), m = +value.slice(10, 12), d = +value.slice(12, 14);
  const born = new Date(Date.UTC(y, m - 1, d));
  if (born.getUTCFullYear() !== y || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d) return "身份证号中的出生日期无效";
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += +value[i] * ID_WEIGHTS[i];
  const check = ID_CHECK[sum % 11];
  return value[17] === check ? "" : "身份证号校验位不正确";
}

async function shrink(file) {
  const image = await createImageBitmap(file);
  for (const [side, quality] of [[1280, 0.7], [1024, 0.6], [800, 0.5], [640, 0.45], [480, 0.4]]) {
    const scale = Math.min(1, side / Math.max(image.width, image.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(image.width * scale);
    canvas.height = Math.round(image.height * scale);
    canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
    const url = canvas.toDataURL("image/jpeg", quality);
    const data = url.slice(url.indexOf(",") + 1);
    if (data.length <= MAX_PHOTO_CHARS) return data;
  }
  throw new Error("照片过大，请换一张");
}

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    credentials: "omit", cache: "no-store",
  });
  let data = {};
  try { data = await response.json(); } catch (e) { data = {}; }
  if (!response.ok) throw new Error(data.error || t("提交失败（{status}）", {status: response.status}));
  return data;
}

async function sendReport() {
  const text = $("text").value.trim();
  if (!text) { say("请填写情况描述"); return; }
  $("send-report").disabled = true;
  say("正在提交…");
  try {
    const body = { code: plate.code, s: plate.s, text, category: $("category").value, client: clientToken() };
    if (photo) body.photo = photo;
    const data = await post("/e/api/report", body);
    remember(data.receipt, "上报");
    $("text").value = "";
    $("photo").value = "";
    photo = "";
    $("photo-note").textContent = "";
    await openReceipt(data.receipt, "上报");
  } catch (e) {
    say(e.message);
  } finally {
    $("send-report").disabled = false;
  }
}

async function sendDeclaration() {
  const id = $("d-id").value.trim().toUpperCase();
  const fields = {
    name: $("d-name").value.trim(), id_number: id, phone: $("d-phone").value.trim(),
    move_in: $("d-move-in").value, relation: $("d-relation").value, workplace: $("d-work").value.trim(),
  };
  if (!fields.name) { say("请填写姓名"); return; }
  const problem = idProblem(id);
  if (problem) { say(problem); return; }
  if (!/^1\d{10}$/.test(fields.phone)) { say("手机号应为11位数字"); return; }
  for (const key of ["move_in", "workplace"]) if (!fields[key]) delete fields[key];
  $("send-declare").disabled = true;
  say("正在提交…");
  try {
    const data = await post("/e/api/declare", { code: plate.code, s: plate.s, fields, client: clientToken() });
    remember(data.receipt, "居住登记");
    await openReceipt(data.receipt, "居住登记");
  } catch (e) {
    say(e.message);
  } finally {
    $("send-declare").disabled = false;
  }
}

async function openReceipt(receipt, kind) {
  current = receipt;
  show("done");
  $("done-title").textContent = t("{kind}已提交", {kind: t(kind)});
  $("receipt").textContent = receipt;
  await refresh();
}

async function refresh() {
  try {
    const response = await fetch(`/e/api/receipt/${encodeURIComponent(current)}`, { cache: "no-store", credentials: "omit" });
    const data = await response.json();
    if (!response.ok) throw new Error(data.error || "查询失败");
    $("status").textContent = data.status;
    $("updated").textContent = data.updated_at ? when(data.updated_at) : "—";
    $("reply").textContent = data.reply || "暂无";
    showProgress(data.progress || []);
    say("");
  } catch (e) {
    say(e.message);
  }
}

function when(ms) {
  return new Date(ms).toLocaleString("zh-CN", { hour12: false });
}

// 居住登记: the steps so far (已提交 → 核查中 → 已登记 / 已退回), each with its time
function showProgress(steps) {
  const list = $("progress");
  list.hidden = steps.length === 0;
  list.replaceChildren(...steps.map((s, i) => {
    const li = document.createElement("li");
    li.className = i === steps.length - 1 ? "now" : "done";
    const step = document.createElement("strong");
    step.textContent = s.step;
    const at = document.createElement("span");
    at.textContent = when(s.at);
    li.append(step, at);
    return li;
  }));
}

function fill(select, options) {
  for (const [value, label] of options) {
    const option = document.createElement("option");
    option.value = value;
    option.textContent = label;
    select.append(option);
  }
}

function start() {
  if (plate.error) {
    $("error").textContent = plate.error;
    $("error").hidden = false;
    return;
  }
  $("address").textContent = plate.address;
  const codes = [t("地址码 {code}", {code: plate.code}), t("网格 {grid}", {grid: plate.grid_name || plate.grid})];
  if (plate.police_grid) codes.push(t("警格 {grid}", {grid: plate.police_grid}));
  $("codes").textContent = codes.join(" · ");
  fill($("category"), plate.categories);
  fill($("d-relation"), plate.relations.map((r) => [r, r]));
  $("go-report").addEventListener("click", () => show("report"));
  $("go-declare").addEventListener("click", () => show("declare"));
  for (const back of document.querySelectorAll("button.back")) back.addEventListener("click", () => { renderMine(); show("home"); });
  $("send-report").addEventListener("click", sendReport);
  $("send-declare").addEventListener("click", sendDeclaration);
  $("refresh").addEventListener("click", refresh);
  $("photo").addEventListener("change", async () => {
    photo = "";
    const file = $("photo").files[0];
    if (!file) { $("photo-note").textContent = ""; return; }
    $("photo-note").textContent = "正在压缩照片…";
    try {
      photo = await shrink(file);
      $("photo-note").textContent = t("照片已压缩（{kb} KB）", {kb: Math.round(photo.length * 3 / 4 / 1024)});
    } catch (e) {
      $("photo-note").textContent = e.message;
    }
  });
  renderMine();
  show("home");
}

start();
