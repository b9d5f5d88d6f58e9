// 风险预警 on the phone: warnings the relay's risk rules pushed to this worker (the grid's worker or the 警格's
// community officer), worst and oldest open first. 签收, then act and 反馈 (what was done); the desk closes it.
// Self-contained like notices.js: it reads the relay's snapshot and events by wrapping Relay.prototype.receive
// and adds its own card above the tabs, so app.js stays as it is apart from the one <script> line. A 督办 (the
// desk's, or the relay's own once a warning is past its time limit) shows as a badge on the warning.
"use strict";

const warnings = (() => {
  const RULE = {repeat_call: "重复警情", dispute_escalation: "矛盾升级", dispute_to_crime: "民转刑风险",
    dispute_grade: "调处分级", key_person: "触圈预警", hot_address: "高发地址", hot_grid: "高发网格"};
  const LEVEL = {red: "红色", orange: "橙色", yellow: "黄色"};
  const RANK = {red: 0, orange: 1, yellow: 2};
  const STATUS = {new: "待签收", signed: "已签收", feedback: "已反馈", closed: "已办结"};
  const SUPERVISION = {normal: 1, yellow: 2, red: 3};
  const SUPERVISION_LABEL = ["", "普通督办", "黄牌督办", "红牌督办"];
  const held = new Map();   // warning id -> {id, rule, level, title, address, raised_at, due_at, status, feedback}
  let me = null;
  let session = null;


  function take(w, at) {
    held.set(w.warning || w.id, {id: w.warning || w.id, rule: w.rule, level: w.level, title: w.title,
      address: w.address || "", raised_at: w.raised_at || at, due_at: w.due_at, status: w.status || "new",
      feedback: w.feedback || "", supervision: w.supervision || 0});
  }

  function snapshot(state) {
    held.clear();
    for (const w of state.warnings || []) if ((w.workers || []).includes(me)) take(w, w.raised_at);
    render();
  }

  const STEP = {"warning.signed": "signed", "warning.feedback": "feedback", "warning.closed": "closed"};

  function event(e) {
    const d = e.data;
    if (e.type === "warning.raised" && (d.workers || []).includes(me)) {
      take(d, e.at);
    } else if (STEP[e.type] && held.has(d.warning)) {
      const w = held.get(d.warning);
      w.status = STEP[e.type];
      if (e.type === "warning.feedback") w.feedback = d.note || "";
    } else if (e.type === "warning.supervised" && held.has(d.warning)) {
      const w = held.get(d.warning);
      w.supervision = Math.max(w.supervision, SUPERVISION[d.level] || 0);
    } else {
      return;
    }
    render();
  }

  function fail(err, button) {
    button.disabled = false;
    const box = document.getElementById("toast");
    box.textContent = t("预警操作失败:") + said(err);
    box.hidden = false;
  }

  function act(w, op, args, button) {
    button.disabled = true;
    session.command(op, Object.assign({warning: w.id}, args)).catch((err) => fail(err, button));
  }

  function item(w) {
    const overdue = w.status !== "closed" && Date.now() > w.due_at;
    const li = el("li", {className: `warning ${w.level} ${w.status}`, id: "warning-" + w.id},
      el("div", {className: "warning-head"},
        el("span", {className: "warning-level", textContent: `${LEVEL[w.level] || w.level}·${RULE[w.rule] || w.rule}`}),
        el("span", {className: "warning-status", textContent: STATUS[w.status] || w.status})),
      ...(w.supervision ? [el("p", {className: `warning-supervised level-${w.supervision}`,
        textContent: SUPERVISION_LABEL[w.supervision]})] : []),
      el("p", {className: "warning-title", textContent: w.title}),
      el("p", {className: "warning-place", textContent: w.address}),
      el("p", {className: overdue ? "warning-due overdue" : "warning-due",
        textContent: overdue ? `已超期(时限 ${fmtTime(w.due_at)})` : `时限 ${fmtTime(w.due_at)}`}));
    if (w.status === "new") {
      const button = el("button", {type: "button", className: "ok warning-sign", textContent: "签收"});
      button.addEventListener("click", () => act(w, "warning.sign", {}, button));
      li.append(button);
    } else if (w.status === "signed") {
      const note = el("textarea", {className: "warning-note", rows: 2, placeholder: "处置情况(走访、调解、下单…)"});
      const button = el("button", {type: "button", className: "ok warning-feedback", textContent: "反馈"});
      button.addEventListener("click", () => {
        if (!note.value.trim()) { note.focus(); return; }
        act(w, "warning.feedback", {note: note.value.trim()}, button);
      });
      li.append(note, button);
    } else if (w.feedback) {
      li.append(el("p", {className: "warning-done", textContent: "已反馈:" + w.feedback}));
    }
    return li;
  }

  function render() {
    const card = document.getElementById("warnings");
    if (!card) return;
    const order = {new: 0, signed: 1, feedback: 2, closed: 3};
    const list = [...held.values()].sort((a, b) => (order[a.status] - order[b.status])
      || (RANK[a.level] - RANK[b.level]) || (a.raised_at - b.raised_at)).slice(0, 20);
    const open = [...held.values()].filter((w) => w.status === "new").length;
    card.hidden = held.size === 0;
    document.getElementById("warning-new").textContent = open ? `${open} 条待签收` : "均已签收";
    document.getElementById("warning-list").replaceChildren(...list.map(item));
  }

  function mount() {
    mountCard({id: "warnings", css: "warnings.css", title: "风险预警", badgeId: "warning-new",
      badgeClass: "warning-new", listId: "warning-list", listClass: "warning-list"});
    render();
  }

  // Read the same frames app.js gets.
  followFrames({relay: (r) => { session = r; }, auth: (f) => { me = f.worker; }, snapshot, event});

  document.addEventListener("DOMContentLoaded", mount);
  return {held};
})();
