// The countdown of a referral's 办理 limit: the relay sends the deadline (warn, yellow, red in ms), since the
// working-day calendar lives there; the page only counts down and names the level (text, not colour alone).
"use strict";

/** {level, text} of `deadline` at `now`: normal / warning (70% of the yellow limit) / yellow / red. */
function deadlineState(deadline, now) {
  if (!deadline) return {level: "none", text: ""};
  if (now >= deadline.red_at) return {level: "red", text: `红牌 · 已超时 ${fmtSpan(now - deadline.yellow_at)}`};
  if (now >= deadline.yellow_at) return {level: "yellow", text: `黄牌 · 已超时 ${fmtSpan(now - deadline.yellow_at)}`};
  const left = `剩余 ${fmtSpan(deadline.yellow_at - now)}`;
  return now >= deadline.warn_at ? {level: "warning", text: `预警 · ${left}`} : {level: "normal", text: left};
}
