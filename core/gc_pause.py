"""Pausing the cyclic garbage collector while a reader builds many objects at once.

Building a big export or a million-comment dialogue set triggers many full collections, each
walking every live object, which makes the work two to three times slower; those builders make
no reference cycles, so nothing waits for the collector. The collector is process-wide, so the
pause is counted: several threads may pause at once, and the collector comes back on only when
the last pause ends, and only if it was on before the first. The window keeps automatic
collection off for good and collects on its own (GUI) thread — a collection in a worker thread
could delete Qt objects there — so in the window a pause changes nothing at all."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_turn_back_on = False


@contextmanager
def paused_gc() -> Iterator[None]:
    global _depth, _turn_back_on
    with _lock:
        if _depth == 0:
            _turn_back_on = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _turn_back_on and not _collector_owned:
                gc.enable()


_collector_owned = False


def own_collector(owned: bool = True) -> None:
    """The app takes over collection (automatic collection off; it collects on its main thread),
    or hands it back. While owned, no pause ever turns the automatic collector on."""
    global _collector_owned, _turn_back_on
    with _lock:
        _collector_owned = owned
        if owned:
            _turn_back_on = False
            gc.disable()
        elif _depth == 0:
            gc.enable()
        else:
            _turn_back_on = True  # the last pause to end turns it back on
