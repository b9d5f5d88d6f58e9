// Small DOM helpers shared by the relay's pages (/field/, /dept/). Data goes into a page as text only (textContent).
"use strict";

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
  box.textContent = t(text);
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, 4000);
}

function fmtTime(ms) {
  const t = new Date(ms);
  const pad = (n) => String(n).padStart(2, "0");
  return `${pad(t.getMonth() + 1)}-${pad(t.getDate())} ${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

/** "2天3小时" / "3小时05分" / "4分30秒" for a span of ms (≥ 0). */
function fmtSpan(ms) {
  const s = Math.floor(Math.max(0, ms) / 1000);
  const d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
  const pad = (n) => String(n).padStart(2, "0");
  if (d > 0) return `${d}天${h}小时`;
  if (h > 0) return `${h}小时${pad(m)}分`;
  return `${m}分${pad(s % 60)}秒`;
}

/** Ask for a required text with the browser's own dialog; throws {zh} when cancelled or blank. */
function askNote(title) {
  const note = prompt(t(title));
  if (note === null) throw {zh: t("已取消")};
  if (!note.trim()) throw {zh: t("请填写内容")};
  return note.trim();
}

/**
 * Send a command through `relay`. Online: resolves with the ack. Offline: says it is kept for later and
 * resolves at once (the outbox sends it on reconnect; a later refusal is shown as a toast).
 */
function sendCommand(relay, label, op, args) {
  const sent = relay.command(op, args);
  if (relay.live) return sent;
  toast(t("{label}:当前离线,已保存,联网后自动发送", {label: t(label)}));
  sent.then(() => toast(t("{label}:已补发成功", {label: t(label)})),
    (err) => toast(t("{label}失败:{why}", {label: t(label), why: said(err)})));
  return Promise.resolve(null);
}

/** A button that runs `run` once (disabled meanwhile); a failure is shown and re-enables it. */
function actionButton(label, cls, run) {
  const button = el("button", {type: "button", className: cls, textContent: t(label)});
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await run();
    } catch (err) {
      toast(t("{label}失败:{why}", {label: t(label), why: said(err)}));
      button.disabled = false;
    }
  });
  return button;
}

function showTab(group, name) {
  for (const b of document.querySelectorAll(`[data-group=${group}] button`)) {
    b.classList.toggle("active", b.dataset.tab === name);
  }
  for (const tab of document.querySelectorAll(`.tab[data-group=${group}]`)) tab.hidden = tab.id !== "tab-" + name;
}

/** Load the incident categories (categories.json) into `select` (those `keep` keeps), grouped by family,
 *  `chosen` selected; returns code -> name of every row (for departments too). */
async function loadCategories(select, chosen, keep = () => true) {
  const rows = await (await fetch("categories.json")).json();
  let group = null;
  for (const r of rows.filter(keep)) {
    if (r.code.endsWith("0000")) {
      group = el("optgroup", {label: r.name});
      select.append(group);
    }
    (group || select).append(el("option", {value: r.code, textContent: `${r.name}(${r.code})`}));
  }
  select.value = chosen;
  return Object.fromEntries(rows.map((r) => [r.code, r.name]));
}

/**
 * A card of its own above the work page's tabs (notices, warnings): its stylesheet, a title, a badge
 * and a list; hidden until it has something to show.
 */
function mountCard({id, css, title, badgeId, badgeClass, listId, listClass}) {
  document.head.append(el("link", {rel: "stylesheet", href: css}));
  const card = el("section", {id, className: `card ${id}`, hidden: true},
    el("div", {className: "row"}, el("div", {className: "label", textContent: title}),
      el("span", {id: badgeId, className: badgeClass})),
    el("ul", {id: listId, className: listClass}));
  const tabs = document.querySelector("#app .tabs");
  if (tabs) tabs.before(card);
  return card;
}
