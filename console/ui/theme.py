"""Dark, low-glare theme: QSS, CJK font and the status / priority colours used everywhere.

Colour is never the only signal: every coloured thing also carries a label or a shape.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from console.domain.incidents import Status
from console.domain.workers import WorkerStatus
from console.resources import resource_path

QSS_FILE = resource_path("styles", "dark.qss")

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
)

# Surfaces
BACKGROUND = "#14181d"
SURFACE = "#1b2027"
MAP_BACKGROUND = "#0e1216"
TEXT = "#d8dee6"
TEXT_DIM = "#8b96a3"

# 优先级 1 red / 2 orange / 3 yellow / 4 blue-grey
PRIORITY_COLORS: dict[int, str] = {1: "#ff4d4f", 2: "#ff9a2e", 3: "#f2d024", 4: "#8fa3b8"}

STATUS_COLORS: dict[Status, str] = {
    Status.NEW: "#ff6b6b",
    Status.ACCEPTED: "#ffb454",
    Status.DISPATCHED: "#5cb8ff",
    Status.SIGNED: "#4dd6e0",
    Status.ON_SCENE: "#7aa2ff",
    Status.FEEDBACK: "#c792ea",
    Status.VERIFYING: "#b39ddb",
    Status.CLOSED: "#7d8794",
    Status.RETURNED: "#ff8a65",
    Status.REFERRED: "#4db6ac",
    Status.VOID: "#5c6670",
}

WORKER_COLORS: dict[WorkerStatus, str] = {
    WorkerStatus.ON_DUTY: "#3ddc84",
    WorkerStatus.ON_ORDER: "#4a9eff",
    WorkerStatus.STALE: "#9aa4ae",
    WorkerStatus.OFF_DUTY: "#4d5661",
    WorkerStatus.SOS: "#ff1744",
    WorkerStatus.UNKNOWN: "#6f7a86",
}

CONNECTION_COLORS: dict[str, str] = {
    "connected": "#3ddc84",
    "connecting": "#ffb454",
    "disconnected": "#ff4d4f",
}

# Map layers
STREET_COLOR = "#3b4654"
STREET_LABEL_COLOR = "#7f8c9a"
GRID_COLOR = "#56708a"
GRID_LABEL_COLOR = "#a9b8c8"
POLICE_GRID_COLOR = "#b48ead"
SELECTION_COLOR = "#ffffff"


def priority_color(priority: int) -> str:
    return PRIORITY_COLORS.get(priority, PRIORITY_COLORS[4])


def qcolor(hex_color: str, alpha: int = 255) -> QColor:
    c = QColor(hex_color)
    c.setAlpha(alpha)
    return c


def cjk_font_family() -> str:
    """The first CJK family installed here, or the default family when none is."""
    available = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in available:
            return family
    return QFont().family()


def apply_theme(app: QApplication, point_size: int = 10) -> str:
    """Apply palette, stylesheet and CJK font to ``app``; returns the font family chosen."""
    family = cjk_font_family()
    font = QFont(family, point_size)
    app.setFont(font)

    pal = QPalette()
    pal.setColor(QPalette.ColorRole.Window, QColor(BACKGROUND))
    pal.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
    pal.setColor(QPalette.ColorRole.Base, QColor(SURFACE))
    pal.setColor(QPalette.ColorRole.AlternateBase, QColor("#20262e"))
    pal.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    pal.setColor(QPalette.ColorRole.Button, QColor("#232a33"))
    pal.setColor(QPalette.ColorRole.ButtonText, QColor(TEXT))
    pal.setColor(QPalette.ColorRole.Highlight, QColor("#2f5f8f"))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    pal.setColor(QPalette.ColorRole.ToolTipBase, QColor("#232a33"))
    pal.setColor(QPalette.ColorRole.ToolTipText, QColor(TEXT))
    pal.setColor(QPalette.ColorRole.PlaceholderText, QColor(TEXT_DIM))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#5c6670"))
    app.setPalette(pal)

    app.setStyleSheet(QSS_FILE.read_text(encoding="utf-8"))
    return family
