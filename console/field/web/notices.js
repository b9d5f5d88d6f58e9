// 信息推送 on the phone: notices the desk sent to this grid worker (or officer), newest first, each with 已读
// and, when the notice names a PDF the relay keeps (the 研判 report), a link that opens it: /files/<notice>
// with this page session's key (auth.ok's ``files``), which the relay honours only for the notice's recipients.
// Self-contained beside app.js: it reads the relay's snapshot and events by wrapping Relay.prototype.receive
// and adds its own card above the tabs (and its own stylesheet), so app.js and index.html stay as they are
// apart from the one <script> line that loads this file.
"use strict";

const notices = (() => {
  const PRIORITY = {normal: "普通", important: "重要", urgent: "紧急"};
  const RANK = {urgent: 0, important: 1, normal: 2};
  const held = new Map();   // notice id -> {id, text, priority, at, photo, file_name, read_at}
  let me = null;
  let files = "";           // this session's key to attachments
  let session = null;


  function take(n) {
    held.set(n.id, {id: n.id, text: n.text, priority: n.priority, at: n.at, photo: n.photo || "",
      file_name: n.file ? n.file_name : "", read_at: (n.read || {})[me] || 0});
  }

  function snapshot(state) {
    held.clear();
    for (const n of state.notices || []) if ((n.workers || []).includes(me)) take(n);
    render();
  }

  function event(e) {
    const d = e.data;
    if (e.type === "notice.sent" && (d.workers || []).includes(me)) {
      take({id: d.notice, text: d.text, priority: d.priority, at: e.at, photo: d.photo, file: d.file,
        file_name: d.file_name});
    } else if (e.type === "notice.read" && d.worker === me && held.has(d.notice)) {
      held.get(d.notice).read_at = e.at;
    } else {
      return;
    }
    render();
  }

  function markRead(n, button) {
    button.disabled = true;
    session.command("notice.read", {notice: n.id}).catch((err) => {
      button.disabled = false;
      if (err.code === "E_CONFLICT") return;   // read already, from another device
      const box = document.getElementById("toast");
      box.textContent = t("标记已读失败:") + said(err);
      box.hidden = false;
    });
  }

  function item(n) {
    const li = el("li", {className: `notice ${n.priority}${n.read_at ? " read" : ""}`, id: "notice-" + n.id},
      el("div", {className: "notice-head"},
        el("span", {className: "notice-priority", textContent: PRIORITY[n.priority] || n.priority}),
        el("span", {className: "notice-time", textContent: `指挥中心 · ${fmtTime(n.at)}`})),
      el("p", {className: "notice-text", textContent: n.text}));
    if (n.photo) li.append(el("img", {className: "notice-photo", alt: "通知附图", src: "data:image/jpeg;base64," + n.photo}));
    if (n.file_name && files) {
      li.append(el("a", {className: "notice-file", target: "_blank", rel: "noopener", textContent: "下载研判报告",
        title: n.file_name, href: `/files/${encodeURIComponent(n.id)}?k=${encodeURIComponent(files)}`}));
    }
    if (n.read_at) {
      li.append(el("p", {className: "notice-done", textContent: `已读 ${fmtTime(n.read_at)}`}));
    } else {
      const button = el("button", {type: "button", className: "ok notice-read", textContent: "确认已读"});
      button.addEventListener("click", () => markRead(n, button));
      li.append(button);
    }
    return li;
  }

  function render() {
    const card = document.getElementById("notices");
    if (!card) return;
    const list = [...held.values()].sort((a, b) => (Boolean(a.read_at) - Boolean(b.read_at))
      || (RANK[a.priority] - RANK[b.priority]) || (b.at - a.at)).slice(0, 20);
    const unread = [...held.values()].filter((n) => !n.read_at).length;
    card.hidden = held.size === 0;
    const badge = document.getElementById("notice-unread");
    badge.textContent = unread ? `${unread} 条未读` : "全部已读";
    badge.classList.toggle("all-read", unread === 0);
    document.getElementById("notice-list").replaceChildren(...list.map(item));
  }

  function mount() {
    mountCard({id: "notices", css: "notices.css", title: "信息推送", badgeId: "notice-unread",
      badgeClass: "notice-unread", listId: "notice-list", listClass: "notice-list"});
    render();
  }

  // Read the same frames app.js gets.
  followFrames({relay: (r) => { session = r; }, auth: (f) => { me = f.worker; files = f.files || ""; }, snapshot, event});

  document.addEventListener("DOMContentLoaded", mount);
  return {held};
})();
