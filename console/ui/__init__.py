"""Qt user interface of the dispatcher console (PySide6 + pyqtgraph).

Widgets talk only to a session object (``console.ui.session.ConsoleSession`` or any
duck-typed equivalent) and redraw from its :class:`~console.domain.state.State`.
"""
