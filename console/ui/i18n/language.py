"""The console's language: ``JINGWANG_LANGUAGE`` if set, else the choice saved from 设置 → 语言 / Language
(QSettings ``ui/language``), else Chinese. Applied when the application starts (a change needs a restart)."""

from __future__ import annotations

import logging
from importlib import resources

from PySide6.QtCore import QCoreApplication, QSettings, QTranslator

from console.config import LANGUAGE

log = logging.getLogger(__name__)

LANGUAGES = {"zh_CN": "中文", "en": "English"}  # each shown in its own language in the menu
QT_LOCALE = {"zh_CN": "zh_CN", "en": "en_US"}  # the Qt/system locale of each (dates, number formats)
SETTINGS_KEY = "ui/language"


def chosen_language(settings: QSettings | None = None) -> str:
    """The language to start in; an unknown value is logged and Chinese is used."""
    wanted = LANGUAGE.get() if LANGUAGE.is_set() else (settings or QSettings()).value(SETTINGS_KEY, LANGUAGE.default)
    if wanted not in LANGUAGES:
        log.warning("unknown UI language %r (known: %s); using zh_CN", wanted, ", ".join(LANGUAGES))
        return "zh_CN"
    return str(wanted)


def save_language(language: str, settings: QSettings | None = None) -> None:
    """Remember ``language`` for the next start."""
    if language not in LANGUAGES:
        raise ValueError(f"未知的界面语言 / unknown language: {language}")
    (settings or QSettings()).setValue(SETTINGS_KEY, language)


def install_catalogue(app: QCoreApplication, language: str) -> QTranslator | None:
    """Load the console's own ``jingwang_<language>.qm`` (built by setup, ``make i18n`` or the installer);
    None for Chinese, the source language, or when the file was not built (the UI then stays Chinese)."""
    if language == "zh_CN":
        return None
    folder = resources.files("console.resources") / "i18n"
    translator = QTranslator(app)
    if not translator.load(f"jingwang_{language}", str(folder)):
        log.warning("jingwang_%s.qm not found in %s: run `make i18n` (the console stays Chinese)", language, folder)
        return None
    app.installTranslator(translator)
    log.info("UI language %s", language)  # the installer's smoke test waits for this line
    return translator
