// A police unit (巡逻警组, 辅警, 社区民警 on patrol; role police_unit) on the phone page: its dispatches in its own
// words (出发 / 到场 / 处置完毕) and its status as the desk's unit board derives it. The relay sends that status
// in the snapshot and on the unit's events (`unit`: status, since, then = [the status it turns into, when]),
// so the page derives nothing itself; it only counts the time in status up and takes `then` when it comes.
"use strict";

// What each role calls the steps of a dispatch: a grid worker signs for it and feeds back, a unit sets off.
const STEP_WORDS = {
  grid_worker: {sign: "签收", arrive: "到场", feedback: "反馈", note: () => ({note: askNote("处置情况")}),
    steps: {dispatched: "待签收", signed: "已签收", on_scene: "处置中", done: "已反馈", returned: "已退回",
      cancelled: "已撤回"}},
  police_unit: {sign: "出发", arrive: "到场", feedback: "处置完毕", note: () => optionalNote("处置结果(可不填)"),
    steps: {dispatched: "待出发", signed: "途中", on_scene: "已到场", done: "处置完毕", returned: "已退回",
      cancelled: "已撤回"}},
};

/** A text the user may leave blank ({} then); throws {zh} when cancelled. */
function optionalNote(title) {
  const note = prompt(title);
  if (note === null) throw {zh: "已取消"};
  return note.trim() ? {note: note.trim()} : {};
}

/** The 警力状态 line of the status card (#unit-row): status, and for how long, counting up. */
class UnitStatusLine {
  constructor() {
    this.unit = null;
    setInterval(() => this.paint(), 1000);
  }

  set(unit) {
    if (unit) this.unit = unit;
    this.paint();
  }

  paint() {
    let u = this.unit;
    if (!u) return;
    if (u.then && Date.now() >= u.then[1]) {   // 到场 → 处置, 休整 → 空闲: by time alone, no event says so
      u = this.unit = {status: u.then[0], since: u.then[1], incident: u.incident, then: null};
    }
    $("unit-row").hidden = false;
    $("unit-state").textContent = u.status;
    $("unit-since").textContent = u.since ? `已 ${fmtSpan(Date.now() - u.since)}` : "";
  }
}
