"""Qt's own texts in the UI's language: file dialogs, message box buttons, date widgets, context menus.

Qt ships its translations beside its libraries (``qtbase_zh_CN.qm`` in the translations folder that
:class:`QLibraryInfo` names); nothing is copied into the project.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

UI_LANGUAGE = "zh_CN"  # every label of the console is written in Chinese (console.ui.i18n translates them;
# Qt's own texts then come from qtbase_en)
DATE_FORMAT = "yyyy-MM-dd"  # how every date widget shows a day: 2026-12-07, never "7 12 2026"


def prepare_system_locale(language: str = UI_LANGUAGE) -> None:
    """Before the QApplication exists: dates Qt formats by the *system* locale (the file dialog's
    modified column) follow ``language`` too, not ``LANG=C`` ("7 12 2026"). ``LC_ALL`` would override
    the time category, so it is dropped in this process."""
    os.environ.pop("LC_ALL", None)
    os.environ["LC_TIME"] = f"{language}.UTF-8"


def install_qt_language(app: QCoreApplication, language: str = UI_LANGUAGE) -> QTranslator | None:
    """Make ``language`` the default locale and load Qt's own translation for it; returns the translator,
    or None when Qt has no translation for the language (its texts then stay in English)."""
    locale = QLocale(language)
    QLocale.setDefault(locale)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(locale, "qtbase", "_", folder):
        log.warning("no Qt translation for %s in %s", language, folder)
        return None
    app.installTranslator(translator)
    app.installTranslator(MnemonicFallback(translator, app))  # asked first, answers only what Qt's file misses
    return translator


class MnemonicFallback(QTranslator):
    """Qt's catalogue lags its sources where a mnemonic was added (``&Look in:``, ``Files of &type:``):
    translate the text without the ``&`` and put the key back the Chinese way, ``查找范围(&L)：``."""

    def __init__(self, base: QTranslator, parent=None) -> None:
        super().__init__(parent)
        self._base = base

    def isEmpty(self) -> bool:  # Qt skips an empty translator
        return False

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        """The fallback, or None (a null string: Qt then asks the next translator)."""
        at = source.find("&")
        if at < 0 or at + 1 >= len(source) or source[at + 1] == "&":
            return None
        plain = source[:at] + source[at + 1:]
        text = self._base.translate(context, plain, disambiguation, n)
        if not text or text == plain:
            return None
        body = text.rstrip(":：")
        return f"{body}(&{source[at + 1].upper()}){text[len(body):]}"
