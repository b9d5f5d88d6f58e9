"""``ReferDialog``: one-key 转办 of a non-police incident to a department (非警务分流).

The department is preselected from a 60xxxx category and the reason prefilled from it, so
F6 then Enter sends the referral when the category is right.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from console.domain.incidents import Incident, category_name, departments
from console.ui.actions.dialog_base import IncidentDialog, error_label, show_error, with_error
from console.ui.actions.picker import Picker
from console.ui.texts import tr


def default_department(category: str) -> str | None:
    """The department a 60xxxx category names, if it is one."""
    return category if category in departments() else None


def default_reason(category: str, department: str | None) -> str:
    """The prefilled reason: what the incident is and who should handle it."""
    if department is None:
        return ""
    if not category.startswith("60"):
        return tr("非警务警情，转{department}处置", "Actions").format(department=departments()[department])
    return tr("非警务警情（{category}），转{department}处置", "Actions").format(
        category=category_name(category), department=departments()[department])


class ReferDialog(IncidentDialog):
    """Choose the department (typing its code or name) and confirm the reason."""

    def __init__(self, incident: Incident, parent: QWidget | None = None) -> None:
        preselected = default_department(incident.category)
        super().__init__(incident, "incident.refer", tr("转办", "Actions"), parent,
                         reason_label="转办原因", reason_text=default_reason(incident.category, preselected))
        self.department = Picker([(f"{code} {name}", code) for code, name in departments().items()],
                                 placeholder=tr("输入代码或名称，如 6006 或 城管", "Actions"))
        self.department.setToolTip(tr("输入部门代码或名称查找", "Actions"))
        if preselected is None:
            self.department.setCurrentIndex(-1)
            self.department.setEditText("")
        else:
            self.department.select_key(preselected)
        self.department_error = error_label()
        self._prefilled = self.reason.text()
        self.department.currentIndexChanged.connect(self._on_department)
        self.form.addRow(tr("职能部门 *", "Actions"), with_error(self.department, self.department_error))
        self.add_reason_row()
        self.department.setFocus()

    def _on_department(self, _index: int) -> None:
        """Keep the prefilled reason in step with the department until the user writes their own."""
        code = self.department.currentData()
        if self.reason.text() == self._prefilled and code:
            self._prefilled = default_reason(self.incident.category, code)
            self.reason.setText(self._prefilled)

    def extra_args(self) -> dict:
        return {"department": self.department.chosen_key() or ""}

    def check(self) -> bool:
        ok = self.department.chosen_key() is not None
        show_error(self.department_error, "" if ok else tr("请选择职能部门", "Actions"))
        if not ok:
            self.department.setFocus()
        return ok
