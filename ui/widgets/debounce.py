"""Wait until the user stops typing or clicking before doing something costly."""

from __future__ import annotations

from collections.abc import Callable

from ui.qt import QObject, QTimer


def debouncer(parent: QObject, ms: int, slot: Callable[[], None]) -> QTimer:
    """A single-shot timer: call its start() on every change; `slot` runs once, `ms` after the last."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer
