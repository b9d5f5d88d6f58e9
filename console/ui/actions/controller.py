"""``IncidentActions``: the incident actions of one window, in one place.

Each action is a ``QAction`` with its shortcut (F2 受理 … Ctrl+H 回访). The toolbar, the menu,
the queue's right-click menu and the detail panel's buttons all show these same objects, so
they share one enabled state and one tooltip, which says why when an action is disabled.
Everything is sent with ``session.command(op, args)``; the outcome arrives as events.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from console.domain.clock import now_ms
from console.domain.incidents import Incident
from console.ui.actions.availability import (
    SPECS,
    Availability,
    availability,
    cancellable_workers,
    role_of,
)
from console.ui.actions.close_dialog import CloseDialog
from console.ui.actions.correction_dialogs import NoteDialog, ReaddressDialog, RecategorizeDialog, ReprioritizeDialog
from console.ui.actions.refer_dialog import ReferDialog
from console.ui.actions.step_dialogs import (
    CallbackDialog,
    CancelAssignmentDialog,
    ExtensionDecisionDialog,
    ExtensionRequestDialog,
    ReworkDialog,
    SuperviseDialog,
)
from console.ui.actions.void_dialog import VoidDialog
from console.ui.shortcut_text import set_label, shortcut_text

PRIMARY = ("accept", "dispatch", "verify_close", "refer", "void")
SECONDARY = ("rework", "supervise", "extension", "callback", "cancel_assignment")
CORRECTIONS = ("note", "recategorize", "reprioritize", "readdress")  # 补充 and corrections after intake
DIRECT_OPS = frozenset({"incident.accept", "incident.verify"})  # sent at once, no dialog (办结 asks for a 处理结果)
CORRECTION_DIALOGS = {"note": NoteDialog, "recategorize": RecategorizeDialog, "reprioritize": ReprioritizeDialog}


class IncidentActions(QObject):
    """QActions for the selected incident; :attr:`dispatch_requested` asks the window for the dispatch dialog."""

    dispatch_requested = Signal(str)
    dialog_opened = Signal(object)
    sent = Signal(str, dict)  # op, args: every command this object sends

    def __init__(self, session, window: QWidget, *, clock: Callable[[], int] | None = None) -> None:
        super().__init__(window)
        self._session = session
        self._window = window
        self._clock = clock or now_ms
        self._incident_id: str | None = None
        self.offline_reason = ""  # set while the relay is lost: every action is disabled with it
        self.dialog: QDialog | None = None
        self._shown: tuple | None = None  # (availability, offline reason) the actions show
        self.actions: dict[str, QAction] = {}
        for spec in SPECS:
            action = QAction(window)
            action.setObjectName(f"action_{spec.key}")
            action.setShortcut(QKeySequence(spec.shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, key=spec.key: self.trigger(key))
            window.addAction(action)
            self.actions[spec.key] = action
        session.changed.connect(self._on_changes)
        session.state_reset.connect(lambda _state: self.refresh())
        session.connection_changed.connect(lambda *_: self.refresh())
        self.refresh()

    # --- public API -------------------------------------------------------------------
    def set_incident(self, incident_id: str | None) -> None:
        """The incident the actions act on (the window's selection)."""
        self._incident_id = incident_id
        self.refresh()

    def incident(self) -> Incident | None:
        state = self._session.state
        if state is None or self._incident_id is None:
            return None
        return state.incidents.get(self._incident_id)

    def availability(self) -> dict[str, Availability]:
        """What each action can do now for the selected incident and this session's role."""
        return availability(self.incident(), role_of(getattr(self._session, "role", "")),
                            getattr(self._session, "account", ""))

    def set_offline_reason(self, reason: str) -> None:
        """Disable every action with ``reason`` as the tooltip (empty: back to what the incident allows)."""
        self.offline_reason = reason
        self.refresh()

    def refresh(self) -> None:
        """Update text, enabled state and tooltip of every action (nothing when none of them changed: most
        batches that touch the selected incident leave its actions as they were)."""
        availability = self.availability()
        shown = (availability, self.offline_reason)
        if shown == self._shown:
            return
        self._shown = shown
        for key, av in availability.items():
            action = self.actions[key]
            set_label(action, av.label)
            shortcut = shortcut_text(action)
            enabled = av.enabled and not self.offline_reason
            action.setEnabled(enabled)
            tip = f"{av.label} ({shortcut})"
            action.setToolTip(tip if enabled else f"{tip}：{self.offline_reason or av.why}")

    def trigger(self, key: str) -> None:
        """Do action ``key`` for the selected incident, if it is available."""
        inc = self.incident()
        av = self.availability()[key]
        if inc is None or not av.enabled or self.offline_reason:
            return
        if av.op in DIRECT_OPS:
            self.send(av.op, {"incident": inc.id})
        elif key == "dispatch":
            self.dispatch_requested.emit(inc.id)
        else:
            self._open(self._dialog_for(key, av, inc))

    def send(self, op: str, args: dict) -> None:
        """Send one command through the session."""
        self._session.command(op, args)
        self.sent.emit(op, args)

    def menu(self, parent: QWidget | None = None) -> QMenu:
        """A menu of every action (the queue's right-click menu), primary ones first."""
        menu = QMenu(parent)
        for key in PRIMARY:
            menu.addAction(self.actions[key])
        menu.addSeparator()
        for key in SECONDARY:
            menu.addAction(self.actions[key])
        menu.addSeparator()
        for key in CORRECTIONS:
            menu.addAction(self.actions[key])
        menu.setToolTipsVisible(True)
        return menu

    # --- dialogs ----------------------------------------------------------------------
    def _dialog_for(self, key: str, av: Availability, inc: Incident) -> QDialog:
        state, parent = self._session.state, self._window
        if key == "refer":
            return ReferDialog(inc, parent)
        if key == "void":
            return VoidDialog(state, inc, self._clock(), parent)
        if key == "rework":
            return ReworkDialog(inc, parent)
        if key == "supervise":
            return SuperviseDialog(inc, parent)
        if key == "callback":
            return CallbackDialog(inc, parent)
        if key == "cancel_assignment":
            return CancelAssignmentDialog(state, inc, cancellable_workers(inc), parent)
        if av.op == "incident.close":
            return CloseDialog(inc, parent)
        if key in CORRECTION_DIALOGS:
            return CORRECTION_DIALOGS[key](inc, parent)
        if key == "readdress":
            return ReaddressDialog(state, inc, parent)
        if av.op == "incident.decide_extension":
            return ExtensionDecisionDialog(inc, parent)
        return ExtensionRequestDialog(inc, parent)

    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.send(*dialog.command()))
        dialog.destroyed.connect(lambda *_: self._forget(dialog))
        self.dialog = dialog
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _forget(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _on_changes(self, changes) -> None:
        if self._incident_id is not None and self._incident_id in changes.incidents:
            self.refresh()
