"""The demo project: a small project a first-time user can open to see Review and Export work,
with no API key and no network.

It is built from the bundled files in ``resources/demo/`` (listed in ``demo.json``) through the
project's REAL pipelines, so it always matches the current schema and sample shapes:

- the script ``雨夜茶馆.txt`` is imported as a document (:func:`~core.sources.documents.importer.import_document`:
  the stored text and its chunks), then made into character QA for one character
  (:func:`~core.flows.script.script_qa`, as ``script-qa``), whole-scene dialogues
  (:func:`~core.flows.script.script_dialogues`) and pre-training chunks (:func:`~core.flows.script.chunk_samples`);
- ``bilibili_comments.json`` holds one made-up video's comment section as the comment API answers it
  (reply objects of the root list and of the reply pages); it is stored as a crawled source the
  way the crawler stores its pages (:func:`~core.sources.bilibili.crawl.comment_item`, the source
  found again by its aid, the crawl state saved with the comments) — without any request — and
  the real dialogue builder (:func:`~core.sources.bilibili.dialogues.build_dialogues`) turns the
  reply chains into dialogues;
- ``group_chats.json`` is a chat export in the competition layout (one chat labelled with
  ``infos``), imported by the chat importer with the labels made into extraction samples (as
  ``import-chat``), then split into dialogues (:func:`~core.flows.chat_dialogues.chat_dialogues`);
- ``generated_qa.json`` holds a few question/answer pairs written to look like the LLM QA flow's
  output. They were NOT made by a model: their ``meta["made"]`` says so (flow ``demo``), and each
  points at the document chunk its answer rests on, so Review shows the evidence.

A few samples are then accepted (and one generated answer rejected, with the reason) as a
reviewer would, so Review's filters and an export of the accepted samples show something.

:func:`build_demo_project` writes a new project file (never over an existing one);
:func:`open_or_build_demo` gives the app its copy under the user data folder
(:func:`demo_project_path`), building it when missing or unreadable.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from core.errors import CorpusmithError, InputError, ProjectError
from core.messages import say
from core.paths import APP_NAME, resource_path

log = logging.getLogger("corpusmith.demo")

DEMO_FOLDER = "demo"  # under resources/, and under the user data folder
MANIFEST = "demo.json"
DEMO_FILE_NAME = "语料匠示例.corpus"
DEMO_META = "demo"  # project meta: {"version", "language", "built"} marks a demo project
DEMO_FLOW = "demo"  # meta["flow"] and meta["made"]["flow"] of the bundled "generated" samples
DEMO_VERSION = 1
ENV_CONFIG_DIR = "CORPUSMITH_CONFIG_DIR"  # as core.settings: set, everything per-user goes under it
_SIDECARS = ("-wal", "-shm", "-journal")  # SQLite's files beside a project file


@dataclass
class DemoSummary:
    """What :func:`build_demo_project` made."""

    path: Path
    total: int = 0  # samples
    by_kind: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)  # source name → samples
    by_flow: dict[str, int] = field(default_factory=dict)  # how samples were made: script_qa, bilibili, demo …
    sources: list[tuple[int, str, str]] = field(default_factory=list)  # (id, kind, name)
    raw_items: dict[str, int] = field(default_factory=dict)  # raw item kind → count
    character: str = ""  # whose lines the script QA answers with
    elapsed: float = 0.0  # seconds

    def lines(self) -> list[str]:
        out = [f"project: {self.path}", "sources:"]
        out += [f"  #{sid} {kind:<10} {name}" for sid, kind, name in self.sources]
        out.append("raw items: " + ", ".join(f"{n} {k}" for k, n in self.raw_items.items()))
        out.append(f"samples: {self.total}")
        for title, group in (("by status", self.by_status), ("by kind", self.by_kind),
                             ("by source", self.by_source), ("by flow", self.by_flow)):
            out.append(f"{title}:")
            out += [f"  {k:<20} {v}" for k, v in group.items()]
        out.append(f"time: {self.elapsed:.2f} s")
        return out


# ---- where the user's copy lives --------------------------------------------------------------
def demo_project_path() -> Path:
    """Where the app keeps the user's demo project: ``<user data folder>/demo/语料匠示例.corpus``,
    or ``$CORPUSMITH_CONFIG_DIR/demo/…`` when that variable is set (tests, portable setups)."""
    base = os.environ.get(ENV_CONFIG_DIR)
    folder = Path(base) if base else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return folder / DEMO_FOLDER / DEMO_FILE_NAME


def open_or_build_demo(path: str | os.PathLike | None = None, language: str = "zh") -> Path:
    """The demo project at `path` (default :func:`demo_project_path`): the existing one if it
    opens and reads, so a user's review work in it is kept; else built afresh. A file there that
    cannot be opened (damaged, not a project) is first moved aside as ``<name>.damaged-<time>``,
    never deleted. Raises ProjectError when the folder cannot be written."""
    p = Path(path) if path is not None else demo_project_path()
    p = p.expanduser().absolute()
    if p.exists() or p.is_symlink():
        if _readable(p):
            return p
        moved = _move_aside(p)
        log.warning("the demo project %s could not be opened; moved it to %s and built it again", p, moved)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ProjectError(say("demo.error.folder", folder=str(p.parent), error=str(e.strerror or e))) from e
    build_demo_project(p, language)
    return p


def _readable(p: Path) -> bool:
    """The project opens and every table reads (a damaged page fails here, not later in the app)."""
    from core.store import Store

    try:
        with Store(p) as store:
            store.stats()
            store.sources()
            for _ in store.raw_items():
                pass
        return True
    except (CorpusmithError, sqlite3.DatabaseError, ValueError) as e:
        text = str(e).lower()
        if "locked" in text or "busy" in text:  # in use, not damaged: never move it from under its user
            raise ProjectError(say("demo.error.busy", path=str(p))) from e
        log.info("demo project %s is not usable: %s", p, e)
        return False


def _move_aside(p: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = p.with_name(f"{p.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = p.with_name(f"{p.name}.damaged-{stamp}-{n}")
    try:
        os.replace(p, target)
        for suffix in _SIDECARS:  # a stale WAL must not meet the new file
            side = p.with_name(p.name + suffix)
            if side.exists():
                os.replace(side, target.with_name(target.name + suffix))
    except OSError as e:
        raise ProjectError(say("demo.error.cannot_move", path=str(p), error=str(e.strerror or e))) from e
    return target


# ---- building -----------------------------------------------------------------------------------
def _lang(language: str) -> str:
    code = (language or "").strip().lower()
    if code.startswith("zh"):
        return "zh"
    if code.startswith("en"):
        return "en"
    raise InputError(say("demo.error.language", language=language))


def _demo_files() -> tuple[Path, dict[str, Any]]:
    """The bundled folder and its manifest; a clear error when the installation lacks them."""
    folder = resource_path(DEMO_FOLDER)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        missing = [manifest[k] for k in ("script", "comments", "chats", "generated")
                   if not (folder / manifest[k]).is_file()]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise ProjectError(say("demo.error.files_damaged", folder=str(folder), error=str(e))) from e
    if missing:
        raise ProjectError(say("demo.error.files_missing", files=", ".join(missing), folder=str(folder)))
    return folder, manifest


def build_demo_project(path: str | os.PathLike, language: str = "zh") -> DemoSummary:
    """Build the demo project as a NEW file at `path` (see the module docstring) and return what
    it holds. `language` ("zh"/"zh_CN" or "en") is the language of the chat extraction
    instruction. Raises ProjectError when `path` exists (nothing is overwritten) or cannot be
    written. The file appears only once complete: it is built beside it and moved into place."""
    t0 = time.perf_counter()
    p = Path(path).expanduser().absolute()
    lang = _lang(language)
    if p.exists() or p.is_symlink():
        raise ProjectError(say("demo.error.exists", path=str(p)))
    if not p.parent.is_dir():
        raise ProjectError(say("demo.error.no_folder", path=str(p), folder=str(p.parent)))
    folder, manifest = _demo_files()
    tmp = p.with_name(f".{p.name}.building-{os.getpid()}")
    _remove(tmp)
    from core.store import Store

    try:
        with Store.create(tmp) as store:
            character = _fill(store, folder, manifest, lang)
            summary = summarize(store, p)
        if p.exists():  # made by someone else meanwhile: still never overwritten
            raise ProjectError(say("demo.error.exists_now", path=str(p)))
        os.replace(tmp, p)
    except BaseException:
        _remove(tmp)
        raise
    summary.character = character
    summary.elapsed = time.perf_counter() - t0
    return summary


def _remove(p: Path) -> None:
    for f in (p, *(p.with_name(p.name + s) for s in _SIDECARS)):
        try:
            f.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            log.warning("could not remove %s", f)


def _fill(store: Any, folder: Path, manifest: Mapping[str, Any], lang: str) -> str:
    """Every source and sample of the demo, into an empty project. Returns the QA character."""
    from core.flows.script import chunk_samples, script_dialogues, script_qa
    from core.sources.documents.importer import import_document

    doc = import_document(store, folder / manifest["script"])
    character = str(manifest.get("character") or "")
    qa = script_qa(store, doc.source_id, character)
    scenes = script_dialogues(store, doc.source_id)
    chunk_samples(store, doc.source_id)

    comments = _store_comments(store, _load(folder / manifest["comments"]))
    from core.sources.bilibili.dialogues import build_dialogues

    build_dialogues(store, comments)

    chats = _import_chats(store, folder / manifest["chats"], manifest.get("chat_assistants") or [], lang)
    _add_generated(store, doc.source_id, _load(folder / manifest["generated"]))
    _review(store, qa.sample_ids[:3] + scenes.sample_ids[:1], comments, chats)
    store.set_meta(DEMO_META, {"version": DEMO_VERSION, "language": lang, "built": time.time(),
                               "character": character})
    return character


def _load(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ProjectError(say("demo.error.file_unreadable", path=str(path), error=str(e))) from e


def _store_comments(store: Any, data: Mapping[str, Any]) -> int:
    """Store the comment section as the crawler stores what it fetches, without fetching: the
    root list's reply objects with the replies they preview, then the reply pages of the threads
    longer than their preview; the source and the finished crawl state as the crawler leaves
    them. Returns the source id."""
    from core.sources.bilibili.crawl import (
        ITEM_KIND,
        MODE_TIME,
        SOURCE_KIND,
        _new_state,
        comment_item,
        state_key,
        threads_key,
    )
    from core.sources.bilibili.ids import VideoRef

    video = data["video"]
    ref = VideoRef.from_aid(int(video["aid"]))
    items: list[tuple[str, str | None, dict]] = []
    threads: dict[str, int] = {}
    pages: dict[str, list] = data.get("threads") or {}
    for root in data["main"]:
        items.append(comment_item(root))
        preview = root.get("replies") or []
        items.extend(comment_item(r) for r in preview)
        rpid, rcount = str(root["rpid"]), int(root.get("rcount") or 0)
        if rcount > len(preview):
            items.extend(comment_item(r) for r in pages.get(rpid, []))
        if rcount:
            threads[rpid] = rcount
    keys = {k for k, _, _ in items}
    source_id = store.add_source(SOURCE_KIND, str(video.get("title") or ref.bvid), ref.url,
                                 {"aid": ref.aid, "bvid": ref.bvid})
    state = _new_state(ref.aid)
    state.update({"mode": MODE_TIME, "main": {"offset": "", "done": True, "pages": 1}, "all_count": len(keys),
                  "thread_chunks": 1, "complete": True, "updated": time.time()})
    store.add_raw_items_with_meta(source_id, ITEM_KIND, items,
                                  {state_key(source_id): state, threads_key(source_id, 0): threads})
    return source_id


def _import_chats(store: Any, path: Path, assistants: list[str], lang: str) -> int:
    """Import the chat export (labelled chats become extraction samples) and split its chats into
    dialogues with the staff as the assistant. Returns the source id."""
    from core.flows.chat_dialogues import chat_dialogues
    from core.flows.extract import label_samples
    from core.sources.chats.importer import import_chat_file
    from core.sources.chats.sessions import DialogueOptions

    result = import_chat_file(store, path, format="competition", make_samples=label_samples(store, lang))
    chat_dialogues(store, result.source_id, DialogueOptions(assistants=frozenset(assistants)))
    return result.source_id


def _add_generated(store: Any, source_id: int, data: Mapping[str, Any]) -> list[int]:
    """The bundled "generated" QA pairs as samples of the script's source, each pointing at the
    chunk its evidence is in, with provenance saying no model made them."""
    from core.model import Sample

    chunks = [(c["key"], c["data"].get("text", "")) for c in store.raw_items(source_id, "chunk")]
    made = {"flow": DEMO_FLOW, "from": "bundled demo text (resources/demo), no model was called",
            "params": {"imitates": "qa"}}
    samples = []
    for row in data["samples"]:
        evidence = str(row.get("evidence") or "")
        chunk = next((k for k, text in chunks if evidence and evidence in text), chunks[0][0] if chunks else None)
        status = str(row.get("status") or "pending")
        samples.append(Sample.qa(str(row["question"]), str(row["answer"]), kind="sft", source_id=source_id,
                                 status=status, reason=str(row.get("reason") or "") if status == "rejected" else "",
                                 meta={"flow": DEMO_FLOW, "demo": True, "chunk": chunk, "made": dict(made)}))
    return store.add_samples(samples)


def _review(store: Any, script_ids: list[int], comments_source: int, chat_source: int) -> None:
    """Accept a few samples of each pipeline, as a reviewer would, so that exporting the accepted
    samples (the default) gives a file with every conversation kind in it. (The bundled generated
    samples come with their own statuses.)"""
    from core.store import SampleFilter

    accept = list(script_ids)
    dialogues = list(store.iter_samples(SampleFilter(source_id=comments_source, kind="dialogue")))
    if dialogues:  # the longest reply chain
        accept.append(max(dialogues, key=lambda s: (len(s.turns), -int(s.id))).id)
    chat = list(store.iter_samples(SampleFilter(source_id=chat_source)))
    accept += [s.id for s in chat if s.meta.get("labelled") and s.status == "pending"]
    accept += [s.id for s in chat if s.kind == "dialogue"][:1]
    store.set_status(accept, "accepted")


def summarize(store: Any, path: Path | None = None) -> DemoSummary:
    """The counts of a (demo) project: samples by kind, status, source and flow; raw items by kind."""
    stats = store.stats()
    flows: Counter[str] = Counter()
    for s in store.iter_samples():
        meta = s.meta or {}
        flows[str(meta.get("gen") or meta.get("flow") or "")] += 1
    raw: Counter[str] = Counter()
    for kind in ("document", "chunk", "comment", "chat", "message"):
        n = store.count_raw_items(kind=kind)
        if n:
            raw[kind] = n
    return DemoSummary(
        path=Path(path) if path is not None else store.path, total=stats["total"],
        by_kind=dict(stats["by_kind"]), by_status=dict(stats["by_status"]), by_source=dict(stats["by_source"]),
        by_flow=dict(sorted(flows.items())), sources=[(s["id"], s["kind"], s["name"]) for s in store.sources()],
        raw_items=dict(raw),
    )
