"""Dialogs for async code, without a nested event loop.

`exec()`, `QMessageBox.question(...)`, `QInputDialog.getText(...)` and the static
`QFileDialog.get…()` run a nested event loop. Inside a coroutine (an @asyncSlot or a task) that
loop re-enters asyncio while a task is running, and every other task then fails with "Cannot
enter into task … while another task is being executed": a generation or a crawl stalls for good.
So in async code a dialog is opened (`open()`, window-modal) and its answer awaited here, while the
event loop, and the other work, go on. Messages that need no answer are shown with `tell()`.
"""

from __future__ import annotations

import asyncio
import contextlib

from ui.qt import QDialog, QFileDialog, QInputDialog, QLineEdit, QMessageBox, Qt


async def ask(dialog: QDialog) -> int:
    """Open `dialog` window-modally and wait for its result code (QDialog.DialogCode, or the
    standard button of a QMessageBox). Closed or destroyed unanswered = Rejected; a cancelled
    caller takes its question away with it."""
    answer = asyncio.get_running_loop().create_future()

    def finished(code: int) -> None:
        if not answer.done():
            answer.set_result(int(code))

    def destroyed(*_args) -> None:
        if not answer.done():
            answer.set_result(int(QDialog.DialogCode.Rejected))

    dialog.finished.connect(finished)
    dialog.destroyed.connect(destroyed)
    dialog.open()
    try:
        return await answer
    except asyncio.CancelledError:
        with contextlib.suppress(RuntimeError):  # already gone with its parent
            dialog.reject()
        raise
    finally:
        for signal, slot in (("finished", finished), ("destroyed", destroyed)):
            with contextlib.suppress(RuntimeError, TypeError):  # the dialog may be gone
                getattr(dialog, signal).disconnect(slot)


def tell(parent, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> QMessageBox:
    """A message that needs no answer: shown window-modally, nothing waits for it."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is None:  # nothing owns it: keep it alive until it is closed
        _unowned.add(box)
        box.finished.connect(lambda _code: _unowned.discard(box))
    box.open()
    return box


_unowned: set[QMessageBox] = set()


def warn(parent, title: str, text: str) -> QMessageBox:
    return tell(parent, title, text, QMessageBox.Icon.Warning)


async def get_text(parent, title: str, label: str, echo: QLineEdit.EchoMode = QLineEdit.EchoMode.Normal) -> str | None:
    """QInputDialog.getText without the nested loop: the text, or None when cancelled or empty."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextEchoMode(echo)
    try:
        accepted = await ask(dialog) == QDialog.DialogCode.Accepted
        return (dialog.textValue() or None) if accepted else None
    finally:
        dialog.deleteLater()


async def _file_dialog(dialog: QFileDialog) -> list[str]:
    try:
        return dialog.selectedFiles() if await ask(dialog) == QDialog.DialogCode.Accepted else []
    finally:
        dialog.deleteLater()


async def open_file_names(parent, caption: str, directory: str, name_filter: str) -> list[str]:
    """QFileDialog.getOpenFileNames, awaited."""
    dialog = QFileDialog(parent, caption, directory, name_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return await _file_dialog(dialog)


async def open_file_name(parent, caption: str, directory: str, name_filter: str) -> str:
    """QFileDialog.getOpenFileName, awaited: the path, or "" when cancelled."""
    dialog = QFileDialog(parent, caption, directory, name_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return next(iter(await _file_dialog(dialog)), "")


async def save_file_name(parent, caption: str, path: str, name_filter: str) -> str:
    """QFileDialog.getSaveFileName, awaited: the path, or "" when cancelled."""
    dialog = QFileDialog(parent, caption, path, name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    return next(iter(await _file_dialog(dialog)), "")


def choice(parent, title: str, text: str, buttons: list[tuple[str, QMessageBox.ButtonRole]]) -> QMessageBox:
    """A question with buttons of our own; after `await ask(box)`, `clicked(box)` says which
    (None when closed with Esc or the title bar)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    box._choices = [box.addButton(label, role) for label, role in buttons]
    return box


def clicked(box: QMessageBox) -> int | None:
    """Which of `choice()`'s buttons was clicked: its index, or None."""
    button = box.clickedButton()
    return next((i for i, b in enumerate(box._choices) if b is button), None)
