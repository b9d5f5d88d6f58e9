// The relay's pages in English: a zh → en dictionary, nothing fetched at run time (the CSP stays strict).
// Language: ?lang=en (or ?lang=zh) on the page's address, else the browser's language; Chinese by default.
// In English, every text node and placeholder/title/alt under an element marked data-i18n whose whole
// (trimmed) text is a key is replaced, now and whenever the page sets it later; t() translates (and fills
// {placeholders} of) the texts the pages compose themselves. What a person typed is only ever an exact
// key by coincidence; partial texts are never altered.
"use strict";

const I18N_EN = {
  // shared: sign-in, connection, helpers
  "警网融合": "Jingwang", "警网融合 · 移动端": "Jingwang · Mobile", "移动端": "Mobile",
  "未连接": "Not connected", "在线": "Online", "离线": "Offline",
  "移动端登录": "Mobile sign-in", "网格员、巡逻警组和社区民警均用本人账号登录":
    "Grid workers, patrol units and community officers sign in with their own account",
  "账号": "Account", "密码": "Password", "登录": "Sign in", "账号或密码错误": "Wrong account or password",
  "修改初始密码": "Change the initial password",
  "管理员设置的初始密码须先改为本人的新密码；不符合密码规则时会说明原因":
    "Replace the initial password set by the administrator with your own; a password that breaks the rules is explained",
  "新密码": "New password", "确认新密码": "Confirm new password", "修改密码并登录": "Change password and sign in",
  "两次输入的新密码不一致": "The two new passwords differ", "修改失败": "Change failed",
  "已在其他设备登录": "Signed in on another device", "本设备已断开。如需在本设备继续使用,请重新登录。":
    "This device was disconnected. Sign in again to keep using it here.", "重新登录": "Sign in again",
  "登录已过期,请重新登录": "The session expired; please sign in again", "账户已停用": "The account is disabled",
  "密码已被管理员重置,请用新密码重新登录": "The administrator reset the password; sign in with the new one",
  "连接已结束": "Connection ended", "已取消": "Cancelled", "请填写内容": "Please fill this in",
  "{label}:当前离线,已保存,联网后自动发送": "{label}: offline, saved, sent when back online",
  "{label}:已补发成功": "{label}: sent", "{label}失败:{why}": "{label} failed: {why}",
  // phone page: status, duty, SOS, calls, tabs
  "当前位置": "Location", "等待定位…": "Waiting for a position…", "警力状态": "Unit status", "状态": "Status",
  "下班": "Off duty", "上岗": "On duty", "在岗": "On duty", "· 屏幕常亮": "· screen kept on",
  "紧急求助": "SOS", "长按 1.5 秒发出求助": "Hold 1.5 s to call for help", "呼叫指挥中心": "Call the command centre",
  "视频呼叫": "Video call", "语音呼叫": "Voice call", "任务": "Tasks", "上报": "Report", "采集": "Collect",
  "我的": "Mine", "暂无待办任务": "No tasks", "还没有上报或采集": "No reports or collections yet",
  "类别": "Category", "情况描述": "Description", "时间、地点、人员、经过…": "Time, place, people, what happened…",
  "现场照片": "Scene photo", "拍照 / 选择照片": "Take / choose a photo", "照片预览": "Photo preview",
  "提交上报": "Submit report", "采集类别": "Collection type", "备注": "Note",
  "核验情况、补充说明": "What was checked, remarks", "照片(可选)": "Photo (optional)", "提交审核": "Submit for review",
  "待审核": "To review", "网格员": "Grid workers", "暂无待审核的采集": "Nothing to review", "派单给": "Order to",
  "任务类型": "Task type", "巡查": "Patrol", "入户走访": "Home visit", "矛盾调解": "Mediation",
  "核查房屋": "Verify house", "核查人员": "Verify person", "任务对象": "Target",
  "地点、标准地址编码或身份证号": "Place, standard address code or ID number", "期限(小时)": "Due in (hours)",
  "说明": "Note", "取消": "Cancel", "发送任务": "Send task", "调度台来电": "Call from the dispatch desk",
  "拒绝": "Decline", "接听": "Answer", "挂断": "Hang up", "网格员移动端": "Grid worker mobile",
  "不在本街道网格内": "Outside this subdistrict's grids", "附近无标准地址": "No standard address nearby",
  "此浏览器不支持定位": "This browser cannot locate", "定位权限被拒绝": "Location permission denied",
  "定位失败,重试中…": "Locating failed, retrying…", "尚未定位,无法上报位置": "No position yet; cannot report it",
  "上报成功": "Reported", "上报失败:": "Report failed: ", "离线保存的操作被拒绝:": "A step saved offline was refused: ", "类别表加载失败": "Could not load the categories",
  "此页面供网格员、警组和社区民警使用": "This page is for grid workers, patrol units and community officers",
  // phone page: a police unit's 现场上报 (found.js)
  "现场上报": "On-scene report", "巡逻中发现的警情直接报指挥中心,位置取本机定位":
    "Report what you come across on patrol straight to the command centre; the place is this phone's position",
  "现场情况": "What you see", "看到了什么、涉及几人、有无伤者…": "What is happening, how many people, anyone hurt…",
  "位置(自动)": "Place (automatic)", "已在现场,直接到场处置": "Already here: handle it on scene now",
  "上报指挥中心": "Report to the command centre", "已上报指挥中心": "Reported to the command centre",
  "请选择巡逻发现可上报的类别": "Choose a category a patrol may report", "请填写现场情况": "Say what you see",
  "坐标 {lng}, {lat}(附近无标准地址)": "Coordinates {lng}, {lat} (no standard address nearby)",
  // phone page: task list
  "签收": "Sign", "反馈": "Feedback", "情况不符": "Not as described", "退回": "Return", "到场": "On scene",
  "处理结果": "Outcome", "实际情况(与任务不符之处)": "What you found (how it differs from the task)",
  "退回原因": "Reason for returning", "待发送": "To send", "(无地址)": "(no address)", "已附现场照片": "Scene photo attached",
  "对象:{target}  期限:{due}": "Target: {target}  Due: {due}", "待发送 {n}": "To send {n}",
  "定位精度 ±{m} 米": "Accuracy ±{m} m", "指挥中心已确认并解除求助": "The command centre confirmed and cleared the SOS",
  "待签收": "To sign", "已签收": "Signed", "已反馈": "Feedback given", "已退回": "Returned", "已撤销": "Cancelled",
  "新建": "New", "已受理": "Accepted", "已派遣": "Dispatched", "处置中": "In progress", "待核查": "To verify",
  "已办结": "Closed", "已转办": "Referred", "已作废": "Void",
  // phone page: other modules (exact texts; composed ones listed in README as left)
  "(不填)": "(leave empty)", "事件上报": "Report", "人口": "Person", "人口(含流动人口)": "Person (incl. floating)",
  "信息推送": "Notices", "下载研判报告": "Open the analysis report", "全部已读": "All read", "出发": "Set off", "出生日期无效": "Invalid birth date",
  "出租房屋": "Rented house", "单位": "Organisation", "取值无效": "Invalid value", "否": "No", "是": "Yes",
  "呼叫失败:": "Call failed: ", "处置完毕": "Done", "处置情况": "What was done",
  "处置情况(走访、调解、下单…)": "What was done (visit, mediation, order…)", "处置结果(可不填)": "Result (optional)",
  "媒体连接失败": "Media connection failed", "审核系统退回:": "Returned by review: ", "已入库": "Stored",
  "已到场": "On scene", "已反馈:": "Feedback: ", "已拒绝": "Declined", "已挂断": "Hung up", "已撤回": "Withdrawn",
  "已附照片": "Photo attached", "应为 是/否": "Should be yes/no", "应为0-500的整数": "Should be a whole number 0-500",
  "应为1-500字的文本": "Should be 1-500 characters of text", "应为17位数字加校验位": "Should be 17 digits and a check character",
  "应为18位代码(不含I、O、S、V、Z)": "Should be an 18-character code (no I, O, S, V, Z)", "待出发": "To set off",
  "必填": "Required", "房屋": "House", "指挥中心": "Command centre", "指挥中心未接听": "The command centre did not answer",
  "提交失败:": "Submission failed: ", "提交采集": "Submit collection", "无人接听,通话已结束": "No answer; call ended",
  "无法读取照片:": "Cannot read the photo: ", "普通": "Normal", "未收到对方的媒体协商": "No media offer from the other side",
  "未知字段": "Unknown field", "标记已读失败:": "Marking as read failed: ", "橙色": "Orange",
  "正在连接…": "Connecting…", "民转刑风险": "Risk of escalation to crime", "求助发送中…": "Sending SOS…",
  "求助发送失败:": "SOS failed: ", "求助已送达指挥中心,等待处置": "SOS received by the command centre, awaiting response",
  "派单": "Orders", "派单失败:": "Order failed: ", "矛盾升级": "Dispute escalating", "确认已读": "Mark as read",
  "紧急": "Urgent", "红色": "Red", "群租房": "Overcrowded rental", "视频": "Video", "触圈预警": "Geofence warning",
  "语音": "Voice", "请填写任务对象": "Enter the task's target", "请更正标红的项目": "Correct the items marked red",
  "请选择": "Choose", "调处分级": "Mediation level", "调度台": "Dispatch desk", "途中": "En route",
  "通知附图": "Notice photo", "通话中 00:00": "In call 00:00", "通话失败": "Call failed", "通话失败:": "Call failed: ",
  "通话已结束": "Call ended", "通过入库": "Approve", "采集照片": "Collection photo", "重复警情": "Duplicate incident",
  "重要": "Important", "隐患": "Hazard", "预警操作失败:": "Warning action failed: ", "风险预警": "Risk warnings",
  "高发地址": "Frequent address", "高发网格": "Frequent grid", "黄色": "Yellow",
  // department page: sign-in and tabs
  "警网融合 · 非警务分流": "Jingwang · Non-police referrals", "职能部门联络员": "Department liaison",
  "职能部门登录": "Department sign-in", "转入失败:": "Transfer failed: ", "警网融合 · 职能部门": "Jingwang · Departments", "待办工单": "To do", "已办": "Done", "12345转入": "From 12345",
  "暂无待办转办工单": "No referrals to handle", "暂无已办工单": "Nothing handled yet",
  // e码 public page
  "扫码上报": "Scan to report", "警网融合 · 扫码上报": "Jingwang · Scan to report", "当前门牌地址": "Address of this plate",
  "我要上报": "Report something", "居住登记": "Residence registration",
  "匿名上报，无需登录。紧急情况请直接拨打 110。": "Anonymous, no sign-in. In an emergency call 110.",
  "我的上报": "My reports", "请描述发生了什么、在哪里（500字以内）": "What happened and where (up to 500 characters)",
  "照片（可选）": "Photo (optional)", "返回": "Back",
  "您的信息仅供本辖区社区民警审核和网格员核查使用。":
    "Your details are used only by this area's community officer and grid worker.",
  "姓名": "Name", "身份证号": "ID number", "手机号": "Mobile number", "入住日期": "Moved in on",
  "与房屋关系": "Relation to the home", "工作单位": "Employer", "提交登记": "Submit registration",
  "已提交": "Submitted", "回执号": "Receipt no.", "办理状态": "Status", "更新时间": "Updated", "回复": "Reply",
  "暂无": "None yet", "刷新进度": "Refresh progress", "查看进度": "See progress",
  "身份证号应为17位数字加校验位": "An ID number is 17 digits and a check character",
  "身份证号中的出生日期无效": "The birth date in the ID number is invalid", "身份证号校验位不正确": "The ID number's check character is wrong",
  "照片过大，请换一张": "The photo is too large; choose another", "请填写情况描述": "Please describe what happened",
  "正在提交…": "Submitting…", "请填写姓名": "Please enter the name", "手机号应为11位数字": "A mobile number has 11 digits",
  "查询失败": "Query failed", "正在压缩照片…": "Compressing the photo…", "{kind}已提交": "{kind} submitted",
  "地址码 {code}": "Address code {code}", "网格 {grid}": "Grid {grid}", "警格 {grid}": "Police grid {grid}",
  "照片已压缩（{kb} KB）": "Photo compressed ({kb} KB)", "提交失败（{status}）": "Submission failed ({status})",
  "已收到，等待受理": "Received, awaiting acceptance", "处理中": "In progress",
  "已结束": "Ended", "已转相关部门处理": "Passed to the department concerned",
  "自有": "Owner", "租住": "Renting", "借住": "Staying with others", "单位宿舍": "Employer's dormitory", "其他": "Other",
  "矛盾纠纷": "Dispute", "噪音扰民/秩序": "Noise / public order", "消防安全隐患": "Fire hazard",
  "市容环境": "Street environment", "求助": "Request for help", "线索举报": "Tip-off",
};

const LANG = (() => {
  const asked = new URLSearchParams(location.search).get("lang");
  const wanted = (asked || navigator.language || "").toLowerCase();
  return wanted.startsWith("en") ? "en" : "zh";
})();

/** `zh` in the page's language, its {name} placeholders filled from `vars`. */
function t(zh, vars) {
  const text = (LANG === "en" && I18N_EN[zh]) || zh;
  return vars ? text.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : text;
}

/** A relay refusal ({code, zh, en}) or an Error in the page's language. */
function said(err) {
  return (LANG === "en" && err.en) || err.zh || err.message || err.code || String(err);
}

const I18N_ATTRS = ["placeholder", "title", "alt", "aria-label"];

function translateNode(node) {
  if (node.nodeType === Node.TEXT_NODE) {
    const key = node.data.trim();
    if (key && I18N_EN[key]) node.data = node.data.replace(key, I18N_EN[key]);
    return;
  }
  if (node.nodeType !== Node.ELEMENT_NODE) return;
  for (const attr of I18N_ATTRS) {
    const key = node.getAttribute(attr);
    if (key && I18N_EN[key.trim()]) node.setAttribute(attr, I18N_EN[key.trim()]);
  }
  for (const child of node.childNodes) translateNode(child);
}

/** English only: translate every [data-i18n] part of the page now and as the page changes it. */
function applyI18n() {
  if (LANG !== "en") return;
  document.documentElement.lang = "en";
  document.title = t(document.title);
  const roots = document.querySelectorAll("[data-i18n]");
  const observer = new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "characterData") translateNode(change.target);
      else if (change.type === "attributes") translateNode(change.target);
      else for (const node of change.addedNodes) translateNode(node);
    }
  });
  for (const root of roots) {
    translateNode(root);
    observer.observe(root, {subtree: true, childList: true, characterData: true, attributeFilter: I18N_ATTRS});
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", applyI18n);
else applyI18n();
