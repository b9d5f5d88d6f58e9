// 现场上报 (巡逻发现): a police unit reports what it comes across (op incident.discover): a category of the
// patrol subset (the rows of categories.json marked "patrol"), what it sees, and where it is — the phone's fix
// and the nearest standard address. Checked here first; the relay checks again and its refusal is shown beside
// the field it names.
"use strict";

const NEAR_ADDRESS_M = 150;   // a standard address this close to the fix is the report's address
const FOUND_DEFAULT = "200100";   // 打架斗殴: what a patrol most often comes across

class FoundForm {
  /** `getPlace()` gives {district, fix} as the page holds them; `done()` runs after a report is sent. */
  constructor(getPlace, done) {
    this.relay = null;
    this.getPlace = getPlace;
    this.done = done;
    this.allowed = new Set();
    $("found-form").addEventListener("submit", (event) => this.submit(event));
    $("found-form").addEventListener("input", (event) => {   // a field changed: its mark goes
      const box = event.target.closest(".field[data-field]");
      if (box) this.showProblems({...this.marked(), [box.dataset.field]: ""});
      $("found-error").textContent = "";
    });
    const form = () => $("found-form").scrollIntoView({block: "start"});   // the whole form on a phone's screen
    document.querySelector(".tabs [data-tab=found]").addEventListener("click", () => requestAnimationFrame(form));
  }

  async load() {
    await loadCategories($("found-category"), FOUND_DEFAULT, (r) => r.patrol);
    this.allowed = new Set([...$("found-category").options].map((o) => o.value));
  }

  /** {lng, lat, address} of the fix (address: the nearest standard address, if near enough), or null. */
  place() {
    const {district, fix} = this.getPlace();
    if (!fix) return null;
    const {address, distance} = placeOf(district, fix.lng, fix.lat);
    return {lng: fix.lng, lat: fix.lat, address: distance <= NEAR_ADDRESS_M ? address : null};
  }

  showPlace() {
    const p = this.place();
    $("found-place").textContent = !p ? t("等待定位…") : p.address ? p.address.text
      : t("坐标 {lng}, {lat}(附近无标准地址)", {lng: p.lng.toFixed(5), lat: p.lat.toFixed(5)});
  }

  /** field -> the problem shown beside it now. */
  marked() {
    const boxes = [...$("found-form").querySelectorAll(".field[data-field]")];
    return Object.fromEntries(boxes.map((b) => [b.dataset.field, b.querySelector(".field-error").textContent]));
  }

  showProblems(problems) {
    for (const box of $("found-form").querySelectorAll(".field[data-field]")) {
      box.classList.toggle("bad", Boolean(problems[box.dataset.field]));
      box.querySelector(".field-error").textContent = problems[box.dataset.field] || "";
    }
  }

  async submit(event) {
    event.preventDefault();
    const args = {category: $("found-category").value, narrative: $("found-text").value.trim(),
      on_scene: $("found-onscene").checked};
    const problems = {};
    if (!this.allowed.has(args.category)) problems.category = t("请选择巡逻发现可上报的类别");
    if (!args.narrative) problems.narrative = t("请填写现场情况");
    this.showProblems(problems);
    const place = this.place();
    $("found-error").textContent = Object.keys(problems).length ? t("请更正标红的项目")
      : place ? "" : t("尚未定位,无法上报位置");
    if (Object.keys(problems).length || !place) return;
    Object.assign(args, {lng: place.lng, lat: place.lat});
    if (place.address) args.address_code = place.address.code;
    const button = $("found-btn");
    button.disabled = true;
    try {
      const ack = await sendCommand(this.relay, "现场上报", "incident.discover", args);
      if (ack) toast("已上报指挥中心");
      $("found-text").value = "";
      $("found-category").value = FOUND_DEFAULT;
      this.done();
    } catch (err) {
      const named = relayProblems(err.problems);   // a reason the relay gives beside a field is shown there only
      this.showProblems(named);
      $("found-error").textContent = t("上报失败:") + (Object.keys(named).length ? t("请更正标红的项目") : said(err));
    } finally {
      button.disabled = false;
    }
  }
}
