"""Text is text: what people type is shown as they typed it, never interpreted as HTML.

Addresses, narratives, callers, notes, feedback, reasons, names … come from field workers,
departments and the public. Qt guesses whether a string is HTML (``Qt::mightBeRichText``) in a
``QLabel`` left at ``AutoText``, in every tooltip, in a ``QMessageBox``; a guess of "rich" lets
``<img src='file:///…'>`` load a local file and ``<font size=100 color=red>`` shout across the
dispatcher's screen. So the console shows such text only through this module:

- :class:`PlainLabel` is the label for text (``Qt.PlainText``, whatever the text looks like);
- :class:`RichLabel` is for the console's own markup (colours, bold, links); every value put into
  that markup goes through :func:`escape`;
- :func:`plain_tip` makes any text safe as a tooltip (widgets, actions, item-model ``ToolTipRole``),
  :func:`show_tip` shows one at a point;
- :func:`message_box` is a ``QMessageBox`` with plain text;
- :func:`menu_text` keeps an ``&`` in a menu entry from turning into a shortcut underline.

Item-view cells (``DisplayRole``) are painted as plain text by the default delegate; the console
installs no delegate that renders HTML. Reports built as HTML escape their values with :func:`escape`.
"""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox, QToolTip, QWidget

from console.domain.text import escape

__all__ = ["escape"]  # with the widgets below: one module for showing person-typed text

TIP_STYLE = "white-space:pre-wrap"


def looks_rich(text: str) -> bool:
    """Whether Qt would take ``text`` for HTML where it guesses (AutoText labels, tooltips)."""
    return bool(text) and QtGui.Qt.mightBeRichText(text)


def plain_tip(text: object) -> str:
    """``text`` as a tooltip that shows it literally.

    Qt renders a tooltip as HTML when it looks like HTML; such a text is escaped and marked up
    as rich text (line breaks and spaces kept), any other text is returned unchanged.
    """
    text = "" if text is None else str(text)
    if not looks_rich(text):
        return text
    return f"<span style='{TIP_STYLE}'>{escape(text)}</span>"


def show_tip(pos: QPoint, text: object, widget: QWidget | None = None) -> None:
    """``QToolTip.showText`` for a text that is shown as typed."""
    QToolTip.showText(pos, plain_tip(text), widget)


def menu_text(text: object) -> str:
    """``text`` for a menu entry or button: a typed ``&`` stays an ``&`` (no mnemonic)."""
    return str(text).replace("&", "&&")


class PlainLabel(QLabel):
    """A label for text: always ``Qt.PlainText``, so nothing in it is ever taken for HTML."""

    def __init__(self, text: object = "", parent: QWidget | None = None) -> None:
        if isinstance(text, QWidget):  # PlainLabel(parent), like QLabel(parent)
            text, parent = "", text
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        if text:
            self.setText(str(text))


class RichLabel(QLabel):
    """A label for the console's own markup (colour, bold, a link); values inside go through :func:`escape`."""

    def __init__(self, markup: str = "", parent: QWidget | None = None) -> None:
        if isinstance(markup, QWidget):  # RichLabel(parent), like QLabel(parent)
            markup, parent = "", markup
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        if markup:
            self.setText(markup)


def message_box(icon: QMessageBox.Icon, title: str, text: str, buttons: QMessageBox.StandardButton,
                parent: QWidget | None = None) -> QMessageBox:
    """A ``QMessageBox`` whose text and informative text are plain text."""
    box = QMessageBox(icon, title, "", buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    return box


def set_escaped_html(document: QTextDocument, html: str) -> None:
    """Fill ``document`` with HTML this program wrote itself, every typed value passed through
    :func:`escape` (the incident report's :func:`console.reports.incident_report.report_html`)."""
    document.setHtml(html)
