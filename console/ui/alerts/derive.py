"""The rules that turn the live State into alerts: one function per source, each returning fresh Alerts.

New priority 1–2 incidents (until accepted), SLA levels of open incidents (预警 soft, 黄牌/红牌 breaches),
referrals past their yellow limit, SOS, open orders past their due time, and the geofence alerts the
relay raised and has not cleared (a worker out of their grid, a grid with nobody on duty, an account
locked after failed logins).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from console.domain.accounts import ACCOUNT_LOCKED_ALERT
from console.domain.incident_sla import Clock
from console.domain.incidents import Incident, Status, category_name, departments
from console.domain.sla import SlaLevel
from console.domain.state import State
from console.ui.alerts.alert import Alert, AlertKind, Severity
from console.ui.i18n.domain import label_of
from console.ui.orders.model import target_label
from console.ui.queue.columns import address_text

_SLA_SEVERITY = {SlaLevel.WARNING: Severity.MINOR, SlaLevel.YELLOW: Severity.MAJOR, SlaLevel.RED: Severity.CRITICAL}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Alerts", text)


def _where(inc: Incident) -> str:
    """The incident number first (the dispatcher finds it in the queue by it), then what and where."""
    return f"{inc.id} {category_name(inc.category)} · {address_text(inc.address) or inc.grid_code}"


def new_incident_alert(inc: Incident, own_account: str = "") -> Alert | None:
    """A new incident of priority 1 or 2 that nobody has accepted yet; none for the dispatcher's own
    intake (``own_account`` reported it: they know, and accept it next)."""
    if inc.status is not Status.NEW or inc.priority > 2 or (own_account and inc.reporter == own_account):
        return None
    severity = Severity.CRITICAL if inc.priority == 1 else Severity.MAJOR
    text = _tr("{p}级新警情 {where}").format(p="一二"[inc.priority - 1], where=_where(inc))
    return Alert(f"new:{inc.id}", AlertKind.NEW_INCIDENT, severity, inc.id, text, inc.reported_at)


def clock_alert(inc: Incident, clock: Clock | None, now_ms: int) -> Alert | None:
    """The incident's time-limit alert: 预警 (soft), 黄牌 or 红牌; a referral past yellow is 转办超期."""
    if clock is None:
        return None
    level = clock.level(now_ms)
    if level is SlaLevel.NORMAL:
        return None
    at = {SlaLevel.WARNING: clock.deadline.warn_at, SlaLevel.YELLOW: clock.deadline.yellow_at,
          SlaLevel.RED: clock.deadline.red_at}[level]
    stage = label_of(clock.stage)
    if inc.status is Status.REFERRED and inc.referral is not None and level >= SlaLevel.YELLOW:
        dept = departments().get(inc.referral.department, inc.referral.department)
        where = address_text(inc.address) or inc.grid_code
        if category_name(inc.category) != dept:
            where = f"{category_name(inc.category)} · {where}"
        where = f"{inc.id} {where}"
        text = _tr("转办{dept}超期未反馈（{level}） {where}").format(dept=dept, level=label_of(level), where=where)
        kind = AlertKind.REFERRAL_OVERDUE
    else:
        verdict = _tr("即将超时") if level is SlaLevel.WARNING else _tr("超时")
        text = _tr("{stage}{verdict}（{level}） {where}").format(stage=stage, verdict=verdict, level=label_of(level),
                                                               where=_where(inc))
        kind = AlertKind.SLA
    key = f"sla:{inc.id}:{clock.stage.value}:{level.value}"
    return Alert(key, kind, _SLA_SEVERITY[level], inc.id, text, at)


def sos_alerts(state: State) -> list[Alert]:
    grids = {g.code: g.name for g in state.district.grids}
    out = []
    for wid, at in state.sos.items():
        worker = state.workers.get(wid)
        name = worker.name if worker else wid
        grid = grids.get(worker.grid_code, "") if worker else ""
        out.append(Alert(f"sos:{wid}:{at}", AlertKind.SOS, Severity.CRITICAL, wid,
                         _tr("{name} 紧急求助 {grid}").format(name=name, grid=grid).strip(), at))
    return out


def overdue_order_alerts(state: State, now_ms: int) -> list[Alert]:
    out = []
    for ids in state.open_orders.values():
        for oid in ids:
            order = state.orders[oid]
            if order.is_overdue(now_ms):
                worker = state.workers.get(order.worker_id)
                text = _tr("工单超期 {kind} · {target} · {name}").format(
                    kind=order.kind.label, target=target_label(order), name=worker.name if worker else order.worker_id)
                out.append(Alert(f"order:{oid}", AlertKind.ORDER_OVERDUE, Severity.MAJOR, oid, text, order.due_at))
    return out


_GEOFENCE_SEVERITY = {"left_grid": Severity.MAJOR, "grid_uncovered": Severity.MINOR,
                      ACCOUNT_LOCKED_ALERT: Severity.MAJOR}


def geofence_alerts(state: State) -> list[Alert]:
    """The relay's open alerts (geofence, account locks); zone alerts are one-off events in the event log."""
    out = []
    for (kind, subject), data in state.geofence_alerts.items():
        severity = _GEOFENCE_SEVERITY.get(kind, Severity.MINOR)
        alert_kind = AlertKind.ACCOUNT if kind == ACCOUNT_LOCKED_ALERT else AlertKind.GEOFENCE
        out.append(Alert(f"fence:{kind}:{subject}:{data['at']}", alert_kind, severity, subject,
                         data.get("message", kind), int(data["at"])))
    return out
