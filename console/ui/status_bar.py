"""Status bar: relay connection (dot + text), events/s, counters, account and a clock."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QStatusBar, QWidget

from console.domain import station_time
from console.domain.clock import now_ms
from console.domain.incidents import Status
from console.domain.workers import Role
from console.ui import theme
from console.ui.alerts.alert import Severity
from console.ui.i18n.domain import label_of
from console.ui.plain import PlainLabel, RichLabel, escape, plain_tip
from console.ui.queue.query import GROUP_LABELS
from console.ui.texts import tr

RATE_WINDOW_S = 5.0
STATUS_GROUPS = ("new", "handling", "overdue")  # queue filter groups counted in the status bar


class EventRate:
    """Events per second over a sliding window."""

    def __init__(self, window_s: float = RATE_WINDOW_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.window_s = window_s
        self._clock = clock
        self._samples: deque[tuple[float, int]] = deque()
        self._total = 0

    def add(self, n: int) -> None:
        self._samples.append((self._clock(), n))
        self._total += n

    def rate(self) -> float:
        now = self._clock()
        while self._samples and self._samples[0][0] < now - self.window_s:
            self._total -= self._samples.popleft()[1]
        return self._total / self.window_s


def _role_label(role: str) -> str:
    try:
        return label_of(Role(role))
    except ValueError:
        return role


class ConsoleStatusBar(QStatusBar):
    """Permanent widgets on the right; transient messages (errors) on the left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consoleStatusBar")
        self.rate = EventRate()
        self.connection_label = RichLabel()
        self.rate_label = PlainLabel()
        self.counter_labels = {group: RichLabel() for group in STATUS_GROUPS}
        self.alerts_label = RichLabel()
        self.account_label = PlainLabel()
        self.clock_label = PlainLabel()
        self.addPermanentWidget(self.connection_label)
        self.addPermanentWidget(self.rate_label)
        for label in self.counter_labels.values():
            self.addPermanentWidget(label)
        self.addPermanentWidget(self.alerts_label)
        self.addPermanentWidget(self.account_label)
        self.addPermanentWidget(self.clock_label)
        self.set_alerts(0, "")
        self.set_connection("disconnected", "")
        self.set_counters({})
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self.tick()

    def set_connection(self, status: str, detail: str) -> None:
        names = {
            "connected": self.tr("已连接"),
            "connecting": self.tr("连接中"),
            "disconnected": self.tr("未连接"),
            "must_change": self.tr("须修改初始密码"),
        }
        color = theme.CONNECTION_COLORS.get(status, theme.TEXT_DIM)
        text = names.get(status, status)
        self.connection_status = status
        self.connection_label.setText(
            f'<span style="color:{color}">●</span> {escape(self.tr("中继"))} {escape(text)}'
            + (f' <span style="color:{theme.TEXT_DIM}">{escape(detail)}</span>' if detail else "")
        )
        self.connection_label.setToolTip(plain_tip(detail))

    def set_counters(self, counts: dict[str, int]) -> None:
        """The queue's counts (``IncidentQueueView.counts()``: each the row count of its filter) of
        :data:`STATUS_GROUPS`, captioned like the filter."""
        colors = {"new": theme.STATUS_COLORS[Status.NEW], "handling": theme.STATUS_COLORS[Status.ON_SCENE]}
        for group, label in self.counter_labels.items():
            n = counts.get(group, 0)
            color = colors.get(group) or (theme.PRIORITY_COLORS[1] if n else theme.TEXT_DIM)
            label.setText(f'{escape(tr(GROUP_LABELS[group], "Queue"))} <b style="color:{color}">{n}</b>')

    def set_alerts(self, unacknowledged: int, worst: str) -> None:
        """Unacknowledged alerts, coloured by the worst of them."""
        color = Severity(worst).color if worst else theme.TEXT_DIM
        self.alerts_label.setText(f'{escape(self.tr("告警"))} <b style="color:{color}">{unacknowledged}</b>')

    def set_account(self, account: str, role: str) -> None:
        self.account_label.setText(f"{account} · {_role_label(role)}")

    def add_events(self, n: int) -> None:
        self.rate.add(n)

    def tick(self) -> None:
        self.rate_label.setText(self.tr("事件 {r:.1f}/秒").format(r=self.rate.rate()))
        self.clock_label.setText(station_time.fmt(now_ms()))
