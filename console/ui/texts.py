"""Chinese labels shown by the UI that the domain does not already provide.

Domain enums carry their own ``.label``; this module adds UI wording (actions, event types)
wrapped with ``QCoreApplication.translate`` so an English ``.ts`` can be produced later.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from console.domain import events as ev
from console.domain import station_time
from console.domain.catalogue import operation


def tr(text: str, context: str = "Console") -> str:
    return QCoreApplication.translate(context, text)


def marked(context: str, *texts: str) -> tuple[str, ...]:
    """``texts`` unchanged, marked for the catalogue under ``context``: a table of labels translated where
    it is shown, with ``tr(text, context)`` (the tuple form of ``QT_TRANSLATE_NOOP``)."""
    return texts


def action_label(action: str) -> str:
    """Timeline action (``report``, ``accept`` …) in Chinese."""
    labels = {
        "report": tr("上报", "Timeline"),
        "accept": tr("受理", "Timeline"),
        "dispatch": tr("派遣", "Timeline"),
        "sign": tr("签收", "Timeline"),
        "arrive": tr("到场", "Timeline"),
        "feedback": tr("反馈", "Timeline"),
        "close": tr("办结", "Timeline"),
        "cancel_assignment": tr("撤回派遣", "Timeline"),
        "return": tr("退回", "Timeline"),
        "verify": tr("核查", "Timeline"),
        "rework": tr("返工", "Timeline"),
        "refer": tr("转办", "Timeline"),
        "referral_sign": tr("部门签收", "Timeline"),
        "referral_feedback": tr("部门反馈", "Timeline"),
        "referral_return": tr("部门退回", "Timeline"),
        "void": tr("作废", "Timeline"),
        "extension_request": tr("申请延期", "Timeline"),
        "extension_decision": tr("延期审批", "Timeline"),
        "supervise": tr("督办", "Timeline"),
        "callback": tr("回访", "Timeline"),
        "public_reply": tr("回复群众", "Timeline"),
        "abuse": tr("标记恶意", "Timeline"),
        "note": tr("补充", "Timeline"),
        "recategorize": tr("改类", "Timeline"),
        "reprioritize": tr("改级", "Timeline"),
        "readdress": tr("改址", "Timeline"),
    }
    return labels.get(action, action)


def op_label(op: str) -> str:
    """A command op (``incident.refer`` …) in Chinese (its catalogue label), for messages about it."""
    declared = operation(op)
    return tr(declared.label, "Ops") if declared is not None else op


def satisfaction_label(score: int) -> str:
    """回访 satisfaction 1 very satisfied … 5 very unsatisfied."""
    names = {1: "非常满意", 2: "满意", 3: "一般", 4: "不满意", 5: "非常不满意"}
    return tr(names.get(score, str(score)), "Callback")


def event_type_label(event_type: str, data: dict | None = None) -> str:
    """Event type in Chinese (``worker.duty_set`` depends on ``data['on']``)."""
    if event_type == ev.DUTY_SET:
        return tr("上岗", "EventLog") if (data or {}).get("on") else tr("下岗", "EventLog")
    labels = {
        ev.POSITION_REPORTED: tr("定位", "EventLog"),
        ev.INCIDENT_REPORTED: tr("新警情", "EventLog"),
        ev.WORKER_SOS: tr("紧急求助", "EventLog"),
        ev.WORKER_SOS_CLEARED: tr("求助解除", "EventLog"),
        ev.ORDER_ISSUED: tr("派单", "EventLog"),
        ev.ORDER_SIGNED: tr("工单签收", "EventLog"),
        ev.ORDER_DONE: tr("工单反馈", "EventLog"),
        ev.ORDER_RETURNED: tr("工单退回", "EventLog"),
        ev.ORDER_CANCELLED: tr("工单撤销", "EventLog"),
        ev.SUBMISSION_SUBMITTED: tr("采集上报", "EventLog"),
        ev.SUBMISSION_ACCEPTED: tr("审核入库", "EventLog"),
        ev.SUBMISSION_RETURNED: tr("审核退回", "EventLog"),
        ev.RECORD_INVALIDATED: tr("档案注销", "EventLog"),
        ev.GEOFENCE_ALERT: tr("电子围栏", "EventLog"),
        ev.ZONE_SET: tr("关注区域", "EventLog"),
        ev.ZONE_REMOVED: tr("删除区域", "EventLog"),
        ev.CALL_RINGING: tr("呼叫", "EventLog"),
        ev.CALL_ACCEPTED: tr("接通", "EventLog"),
        ev.CALL_DECLINED: tr("拒接", "EventLog"),
        ev.CALL_LEFT: tr("退出通话", "EventLog"),
        ev.CALL_ENDED: tr("通话结束", "EventLog"),
        ev.CALL_FAILED: tr("通话失败", "EventLog"),
        ev.CALL_RECORDED: tr("通话录像", "EventLog"),
        ev.CALL_STORED: tr("录音已存储", "EventLog"),
        ev.BOOKMARK_ADDED: tr("回放书签", "EventLog"),
        ev.BOOKMARK_REMOVED: tr("删除书签", "EventLog"),
        ev.NOTICE_SENT: tr("信息推送", "EventLog"),
        ev.NOTICE_READ: tr("通知已读", "EventLog"),
        ev.WARNING_RAISED: tr("风险预警", "EventLog"),
        ev.WARNING_SIGNED: tr("预警签收", "EventLog"),
        ev.WARNING_FEEDBACK: tr("预警反馈", "EventLog"),
        ev.WARNING_CLOSED: tr("预警办结", "EventLog"),
        ev.WARNING_SUPERVISED: tr("预警督办", "EventLog"),
        ev.DISPUTE_GRADED: tr("调处分级", "EventLog"),
        ev.KEY_PERSON_ADDED: tr("登记重点人员", "EventLog"),
        ev.KEY_PERSON_REMOVED: tr("撤销重点人员", "EventLog"),
        ev.ACCOUNT_LOGIN: tr("登录", "EventLog"),
        ev.ACCOUNT_LOGIN_FAILED: tr("登录失败", "EventLog"),
        ev.ACCOUNT_LOCKED: tr("账户锁定", "EventLog"),
        ev.ACCOUNT_UNLOCKED: tr("账户解锁", "EventLog"),
        ev.ACCOUNT_DISABLED: tr("账户停用", "EventLog"),
        ev.ACCOUNT_ENABLED: tr("账户启用", "EventLog"),
        ev.ACCOUNT_CREATED: tr("新建账户", "EventLog"),
        ev.ACCOUNT_PASSWORD_SET: tr("重置密码", "EventLog"),
        ev.ACCOUNT_PASSWORD_CHANGED: tr("修改密码", "EventLog"),
        ev.ACCOUNT_ROLE_SET: tr("修改角色", "EventLog"),
        ev.ACCOUNT_SCOPE_SET: tr("修改范围", "EventLog"),
        ev.REFERENCE_UPSERTED: tr("导入基础数据", "EventLog"),
        ev.GRIDS_UPSERTED: tr("导入网格", "EventLog"),
        ev.ECODE_SCANNED: tr("扫码计数", "EventLog"),
    }
    if event_type in labels:
        return labels[event_type]
    action = ev.INCIDENT_ACTIONS.get(event_type) or ev.INCIDENT_NOTES.get(event_type)
    return action_label(action) if action else event_type


def fmt_time(ms: int, with_date: bool = False) -> str:
    """Station wall-clock time of a ms timestamp."""
    return station_time.fmt(ms, "%m-%d %H:%M:%S" if with_date else "%H:%M:%S")


def fmt_distance(metres: float) -> str:
    if metres != metres or metres == float("inf"):  # NaN or unknown
        return "—"
    if metres < 1000:
        return f"{metres:.0f} m"
    return f"{metres / 1000:.1f} km"


def fmt_age(seconds: float) -> str:
    """How long ago, compactly: 5秒前 / 3分钟前 / 2小时前."""
    s = max(0, int(seconds))
    if s < 60:
        return tr("{n}秒前").format(n=s)
    if s < 3600:
        return tr("{n}分钟前").format(n=s // 60)
    return tr("{n}小时前").format(n=s // 3600)
