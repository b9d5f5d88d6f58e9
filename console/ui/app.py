"""``create_app``: the QApplication with names, High-DPI policy, Qt's own texts in Chinese, theme and CJK font."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from console.ui import theme
from console.ui.qt_locale import install_qt_language, prepare_system_locale

ORGANIZATION = "JingWang"
APPLICATION = "jingwang-console"


def create_app(argv: list[str] | None = None) -> QApplication:
    """Create (or reuse) the application object and apply the dark theme."""
    app = QApplication.instance()
    if app is None:
        prepare_system_locale()
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(list(argv) if argv is not None else [])
        install_qt_language(app)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QGuiApplication.setApplicationDisplayName(QCoreApplication.translate("App", "警网融合指挥台"))
    theme.apply_theme(app)
    return app
