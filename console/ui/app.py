"""``create_app``: the QApplication with names, High-DPI policy, the chosen language (Chinese unless
``JINGWANG_LANGUAGE`` or 设置 → 语言 says English), Qt's own texts in it, theme and CJK font."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from console.ui import theme
from console.ui.i18n.language import QT_LOCALE, chosen_language, install_catalogue
from console.ui.qt_locale import install_qt_language, prepare_system_locale

ORGANIZATION = "JingWang"
APPLICATION = "jingwang-console"


def create_app(argv: list[str] | None = None) -> QApplication:
    """Create (or reuse) the application object and apply the dark theme."""
    QCoreApplication.setOrganizationName(ORGANIZATION)  # before QSettings is read for the language
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication.instance()
    if app is None:
        language = chosen_language()
        prepare_system_locale(QT_LOCALE[language])
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(list(argv) if argv is not None else [])
        install_qt_language(app, QT_LOCALE[language])
        install_catalogue(app, language)
    QGuiApplication.setApplicationDisplayName(QCoreApplication.translate("App", "警网融合指挥台"))
    theme.apply_theme(app)
    return app
