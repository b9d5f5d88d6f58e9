"""An account lock as an open alert: ``account.locked`` raises it, ``account.unlocked`` clears it.

The alert lives with the relay's other open alerts (``State.geofence_alerts``), so every dispatcher
console shows it, a console that resumes gets it in its snapshot and a restarted relay keeps it.
"""

from __future__ import annotations

from console.domain import events as ev

ACCOUNT_LOCKED_ALERT = "account_locked"


def fold_lock_alert(open_alerts: dict[tuple[str, str], dict], e: ev.Event) -> None:
    """Open the lock alert of ``e.data['account']`` on a lock, close it on an unlock."""
    key = (ACCOUNT_LOCKED_ALERT, e.data["account"])
    if e.type == ev.ACCOUNT_UNLOCKED:
        open_alerts.pop(key, None)
        return
    d = e.data
    message = f"账户 {d['account']} 连续 {d['failures']} 次登录失败，已临时锁定（来自 {d['addr']}）"
    open_alerts[key] = {"kind": ACCOUNT_LOCKED_ALERT, "subject": d["account"], "at": e.at, "message": message,
                        "until": d["until"]}
