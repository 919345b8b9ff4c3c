"""The UI sources, read as code: every Chinese string literal goes through tr() (message boxes and
status lines too, which no widget walk sees), in a form lupdate can find, under the context
Qt will look it up in at run time."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ui.i18n import ts_path, ui_sources
from ui.qt import QObject

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
TR_FUNCTIONS = {"tr", "translate", "QT_TR_NOOP", "QT_TRANSLATE_NOOP"}

# Chinese literals that are right outside tr(): data, or names. (file, literal) -> why.
ALLOWED = {
    ("ui/main_window.py", "简体中文"): "a language's name, written in that language",
    ("ui/widgets/settings_dialog.py", "简体中文"): "a language's name, written in that language",
    ("ui/pages/documents.py", "；"): "parsing: full-width separators typed in an alias list",
    ("ui/pages/documents.py", "，"): "parsing: full-width separators typed in an alias list",
    ("ui/pages/generate_panels.py", "温柔"): "a built-in style's name (data), mapped to its tr() label",
    ("ui/pages/generate_panels.py", "毒舌"): "a built-in style's name (data), mapped to its tr() label",
    ("ui/widgets/schema_dialog.py", "[、，,|｜；;\\n]+"): "parsing: the separators typed between allowed values",
    ("ui/widgets/schema_dialog.py", "【"): "parsing: a Chinese bracket typed for JSON's [ (named in the error)",
    ("ui/widgets/schema_dialog.py", "】"): "parsing: a Chinese bracket typed for JSON's ] (named in the error)",
    ("ui/widgets/template_dialog.py", '{"基本信息-姓名": "", "意向产品": []}'):
        "the preview's example schema: the default chat fields' names are data",
}

def _is_data_file(rel: str) -> bool:
    """The self-tests (ui/selftest*.py): their Chinese is the sample material they build and
    check, and they report to a console in English, never in the UI."""
    return Path(rel).name.startswith("selftest")


def _calls_tr(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    f = node.func
    return (f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")) in TR_FUNCTIONS


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def _sources() -> list[tuple[str, ast.AST]]:
    return [(p.relative_to(ROOT).as_posix(), ast.parse(p.read_text(encoding="utf-8")))
            for p in ui_sources() + [ROOT / "ui" / "i18n.py"]]


def test_chinese_literals_go_through_tr():
    found = []
    for rel, tree in _sources():
        if _is_data_file(rel):
            continue
        translated = {id(n) for call in ast.walk(tree) if _calls_tr(call) for a in call.args for n in ast.walk(a)}
        skip = translated | _docstrings(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and CJK.search(node.value)
                    and id(node) not in skip and (rel, node.value) not in ALLOWED):
                found.append(f"{rel}:{node.lineno}: {node.value!r}")
    assert found == [], "wrap these in self.tr() (or add them to ALLOWED, with the reason):\n" + "\n".join(found)


def test_tr_calls_are_visible_to_lupdate():
    """lupdate reads tr("literal"): not a variable, not a call inside an f-string, not via an
    alias, and not obj.tr() of another object (lupdate files that under the name "obj")."""
    found = []
    for rel, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                found += [f"{rel}:{node.lineno}: tr() inside an f-string" for n in ast.walk(node) if _calls_tr(n)]
            if not _calls_tr(node):
                continue
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id
            text_arg = node.args[1] if name in ("translate", "QT_TRANSLATE_NOOP") and len(node.args) > 1 else (
                node.args[0] if node.args else None)
            if name in ("tr", "QT_TR_NOOP") and isinstance(f, ast.Attribute) and not (
                    isinstance(f.value, ast.Name) and f.value.id in ("self", "cls")):
                found.append(f"{rel}:{node.lineno}: {ast.unparse(f)}() — use QCoreApplication.translate(\"Class\", …)")
            if name == "tr" and isinstance(f, ast.Name):
                found.append(f"{rel}:{node.lineno}: a local tr() alias — call self.tr / translate directly")
            if name == "translate" and node.args and not isinstance(node.args[0], ast.Constant):
                found.append(f"{rel}:{node.lineno}: translate() with a computed context")
            if text_arg is not None and not (isinstance(text_arg, ast.Constant) and isinstance(text_arg.value, str)):
                found.append(f"{rel}:{node.lineno}: {name}() of a computed text: {ast.unparse(text_arg)[:60]}")
    assert found == [], "lupdate cannot see these, so they are never translated:\n" + "\n".join(found)


def test_every_ts_context_is_one_qt_looks_up():
    """self.tr() looks up the class name of the object (or of a base class); lupdate files the
    string under the class it lexically sits in. A class nested in a method, or a mixin that is
    no QObject, makes the two differ and the string stays Chinese."""
    explicit = set()
    for _rel, tree in _sources():
        for node in ast.walk(tree):
            if _calls_tr(node) and isinstance(node.func, ast.Attribute) and node.func.attr == "translate" \
                    and node.args and isinstance(node.args[0], ast.Constant):
                explicit.add(node.args[0].value)
    bad = []
    for ctx in ET.parse(ts_path("en")).iter("context"):
        name = ctx.findtext("name") or ""
        if name in explicit:
            continue
        files = {m.find("location").get("filename") for m in ctx.iter("message") if m.find("location") is not None}
        classes = [getattr(importlib.import_module(Path(f).with_suffix("").as_posix().lstrip("./").replace("/", ".")),
                           name, None) for f in files]
        if not (classes and all(inspect.isclass(c) and issubclass(c, QObject) for c in classes)):
            bad.append(f"context {name!r} ({', '.join(sorted(files))}) is not a QObject class of that module")
    assert bad == [], "\n".join(bad)
