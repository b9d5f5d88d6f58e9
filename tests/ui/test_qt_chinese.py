"""Qt's own dialogs speak Chinese, and a menu shows each shortcut once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QMessageBox

from console.ui.main_window import MainWindow
from console.ui.qt_locale import install_qt_language


@pytest.fixture
def chinese_qt(qapp):
    before = QLocale()
    translator = install_qt_language(qapp)
    assert translator is not None, "Qt's qtbase_zh_CN.qm was not found"
    fallback = qapp.findChildren(type(translator))
    yield
    for t in fallback:
        qapp.removeTranslator(t)
    QLocale.setDefault(before)


def test_qt_file_dialog_and_message_box_speak_chinese(chinese_qt, qtbot):
    dialog = QFileDialog(None, "导出日报")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    labels = [w.text() for w in dialog.findChildren(QLabel) if w.text()]
    buttons = [b.text() for b in dialog.findChildren(QAbstractButton) if b.text()]
    assert labels == ["查找范围(&L)：", "文件名称(&N)：", "文件类型(&T)："]
    assert "保存(&S)" in buttons and "取消" in buttons
    assert not any(word in " ".join(labels + buttons) for word in ("Look in", "File name", "Save", "Cancel"))
    box = QMessageBox(QMessageBox.Icon.Warning, "操作失败", "原因", QMessageBox.StandardButton.Ok)
    qtbot.addWidget(box)
    assert [b.text() for b in box.buttons()] == ["确定"]
    assert QLocale().name() == "zh_CN"


def test_menu_shows_each_shortcut_once(empty_session, scenario, qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    window = MainWindow(empty_session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    empty_session.reset(scenario.empty_state())
    menu = window.menuBar().actions()[0].menu()
    checked = 0
    for action in menu.actions():
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if action.isSeparator() or not shortcut:
            continue
        assert shortcut not in action.text(), f"{action.text()!r} repeats the shortcut Qt already shows"
        assert action.iconText().endswith(shortcut)  # tool buttons have no shortcut column: they carry it
        checked += 1
    assert checked >= 10
