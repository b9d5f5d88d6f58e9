"""The call state machine: video and voice call-ups between the command centre and grid workers.

A call is a plain JSON-ready dict in ``State.calls`` (docs/CALLS.md):
``{id, caller, caller_party, media, group, parties, skipped, status, started_at, answered_at, answered_seq,
answered_by, ended_at, reason, recordings}``. ``parties`` maps each callee (a worker id, or
:data:`DESK` when a worker calls the command centre) to its own state. The caller is not in
``parties``; its party name is ``caller_party`` (the console's account, or the calling worker's id).
``skipped`` maps the workers a group dial left out to ``"busy"`` or ``"unreachable"``.

Functions here only read a call or compute what an event does to it; the deciders
(:mod:`console.domain.decide_calls`) refuse, the reducer applies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

RINGING = "ringing"
ACTIVE = "active"
ENDED = "ended"
FAILED = "failed"
LIVE = frozenset({RINGING, ACTIVE})

# per-party states
ACCEPTED = "accepted"
DECLINED = "declined"
LEFT = "left"
PARTY_LIVE = frozenset({RINGING, ACCEPTED})

MEDIA = frozenset({"video", "audio"})
DESK = "desk"  # the command centre as a callee: any dispatcher, officer or station chief console may answer
CALL_ID = re.compile(r"C[0-9a-f]{12}")
MAX_CALLEES = 64

RING_TIMEOUT_MS = 30_000  # ringing longer than this ends the call (no_answer)
LOST_TIMEOUT_MS = 30_000  # a party without any serving connection this long ends the call (lost)
KEEP_ENDED_MS = 24 * 3_600_000  # ended calls stay in the state this long


def new_call(call_id: str, caller: str, caller_party: str, media: str, group: str, callees: Iterable[str],
             at: int, skipped: dict[str, str] | None = None) -> dict:
    """A ringing call as ``call.ringing`` creates it (``skipped``: worker -> busy/unreachable, not rung)."""
    return {
        "id": call_id, "caller": caller, "caller_party": caller_party, "media": media, "group": group,
        "parties": dict.fromkeys(callees, RINGING), "skipped": dict(skipped or {}), "status": RINGING,
        "started_at": at, "answered_at": 0, "answered_seq": 0, "answered_by": "", "ended_at": 0, "reason": "",
        "recordings": [],
    }


def recording_part(call_id: str, file: str) -> str:
    """The group-call member a recording file is of (``<call>-<worker>.mkv``), ``""`` for a 1:1 call's file."""
    stem = file.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".mkv")
    return stem[len(call_id) + 1:] if stem.startswith(call_id + "-") else ""


def is_live(call: dict) -> bool:
    """Ringing or active: the call still accepts commands and signals."""
    return call["status"] in LIVE


def live_callees(call: dict) -> list[str]:
    """Callees still ringing or in the call."""
    return [p for p, s in call["parties"].items() if s in PARTY_LIVE]


def live_parties(call: dict) -> list[str]:
    """Everyone still in a live call: the caller first, then the live callees."""
    return [call["caller_party"], *live_callees(call)] if is_live(call) else []


def is_group(call: dict) -> bool:
    """A group call (语音点调 of a grid, or several workers at once): callees may leave one by one."""
    return bool(call["group"]) or len(call["parties"]) > 1


def workers_of(call: dict) -> list[str]:
    """Worker ids the call concerns (for fan-out to worker connections): callees and a calling worker."""
    ids = [p for p in call["parties"] if p != DESK]
    if DESK in call["parties"]:
        ids.insert(0, call["caller_party"])
    return ids


def presence_id(call: dict, party: str) -> str:
    """Whose connections serve ``party`` in this call: the answering console's account once the desk
    has answered, else the party name itself."""
    if party == DESK and call["answered_by"]:
        return call["answered_by"]
    return party


def ends_call(call: dict, party: str) -> bool:
    """Whether ``party`` leaving (hang-up, decline, timeout) ends the whole call."""
    if party == call["caller_party"]:
        return True
    return not [p for p in live_callees(call) if p != party]


def end_status(call: dict) -> str:
    """Status after the callee that just left: ``active`` if anyone accepted is still in, else what it was."""
    if any(s == ACCEPTED for s in call["parties"].values()):
        return ACTIVE
    return call["status"]


def overdue(call: dict, now_ms: int, absent_since: Callable[[str], int | None]) -> list[tuple[str, str]]:
    """``(party, reason)`` for what the relay should drop from a live call at ``now_ms``.

    A call still ringing past :data:`RING_TIMEOUT_MS` gives ``("", "no_answer")``: it ends as a
    whole. Otherwise a callee ringing that long in an active group call gives ``no_answer``, and a
    party whose connections have been gone over :data:`LOST_TIMEOUT_MS` gives ``lost``
    (``absent_since(presence id)`` says since when, or None while one is connected). The caller
    comes first: dropping it ends the call.
    """
    if not is_live(call):
        return []
    rung_out = now_ms - call["started_at"] >= RING_TIMEOUT_MS
    found = []
    for party in live_parties(call):
        since = absent_since(presence_id(call, party))
        if since is not None and now_ms - since >= LOST_TIMEOUT_MS:
            found.append((party, "lost"))
        elif call["parties"].get(party) == RINGING and rung_out:
            found.append((party, "no_answer"))
    if call["status"] == RINGING and rung_out and not any(reason == "lost" for _, reason in found):
        return [("", "no_answer")]
    return found


def busy_workers(call: dict) -> list[str]:
    """Workers a live call keeps busy: a calling worker and the callees still ringing or in it."""
    if not is_live(call):
        return []
    return [w for w in workers_of(call) if w == call["caller_party"] or call["parties"].get(w) in PARTY_LIVE]


def copy_call(call: dict) -> dict:
    """A copy that shares nothing mutable with ``call``."""
    return {**call, "parties": dict(call["parties"]), "skipped": dict(call.get("skipped", {})),
            "recordings": [dict(r) for r in call["recordings"]]}
