"""What a call looks like to the dispatcher: a Chinese state text and a colour, read from ``State.calls``.

Busy and unreachable are refusals of ``call.dial`` (no event is written), so they come from the
command's error code; everything else follows the call's events as the reducer folded them.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.ui.texts import tr

RINGING = "#ffb454"
ACTIVE = "#3ddc84"
REFUSED = "#ff6b6b"
OVER = "#8b96a3"


@dataclass(frozen=True, slots=True)
class CallLook:
    """State text (never colour alone), its colour, and whether the call is still live."""

    key: str
    text: str
    color: str
    live: bool


def _clock_text(ms: int) -> str:
    s = max(0, ms // 1000)
    return f"{s // 60:02d}:{s % 60:02d}" if s < 3600 else f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def refusal_look(code: str, reason: str = "") -> CallLook:
    """A refused ``call.dial``: 对方忙 / 无法接通 / 无权呼叫 / 呼叫失败."""
    if code == "E_BUSY":
        return CallLook("busy", tr("对方忙", "Calls"), REFUSED, False)
    if code == "E_UNREACHABLE":
        return CallLook("unreachable", tr("无法接通", "Calls"), REFUSED, False)
    if code == "E_FORBIDDEN":
        return CallLook("forbidden", tr("无权呼叫", "Calls"), REFUSED, False)
    text = tr("呼叫失败", "Calls") + (f"：{reason}" if reason else "")
    return CallLook("refused", text, REFUSED, False)


def call_look(call: dict, party: str | None, now_ms: int) -> CallLook:
    """The state of ``call`` as seen for one ``party`` (a worker id; None for the call as a whole)."""
    status = call.get("status")
    party_state = call.get("parties", {}).get(party) if party else None
    reason = call.get("reason") or ""
    if status == "ringing" or (status == "active" and party_state == "ringing"):
        waited = _clock_text(now_ms - int(call.get("started_at") or now_ms))
        return CallLook("ringing", tr("呼叫中 {t}", "Calls").format(t=waited), RINGING, True)
    if status == "active" and party_state in (None, "accepted"):
        talked = _clock_text(now_ms - int(call.get("answered_at") or call.get("started_at") or now_ms))
        return CallLook("active", tr("已接通 {t}", "Calls").format(t=talked), ACTIVE, True)
    if party_state == "declined":
        return CallLook("declined", tr("对方拒绝", "Calls"), REFUSED, False)
    if status == "failed":
        return CallLook("failed", tr("连接失败", "Calls"), REFUSED, False)
    if reason == "no_answer":
        return CallLook("no_answer", tr("无人接听", "Calls"), REFUSED, False)
    if reason == "lost":
        return CallLook("lost", tr("连接中断", "Calls"), REFUSED, False)
    if status == "active" and party_state == "left":  # one member of a group call hung up
        return CallLook("left", tr("已退出", "Calls"), OVER, False)
    return CallLook("ended", tr("已结束", "Calls"), OVER, False)


def media_label(media: str) -> str:
    return tr("视频", "Calls") if media == "video" else tr("语音", "Calls")


def quality_text(stats: dict, video: bool = True) -> str:
    """``15 fps · 820 kbps · RTT 12 ms`` from a CallMedia stats dict (no fps for voice; missing values as —)."""

    def num(key: str) -> str:
        value = stats.get(key)
        return "—" if value is None else f"{float(value):.0f}"

    parts = [f"{num('fps')} fps"] if video else []
    return " · ".join([*parts, f"{num('kbps')} kbps", f"RTT {num('rtt_ms')} ms"])
