"""Importing files into the open project, shared by every page that takes documents: the work
runs in a worker thread, an encrypted PDF asks for its password, one bad file never stops the
others, and each file gets one line saying what happened."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from pathlib import Path

from core.messages import render
from core.sources.documents import ImportFailure, import_documents
from core.sources.documents.importer import format_label
from ui.dialogs import get_text
from ui.qt import QCoreApplication, QLineEdit

PasswordAsker = Callable[[str, bool], "str | None | Awaitable[str | None]"]


async def import_paths(store, paths: list[Path], parent=None,
                       progress: Callable[[int, int], None] | None = None,
                       ask_password: PasswordAsker | None = None) -> list[str]:
    """Import `paths` into `store`; returns one human line per file. The password prompt is
    awaited, never a nested event loop (ui/dialogs.py): other jobs run on while it is open."""
    loop = asyncio.get_running_loop()

    def report(done: int, total: int) -> None:
        if progress is not None:
            loop.call_soon_threadsafe(progress, done, total)

    results = await asyncio.to_thread(import_documents, store, paths, progress=report)
    lines: list[str] = []
    for p, r in zip(paths, results, strict=True):
        tries = 0
        while isinstance(r, ImportFailure) and r.needs_password and tries < 3:
            ask = ask_password or (lambda name, wrong: _ask_password(parent, name, wrong))
            password = ask(r.name, tries > 0)
            if inspect.isawaitable(password):
                password = await password
            if not password:
                break
            tries += 1
            [r] = await asyncio.to_thread(import_documents, store, [p], password=password)
        if isinstance(r, ImportFailure):
            lines.append(QCoreApplication.translate("Import", "未导入：") + render(r.reason))
        else:
            what = r.encoding if r.format in ("text", "markdown") else render(format_label(r.format))
            if r.pages:
                what += QCoreApplication.translate("Import", "，{0} 页").format(r.pages)
            lines.append(QCoreApplication.translate("Import", "已导入 {0}：{1} 字，{2} 个文本段（{3}）").format(r.name, r.chars, r.n_chunks, what))
            lines.extend("  · " + render(n) for n in r.notes)
            cleaned = r.cleaned()
            if cleaned:
                lines.append("  · " + cleaned)
    return lines


async def _ask_password(parent, name: str, wrong: bool) -> str | None:
    prompt = (QCoreApplication.translate("Import", "密码不对，请重新输入 {0} 的密码：") if wrong else QCoreApplication.translate("Import", "{0} 已加密，请输入打开它的密码：")).format(name)
    return await get_text(parent, QCoreApplication.translate("Import", "PDF 密码"), prompt, QLineEdit.EchoMode.Password)
