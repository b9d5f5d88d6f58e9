"""The console in English: the main window with the English catalogue installed shows no Chinese in its
menu bar, toolbar and queue headers; the language choice is saved for the next start."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtWidgets import QToolBar

from console.ui.i18n.catalogue import release
from console.ui.i18n.language import SETTINGS_KEY, chosen_language, install_catalogue
from console.ui.main_window import MainWindow
from console.ui.qt_locale import install_qt_language

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture
def english(qapp):
    before = QLocale()
    release("en")  # the .qm is built, never committed: build it from the committed .ts
    qt = install_qt_language(qapp, "en_US")
    ours = install_catalogue(qapp, "en")
    assert ours is not None, "jingwang_en.qm did not load"
    yield
    for translator in (ours, qt):
        if translator is not None:
            qapp.removeTranslator(translator)
    QLocale.setDefault(before)


@pytest.fixture
def window(english, qtbot, empty_session, scenario, tmp_path):
    win = MainWindow(empty_session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    empty_session.reset(scenario.empty_state())
    empty_session.feed(scenario.base_events())
    return win


def _texts_of(actions) -> list[str]:
    return [a.text() for a in actions if not a.isSeparator() and a.text()]


def test_menu_bar_toolbar_and_queue_headers_are_english(window):
    menus = [a.menu() for a in window.menuBar().actions()]
    titles = [a.text() for a in window.menuBar().actions()]
    assert "&Incidents" in titles and "&Settings" in titles
    items = [t for m in menus for t in _texts_of(m.actions()) if t != "语言 / Language"]
    toolbar = _texts_of(window.findChild(QToolBar, "mainToolBar").actions())
    model = window.queue.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert {"Accept", "Dispatch", "Supervise"} <= set(toolbar) | set(items)
    assert headers[:4] == ["No.", "Category", "Priority", "State"]
    assert window.windowTitle() == "Jingwang Command Console"
    assert window.queue_dock.windowTitle() == "Incident queue"
    shown = titles + items + toolbar + headers
    assert len(shown) > 30
    assert not [t for t in shown if CJK.search(t)], "Chinese left in the English UI"


def test_language_menu_saves_the_choice_for_the_next_start(window, monkeypatch):
    monkeypatch.delenv("JINGWANG_LANGUAGE", raising=False)
    window.language_menu.actions["en"].trigger()
    assert window.settings.value(SETTINGS_KEY) == "en"
    assert chosen_language(window.settings) == "en"
    assert "next time the console starts" in window.statusBar().currentMessage()
    monkeypatch.setenv("JINGWANG_LANGUAGE", "zh_CN")  # the variable wins over the menu
    assert chosen_language(window.settings) == "zh_CN"
    monkeypatch.setenv("JINGWANG_LANGUAGE", "fr")  # unknown: Chinese
    assert chosen_language(window.settings) == "zh_CN"


def test_queue_cells_and_units_speak_english(window):
    from console.ui.queue.model import Col
    from console.ui.units.board import fmt_duration

    model = window.queue.model
    cells = [model.index(r, c).data() or "" for r in range(model.rowCount())
             for c in (Col.PRIORITY, Col.STATUS, Col.SOURCE, Col.SLA)]
    assert "New" in cells and "P1" in cells and any(c.endswith(("left", "overdue")) for c in cells)
    assert not [c for c in cells if CJK.search(c)], cells
    assert fmt_duration(725) == "12m05s"
