"""Background work the window started, in one registry, and garbage collection on the GUI thread.

Every task the window starts — an @asyncSlot handler (ui/qt.py registers those here), a drop, the
demo build, a reparse — is registered with a name the user understands. Closing or switching the
project and quitting ask the registry first: nothing may run on a store that is being closed.
Thread work (`asyncio.to_thread`) is counted too, through the loop's default executor: a
cancelled task stops waiting for its thread, but the thread runs on, still writing to the project.
Every task's exception is logged with the task's name and reaches the user as one short message
(sys.excepthook, ui/app.py); a cancelled task is not an error.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
import sys
import threading
import weakref
from collections.abc import Awaitable, Callable, Coroutine

from core import gc_pause
from ui.qt import QCoreApplication, QObject, QTimer, Signal, qasync

log = logging.getLogger("corpusmith.ui")


def task_names() -> dict[str, str]:
    """What a handler does, by its function name, in the words shown in "… is running"."""
    imports = QCoreApplication.translate("Background", "导入")
    generation = QCoreApplication.translate("Background", "生成")
    dialogues = QCoreApplication.translate("Background", "对话生成")
    quality = QCoreApplication.translate("Background", "质量检查")
    return {
        "on_add_clicked": imports, "on_import_clicked": imports, "import_dropped": imports,
        "on_format_changed": QCoreApplication.translate("Background", "读取聊天记录"),
        "on_start_clicked": QCoreApplication.translate("Background", "抓取"),
        "on_dialogues_clicked": dialogues, "on_make_clicked": dialogues,
        "on_qa_clicked": generation, "on_chunks_clicked": generation,
        "on_run_clicked": generation, "on_retry_clicked": generation,
        "on_export": QCoreApplication.translate("Background", "导出"),
        "on_scan_clicked": quality, "on_apply_rules_clicked": quality, "on_find_clicked": quality,
        "on_keep_clicked": quality,
        "on_test_set_clicked": QCoreApplication.translate("Background", "写测试集"),
        "on_predict_clicked": QCoreApplication.translate("Background", "预测"),
        "on_score_clicked": QCoreApplication.translate("Background", "评分"),
        "on_preview_masking_clicked": QCoreApplication.translate("Background", "脱敏预览"),
        "on_test": QCoreApplication.translate("Background", "连接测试"),
        "reparse": QCoreApplication.translate("Background", "解析剧本"),
        "open_demo": QCoreApplication.translate("Background", "准备示例项目"),
        "chat_job": QCoreApplication.translate("Background", "群聊任务"),
        "on_chunk_edit_clicked": QCoreApplication.translate("Background", "修改分段"),
        "load_chunks": QCoreApplication.translate("Background", "读取文本段"),
    }


# Previews that only show something: closing the project just cancels them, without asking.
QUIET = frozenset({"reparse", "on_preview_masking_clicked", "on_test", "on_format_changed", "load_chunks"})


def task_name(key: str) -> str:
    return task_names().get(key) or QCoreApplication.translate("Background", "后台任务")


class CountingExecutor:
    """The loop's default executor (what asyncio.to_thread uses: qasync's QThreadExecutor, as
    before), counting unfinished work."""

    def __init__(self, inner=None) -> None:
        self._inner = inner if inner is not None else qasync.QThreadExecutor()
        self._count_lock = threading.Lock()
        self._unfinished = 0

    def submit(self, fn, /, *args, **kwargs):
        with self._count_lock:
            self._unfinished += 1
        try:
            future = self._inner.submit(fn, *args, **kwargs)
        except BaseException:
            self._finished(None)
            raise
        future.add_done_callback(self._finished)
        return future

    def _finished(self, _future) -> None:
        with self._count_lock:
            self._unfinished -= 1

    def unfinished(self) -> int:
        with self._count_lock:
            return self._unfinished

    def shutdown(self, wait: bool = True, **kwargs) -> None:
        self._inner.shutdown(wait)


_executors: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def counting_executor(loop: asyncio.AbstractEventLoop) -> CountingExecutor:
    """The loop's counting default executor, installed on first use."""
    executor = _executors.get(loop)
    if executor is None:
        # wrap the loop's own default executor if it already made one (qasync keeps it in a
        # private attribute): replaced, it would never be shut down, its threads left running
        current = getattr(loop, "_QEventLoop__default_executor", None) or getattr(loop, "_default_executor", None)
        executor = _executors[loop] = CountingExecutor(current)
        loop.set_default_executor(executor)
    return executor


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def report_failure(task: asyncio.Task, name: str) -> None:
    """Done-callback: a failed task is logged under its name and shown once, briefly (never a
    traceback) by sys.excepthook; a cancelled one is not an error."""
    if task.cancelled() or task.exception() is None:
        return
    exc = task.exception()
    log.error("background task %r failed: %s: %s", name, type(exc).__name__, exc)
    try:
        exc.corpusmith_task = name  # the message names the work that failed
    except AttributeError:
        pass
    sys.excepthook(type(exc), exc, exc.__traceback__)


class Background(QObject):
    """The window's registry of running work."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._tasks: dict[asyncio.Task, str] = {}
        self._quiet: set[asyncio.Task] = set()
        self._probes: list[tuple[Callable[[], bool], str]] = []
        self._stoppers: list[Callable[[], Awaitable[None]]] = []

    # ---- registering --------------------------------------------------------------------
    def start(self, coro: Coroutine, name: str, quiet: bool = False) -> asyncio.Task | None:
        """Run `coro` as a registered task whose failure reaches the log and the user. Without
        an event loop the coroutine is closed, not left "never awaited"."""
        try:
            task = asyncio.ensure_future(coro)
        except RuntimeError:  # no loop, or a closed one (a widget outliving its test)
            coro.close()
            return None
        task.add_done_callback(functools.partial(report_failure, name=name))
        return self.adopt(task, name, quiet)

    def adopt(self, task: asyncio.Task, name: str, quiet: bool = False) -> asyncio.Task:
        """Register a task started elsewhere (an @asyncSlot's, which qasync already reports).
        A `quiet` one (a preview) is cancelled without asking when the project closes."""
        counting_executor(task.get_loop())
        self._tasks[task] = name
        if quiet:
            self._quiet.add(task)
        task.add_done_callback(self._forget)
        self.changed.emit()
        return task

    def _forget(self, task: asyncio.Task) -> None:
        self._quiet.discard(task)
        if self._tasks.pop(task, None) is not None:
            self.changed.emit()

    def watch(self, running: Callable[[], bool], name: str,
              stop: Callable[[], Awaitable[None]] | None = None) -> None:
        """Work that a page runs however it was started (a generation, a crawl, a chat job):
        `running()` says whether it runs; `stop()` cancels it the gentle way (what has been
        paid for is kept) and returns once it has let go of the project."""
        self._probes.append((running, name))
        if stop is not None:
            self._stoppers.append(stop)

    # ---- asking -------------------------------------------------------------------------
    def _live(self, quiet: bool = True) -> list[tuple[asyncio.Task, str]]:
        current = asyncio.current_task() if _running_loop() else None
        return [(t, n) for t, n in self._tasks.items()
                if not t.done() and t is not current and not t.get_loop().is_closed()
                and (quiet or t not in self._quiet)]

    def _threads(self) -> int:
        loop = _running_loop()
        executor = _executors.get(loop) if loop is not None else None
        return executor.unfinished() if executor is not None else 0

    def names(self) -> list[str]:
        """What runs, each name once, in the order it started."""
        names = [n for _t, n in self._live(quiet=False)] + [n for running, n in self._probes if running()]
        return list(dict.fromkeys(names))

    def busy(self) -> bool:
        return bool(self.names())

    # ---- waiting, cancelling ----------------------------------------------------------------
    async def wait(self) -> None:
        """Until every registered task, page job and thread has finished (the caller excepted)."""
        while True:
            live = [t for t, _n in self._live()]
            if live:
                await asyncio.wait(live)
            elif any(running() for running, _n in self._probes) or self._threads():
                await asyncio.sleep(0.05)
            else:
                return

    async def cancel(self) -> None:
        """Stop everything: page jobs the gentle way first, then the other tasks; then wait
        until all of it, and the threads it started, has stopped."""
        await asyncio.gather(*(stop() for stop in self._stoppers), return_exceptions=True)
        for task, _n in self._live():
            task.cancel()
        await self.wait()

    def cancel_quiet(self) -> None:
        """Cancel the previews and forget them now: nobody waits for one, and a window closed
        meanwhile may be deleted before a cancelled task finishes; its done-callback would then
        emit on a deleted registry, and the logged error would keep the window's pages alive.
        Their threads are still counted (see wait)."""
        quiet, self._quiet = self._quiet, set()
        for task in quiet:
            task.remove_done_callback(self._forget)
            task.cancel()
            self._tasks.pop(task, None)
        if quiet:
            self.changed.emit()


def find_background(widget) -> Background | None:
    """The registry of the window `widget` sits in (a page, a tab, a dialog of a page)."""
    w = widget
    while w is not None:
        registry = getattr(w, "background", None)
        if isinstance(registry, Background):
            return registry
        parent = getattr(w, "parentWidget", None)
        w = parent() if callable(parent) else None
    return None


def start_in_background(widget, coro: Coroutine, key: str) -> asyncio.Task | None:
    """Start `coro` in the registry of `widget`'s window (or, outside a window, as a reported
    task of its own); `key` names it (see task_names)."""
    registry = find_background(widget)
    if registry is not None:
        return registry.start(coro, task_name(key), quiet=key in QUIET)
    if _running_loop() is None:
        coro.close()  # nothing would ever run it
        return None
    task = asyncio.ensure_future(coro)
    task.add_done_callback(functools.partial(report_failure, name=task_name(key)))
    _orphans.add(task)  # a strong reference until it is done
    task.add_done_callback(_orphans.discard)
    return task


_orphans: set[asyncio.Task] = set()


def registered_slot(qasync_decorator: Callable) -> Callable:
    """Wrap qasync's asyncSlot decorator: the slot's task joins its window's registry."""

    def decorate(fn):
        slot = qasync_decorator(fn)

        @functools.wraps(slot)
        def wrapper(*args, **kwargs):
            task = slot(*args, **kwargs)
            registry = find_background(args[0]) if args else None
            if registry is not None and task is not None:
                registry.adopt(task, task_name(fn.__name__), quiet=fn.__name__ in QUIET)
            return task

        return wrapper

    return decorate


class MainThreadCollector(QObject):
    """The cyclic garbage collector, run on the GUI thread only.

    A Qt object caught in a reference cycle (a widget whose signal holds a bound method of its
    owner) is deleted by whichever thread happens to run the collector; in a worker thread that
    crashes the app. So automatic collection is switched off and this timer runs it instead,
    following the collector's own thresholds (a young collection often costs nothing), plus a
    full collection when a project has been closed."""

    def __init__(self, parent=None, interval_ms: int = 1000):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.tick)
        self.collections = 0

    def start(self) -> None:
        gc_pause.own_collector(True)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        gc_pause.own_collector(False)

    def tick(self) -> None:
        counts, thresholds = gc.get_count(), gc.get_threshold()
        due = [g for g in range(3) if thresholds[g] and counts[g] >= thresholds[g]]
        if due:
            gc.collect(max(due))
            self.collections += 1

    def collect_all(self) -> None:
        gc.collect()
        self.collections += 1

    def collect_soon(self) -> None:
        """A full collection once the current event is done (after a project closes)."""
        QTimer.singleShot(0, self, self.collect_all)


_collector: MainThreadCollector | None = None


def install_collector(parent=None, interval_ms: int = 1000) -> MainThreadCollector:
    global _collector
    if _collector is None:
        _collector = MainThreadCollector(parent, interval_ms)
        _collector.start()
    return _collector


def uninstall_collector() -> None:
    global _collector
    if _collector is not None:
        _collector.stop()
        _collector.deleteLater()
        _collector = None


def collect_soon() -> None:
    """After a project closes: collect on the GUI thread, when the app owns the collector."""
    if _collector is not None:
        _collector.collect_soon()
