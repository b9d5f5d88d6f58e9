"""The earlier verification of a person or house, in words an officer can act on."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from console.domain.orders import Verification
from console.domain.state import DAY_MS, State
from console.ui.texts import fmt_age, fmt_time


def _tr(text: str) -> str:
    return QCoreApplication.translate("Orders", text)


def age_text(ms: int) -> str:
    """How long ago, in days once it is more than a day."""
    return _tr("{n}天前").format(n=ms // DAY_MS) if ms >= DAY_MS else fmt_age(ms / 1000)


def recent_verification(state: State, key: str, now_ms: int) -> Verification | None:
    """The latest check of ``key`` if it falls within the configured window (the relay's rule)."""
    v = state.verifications.get(key)
    return v if v is not None and now_ms - v.at <= state.rules.verify_window_ms else None


def describe(state: State, earlier: Verification | dict, now_ms: int) -> str:
    """When, who, how (order or accepted record, with its id) and the result of an earlier check."""
    v = earlier if isinstance(earlier, Verification) else Verification(**earlier)
    worker = state.workers.get(v.by)
    who = f"{worker.name}（{v.by}）" if worker else v.by
    source = _tr("工单 {ref}") if v.source == "order" else _tr("审核入库 {ref}")
    days = state.rules.verify_window_ms // DAY_MS
    return "\n".join((
        _tr("{days}天内已核查过：{time}（{age}）由 {who} 核查").format(
            days=days, time=fmt_time(v.at, with_date=True), age=age_text(now_ms - v.at), who=who),
        _tr("来源：") + source.format(ref=v.ref),
        _tr("结果：{result}").format(result=v.result or "—"),
    ))
