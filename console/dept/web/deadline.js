// The countdown of a referral's 办理 limit: the relay sends the deadline (warn, yellow, red in ms), since the
// working-day calendar lives there; the page only counts down and names the level (text, not colour alone).
"use strict";

/** "2天3小时" / "3小时05分" / "4分30秒" for a span of ms (≥ 0). */
function fmtSpan(ms) {
  const s = Math.floor(Math.max(0, ms) / 1000);
  const d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
  const pad = (n) => String(n).padStart(2, "0");
  if (d > 0) return `${d}天${h}小时`;
  if (h > 0) return `${h}小时${pad(m)}分`;
  return `${m}分${pad(s % 60)}秒`;
}

/** {level, text} of `deadline` at `now`: normal / warning (70% of the yellow limit) / yellow / red. */
function deadlineState(deadline, now) {
  if (!deadline) return {level: "none", text: ""};
  if (now >= deadline.red_at) return {level: "red", text: `红牌 · 已超时 ${fmtSpan(now - deadline.yellow_at)}`};
  if (now >= deadline.yellow_at) return {level: "yellow", text: `黄牌 · 已超时 ${fmtSpan(now - deadline.yellow_at)}`};
  const left = `剩余 ${fmtSpan(deadline.yellow_at - now)}`;
  return now >= deadline.warn_at ? {level: "warning", text: `预警 · ${left}`} : {level: "normal", text: left};
}
