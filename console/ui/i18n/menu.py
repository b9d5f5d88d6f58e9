"""设置 → 语言 / Language: pick the console's language; it is saved and applied at the next start."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow

from console.ui.i18n.language import LANGUAGES, chosen_language, save_language
from console.ui.texts import tr


class LanguageMenu(QObject):
    """The 设置 menu of one main window; the menu title is bilingual so either reader finds it."""

    def __init__(self, window: QMainWindow, settings: QSettings) -> None:
        super().__init__(window)
        self.window, self.settings = window, settings
        self.menu = window.menuBar().addMenu(tr("设置(&S)", "Settings"))
        self.menu.setObjectName("settingsMenu")
        self.languages = self.menu.addMenu("语言 / Language")
        self.group = QActionGroup(self)
        current = chosen_language(settings)
        self.actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, self.group)
            action.setCheckable(True)
            action.setChecked(code == current)
            action.setObjectName(f"action_language_{code}")
            action.triggered.connect(lambda _=False, code=code: self.choose(code))
            self.languages.addAction(action)
            self.actions[code] = action

    def choose(self, language: str) -> None:
        """Save ``language``; the window says it takes effect on the next start (in both languages)."""
        save_language(language, self.settings)
        note = tr("界面语言已设为 {name}，下次启动指挥台时生效。", "Settings").format(name=LANGUAGES[language])
        if language != "zh_CN":
            note += " The console will start in English next time."
        self.window.statusBar().showMessage(note, 15_000)
