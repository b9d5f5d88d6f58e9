"""Every translatable console text with the context Qt looks it up under at run time.

``pyside6-lupdate`` misreads the project's helpers (``texts.tr(text, context)`` becomes a comment in
the empty context, ``_tr`` wrappers lose their context), so the catalogue is extracted here from the
syntax tree. Recognised: ``self.tr("…")`` (context: the enclosing class), ``tr("…", "Ctx")`` from
:mod:`console.ui.texts` (default context ``Console``), ``QCoreApplication.translate("Ctx", "…")``,
``QT_TRANSLATE_NOOP("Ctx", "…")``, ``marked("Ctx", "…", "…")`` (a table of labels) and module-level
one-argument wrappers that return one of those (``def _t(text): return tr(text, "Replay")``).
The domain's enum labels come from :mod:`console.ui.i18n.domain`. Calls with a computed text are listed
as ``dynamic`` (their texts need ``marked`` where they are declared).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from console.ui.i18n.domain import CONTEXT as DOMAIN_CONTEXT
from console.ui.i18n.domain import domain_texts

DEFAULT_CONTEXT = "Console"  # texts.tr's default


@dataclass
class Extraction:
    messages: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (context, source) → locations
    dynamic: list[str] = field(default_factory=list)  # "file:line" of calls whose text is computed

    def add(self, context: str, source: str, where: str) -> None:
        self.messages.setdefault((context, source), []).append(where)


def _literal(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _context_and_text(call: ast.Call, klass: str | None,
                      aliased: bool = False) -> tuple[str | None, ast.AST | None] | None:
    """(context, text node) of a direct translation call, or None when it is not one; ``aliased``: the
    enclosing function set ``tr = QCoreApplication.translate``."""
    name, args = _call_name(call), call.args
    if aliased and name == "tr" and not isinstance(call.func, ast.Attribute):
        name = "translate"
    if name == "tr" and isinstance(call.func, ast.Attribute):
        owner = call.func.value
        if isinstance(owner, ast.Name) and owner.id in ("self", "cls") and klass and args:
            return klass, args[0]
        return None
    if name == "tr" and args:
        context = _literal(args[1]) if len(args) > 1 else None
        for kw in call.keywords:
            if kw.arg == "context":
                context = _literal(kw.value)
        return (context or DEFAULT_CONTEXT), args[0]
    if name in ("translate", "QT_TRANSLATE_NOOP") and len(args) >= 2 and _literal(args[0]) is not None:
        return _literal(args[0]), args[1]
    return None


def _wrappers(tree: ast.Module) -> dict[str, str]:
    """Module-level ``def f(text): return <translation call of text>`` → its context."""
    found = {}
    for node in tree.body:
        if not (isinstance(node, ast.FunctionDef) and len(node.args.args) == 1 and node.body):
            continue
        ret = node.body[-1]
        if isinstance(ret, ast.Return) and isinstance(ret.value, ast.Call):
            got = _context_and_text(ret.value, None)
            param = node.args.args[0].arg
            if got and isinstance(got[1], ast.Name) and got[1].id == param and node.name != "tr":
                found[node.name] = got[0]
    return found


class _Visitor(ast.NodeVisitor):
    def __init__(self, where: str, wrappers: dict[str, str], out: Extraction) -> None:
        self.where, self.wrappers, self.out = where, wrappers, out
        self.classes: list[str] = []
        self.aliased: list[bool] = [False]

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        alias = any(isinstance(n, ast.Assign) and isinstance(n.value, ast.Attribute) and n.value.attr == "translate"
                    and any(isinstance(t, ast.Name) and t.id == "tr" for t in n.targets) for n in ast.walk(node))
        self.aliased.append(alias or self.aliased[-1])
        self.generic_visit(node)
        self.aliased.pop()

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:
        if _call_name(node) == "marked" and node.args and _literal(node.args[0]) is not None:
            for text in node.args[1:]:
                if _literal(text) is not None:
                    self.out.add(_literal(node.args[0]), _literal(text), f"{self.where}:{node.lineno}")
            return
        got = _context_and_text(node, self.classes[-1] if self.classes else None, self.aliased[-1])
        name = _call_name(node)
        if got is None and name in self.wrappers and node.args and not isinstance(node.func, ast.Attribute):
            got = self.wrappers[name], node.args[0]
        if got is not None:
            text = _literal(got[1])
            where = f"{self.where}:{node.lineno}"
            if text is None:
                self.out.dynamic.append(where)
            elif text.strip():
                self.out.add(got[0], text, where)
        self.generic_visit(node)


def extract(root: Path, package: str = "console/ui") -> Extraction:
    """Every translatable text under ``root/package``."""
    out = Extraction()
    for path in sorted((root / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        wrappers = _wrappers(tree)
        for node in tree.body:  # a wrapper's own body is not a message
            if isinstance(node, ast.FunctionDef) and node.name in wrappers:
                tree.body.remove(node)
        _Visitor(path.relative_to(root).as_posix(), wrappers, out).visit(tree)
    for text in sorted(domain_texts()):
        out.add(DOMAIN_CONTEXT, text, "console/ui/i18n/domain.py:0")
    return out
