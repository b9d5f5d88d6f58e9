// Field checks of a submission, mirroring console/domain/records.py (GB 11643 ID numbers, GB 32100
// credit codes, code tables) so a worker learns of a mistake before sending. The relay checks again.
"use strict";

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";
const CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Why `value` is not a valid 18-character ID number (GB 11643), or "". */
function idNumberProblem(value) {
  if (!/^\d{17}[\dX]$/.test(value)) return "应为17位数字加校验位";
  const y = Number(value.slice(6, 10)), m = Number(value.slice(10, 12)), d = Number(value.slice(12, 14));
  const born = new Date(Date.UTC(y, m - 1, d));
  if (y < 1 || born.getUTCFullYear() !== y || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d) {
    return "出生日期无效";
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * ID_WEIGHTS[i];
  const check = ID_CHECK[sum % 11];
  return value[17] === check ? "" : `校验位应为 ${check}`;
}

/** Why `value` is not a valid unified social credit code (GB 32100), or "". */
function creditCodeProblem(value) {
  if (value.length !== 18 || [...value].some((c) => !CREDIT_CHARS.includes(c))) return "应为18位代码(不含I、O、S、V、Z)";
  let total = 0;
  for (let i = 0; i < 17; i++) total += CREDIT_CHARS.indexOf(value[i]) * CREDIT_WEIGHTS[i];
  const check = CREDIT_CHARS[(31 - total % 31) % 31];
  return value[17] === check ? "" : `校验位应为 ${check}`;
}

function textProblem(value) {
  return typeof value === "string" && value.trim() && value.length <= 500 ? "" : "应为1-500字的文本";
}

/** field name -> why its value is wrong, for one kind (`kind` as in codes.json) and its code `tables`. */
function fieldProblems(kind, fields, tables) {
  const problems = {};
  for (const f of kind.fields) {
    const value = fields[f.name];
    if (value === undefined) {
      if (f.required) problems[f.name] = "必填";
      continue;
    }
    let why = "";
    if (f.type === "id_number") why = idNumberProblem(value);
    else if (f.type === "credit_code") why = creditCodeProblem(value);
    else if (f.type === "flag") why = typeof value === "boolean" ? "" : "应为 是/否";
    else if (f.type === "count") why = Number.isInteger(value) && value >= 0 && value <= 500 ? "" : "应为0-500的整数";
    else if (f.type.startsWith("choice:")) {
      why = (tables[f.type.slice(7)] || []).some(([code]) => code === value) ? "" : "取值无效";
    } else why = textProblem(value);
    if (why) problems[f.name] = why;
  }
  return problems;
}

/** The relay's E_FIELD `problems` ("缺少 x", "x: why", "未知字段 x") as field name -> why. */
function relayProblems(problems) {
  const out = {};
  for (const p of problems || []) {
    let m = /^缺少 (\w+)$/.exec(p);
    if (m) { out[m[1]] = "必填"; continue; }
    m = /^未知字段 (\w+)$/.exec(p);
    if (m) { out[m[1]] = "未知字段"; continue; }
    m = /^(\w+): (.*)$/.exec(p);
    if (m) out[m[1]] = m[2];
  }
  return out;
}
