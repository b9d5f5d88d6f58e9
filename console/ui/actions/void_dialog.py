"""``VoidDialog``: 作废 an incident, usually as a duplicate linked to its original."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from console.domain.incidents import Incident, Status, category_name
from console.domain.state import DAY_MS, State
from console.ui.actions.dialog_base import IncidentDialog
from console.ui.actions.picker import Picker
from console.ui.texts import fmt_time, tr

MAX_CANDIDATES = 30
NO_ORIGINAL = ""
WHY_LABELS = {"repeat": "重复来电", "address": "同一地址", "grid": "同一网格"}


def void_candidates(state: State, inc: Incident, now_ms: int) -> list[tuple[Incident, str]]:
    """Possible originals of ``inc``, best first, each with why it is offered (a key of :data:`WHY_LABELS`).

    The incident it repeats (重复来电) first, then incidents of the last 24 h at the same address,
    then in the same grid; newest first within each; never itself and never a void one.
    """
    seen = {inc.id}
    out: list[tuple[Incident, str]] = []
    first = state.incidents.get(inc.repeat_of) if inc.repeat_of else None
    if first is not None and first.status is not Status.VOID:
        out.append((first, "repeat"))
        seen.add(first.id)
    recent = sorted((i for i in state.incidents.values() if i.id not in seen and i.status is not Status.VOID
                     and now_ms - i.reported_at <= DAY_MS), key=lambda i: -i.reported_at)
    same_address = [i for i in recent if _same_address(i, inc)]
    same_grid = [i for i in recent if i.grid_code == inc.grid_code and not _same_address(i, inc)]
    out += [(i, "address") for i in same_address]
    out += [(i, "grid") for i in same_grid]
    return out[:MAX_CANDIDATES]


def _same_address(a: Incident, b: Incident) -> bool:
    if a.address_code and a.address_code == b.address_code:
        return True
    return bool(a.address) and a.address == b.address


class VoidDialog(IncidentDialog):
    """Pick the original (or none) and give the reason."""

    def __init__(self, state: State, incident: Incident, now_ms: int, parent: QWidget | None = None) -> None:
        candidates = void_candidates(state, incident, now_ms)
        reason = tr("重复警情", "Actions") if candidates and incident.repeat_of else ""
        super().__init__(incident, "incident.void", tr("作废", "Actions"), parent, reason_text=reason,
                         confirm=tr("作废后警情即终结，不能恢复", "Actions"))
        items = [
            (f"{i.id} · {tr(WHY_LABELS[why], 'Actions')} · {fmt_time(i.reported_at)} {category_name(i.category)}"
             f" {i.address}", i.id)
            for i, why in candidates
        ]
        items.append((tr("无原警情（非重复，如误报、骚扰）", "Actions"), NO_ORIGINAL))
        self.original = Picker(items)
        self.original.currentIndexChanged.connect(lambda _i: self.unconfirm())
        likely = candidates and candidates[0][1] != "grid"  # a guess by grid alone is not preselected
        self.original.setCurrentIndex(0 if likely else len(items) - 1)
        self.original.setToolTip(tr("作为重复警情关联到原警情；输入编号或地址查找", "Actions"))
        self.form.addRow(tr("原警情", "Actions"), self.original)
        self.add_reason_row()
        self.original.setFocus()

    def extra_args(self) -> dict:
        original = self.original.chosen_key()
        return {"duplicate_of": original} if original else {}
