// 采集 (一标三实 and 矛盾纠纷/隐患): a form per record kind built from /field/codes.json, checked in the page
// (checks.js) before sending submission.submit; the relay's own refusal is shown next to the field it names.
"use strict";

// what the worker picks -> record kind, and a preset house use for 出租房屋 / 群租房
const COLLECT_CHOICES = [["person", "人口(含流动人口)"], ["house", "房屋"], ["house:rental", "出租房屋"],
  ["house:group_rental", "群租房"], ["unit", "单位"], ["dispute", "矛盾纠纷"], ["hazard", "隐患"]];
const SUBMISSION_STATUS = {pending: "待审核", accepted: "已入库", returned: "已退回"};

class CollectForm {
  constructor(relay, getPlace) {
    this.relay = relay;
    this.getPlace = getPlace;   // () => {district, fix}
    this.codes = null;
    this.photo = photoPicker($("collect-photo"), $("collect-preview"), $("collect-photo-info"));
    const select = $("collect-kind");
    select.replaceChildren(...COLLECT_CHOICES.map(([value, text]) => el("option", {value, textContent: text})));
    select.addEventListener("change", () => this.build());
    $("collect-form").addEventListener("submit", (e) => this.submit(e));
  }

  async load() {
    this.codes = await (await fetch("codes.json")).json();
    this.build();
  }

  get kind() {
    const value = $("collect-kind").value.split(":")[0];
    return this.codes.kinds.find((k) => k.value === value);
  }

  /** The inputs of the chosen kind, each in a labelled box with room for its error. */
  build() {
    if (!this.codes) return;
    const [, use] = $("collect-kind").value.split(":");
    const boxes = this.kind.fields.map((f) => {
      const input = this.input(f);
      if (f.name === "use" && use) input.value = use;
      const box = f.type === "flag"
        ? el("label", {className: "field check"}, input, `${f.label}`)
        : el("label", {className: "field"}, `${f.label}${f.required ? " *" : ""}`, input);
      box.dataset.field = f.name;
      box.append(el("span", {className: "field-error"}));
      return box;
    });
    $("collect-fields").replaceChildren(...boxes);
    $("collect-error").textContent = "";
  }

  input(f) {
    if (f.type === "flag") return el("input", {type: "checkbox", name: f.name});
    if (f.type === "count") return el("input", {type: "number", name: f.name, min: 0, max: 500, inputMode: "numeric"});
    if (f.type === "address" || f.type.startsWith("choice:")) {
      const rows = f.type === "address" ? this.addressRows() : this.codes.tables[f.type.slice(7)];
      const blank = el("option", {value: "", textContent: f.required ? "请选择" : "(不填)"});
      return el("select", {name: f.name}, blank, ...rows.map(([value, text]) => el("option", {value, textContent: text})));
    }
    const input = el("input", {name: f.name, maxLength: f.type === "text" ? 500 : 18, autocomplete: "off"});
    if (f.type === "id_number" || f.type === "credit_code") {
      input.autocapitalize = "characters";
      input.addEventListener("input", () => { input.value = input.value.toUpperCase().replace(/\s/g, ""); });
    }
    return input;
  }

  /** Standard addresses of the worker's grid, nearest to the last fix first. */
  addressRows() {
    const {district, fix} = this.getPlace();
    return addressesByDistance(district, fix).map((a) => [a.code, a.text]);
  }

  values() {
    const fields = {};
    for (const f of this.kind.fields) {
      const input = $("collect-fields").querySelector(`[name=${f.name}]`);
      if (f.type === "flag") fields[f.name] = input.checked;
      else if (input.value.trim() === "") continue;
      else if (f.type === "count") fields[f.name] = Number(input.value);
      else fields[f.name] = input.value.trim();
    }
    return fields;
  }

  showProblems(problems) {
    for (const box of $("collect-fields").querySelectorAll(".field")) {
      box.classList.toggle("bad", Boolean(problems[box.dataset.field]));
      box.querySelector(".field-error").textContent = problems[box.dataset.field] || "";
    }
    const first = $("collect-fields").querySelector(".field.bad");
    if (first) first.scrollIntoView({block: "center"});
  }

  async submit(event) {
    event.preventDefault();
    const kind = this.kind;
    const fields = this.values();
    const problems = fieldProblems(kind, fields, this.codes.tables);
    this.showProblems(problems);
    $("collect-error").textContent = Object.keys(problems).length ? "请更正标红的项目" : "";
    if (Object.keys(problems).length) return;
    const args = {kind: kind.value, fields};
    const note = $("collect-note").value.trim();
    if (note) args.note = note;
    if (this.photo.get()) args.photo = this.photo.get();
    const button = $("collect-btn");
    button.disabled = true;
    try {
      const ack = await sendCommand(this.relay, "提交采集", "submission.submit", args);
      if (ack) toast(`${kind.label}信息已提交,等待社区民警审核`);
      this.reset();
    } catch (err) {
      const named = relayProblems(err.problems);
      this.showProblems(named);
      $("collect-error").textContent = t(Object.keys(named).length ? "审核系统退回:" : "提交失败:") + said(err);
    } finally {
      button.disabled = false;
    }
  }

  reset() {
    $("collect-note").value = "";
    this.photo.clear();
    this.build();
  }
}

function submissionItem(s, kinds) {
  const label = (kinds.find((k) => k.value === s.kind) || {}).label || s.kind;
  const title = s.fields.name || s.fields.type || s.fields.address_code || "";
  const item = el("li", {className: "item submission", id: "submission-" + s.id},
    el("div", {className: "head"}, `${label}采集 · ${title}`,
      el("span", {className: "tag", textContent: SUBMISSION_STATUS[s.status] || s.status})),
    el("p", {className: "meta", textContent: `${s.id}  ${fmtTime(s.submitted_at)}`}));
  if (s.status === "returned" && s.reason) item.append(el("p", {className: "meta warn", textContent: `退回原因:${s.reason}`}));
  if (s.photo) item.append(el("p", {className: "meta", textContent: "已附照片"}));
  return item;
}
