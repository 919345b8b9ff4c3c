"""Store a chat export in the project: one source per file, in one transaction.

Layout of what is stored (the flows read it back with :func:`load_chats`):

- a source of kind ``"chat"`` (name = file name, origin = file name (core/sources/origin.py), settings
  ``{"format", "encoding", "chats", "messages", "labelled", "clean": {...}, "removed": {...}}``);
- one raw item of kind ``"chat"`` per chat (key = the chat's key) with ``{"title", "index", "n"}``
  and, for competition records, ``"text"`` (the original chat_text) and ``"labels"`` (its infos);
- one raw item of kind ``"message"`` per message (key ``f"{chat}/{message}"``, parent_key = the
  chat's key) with :meth:`ChatMessage.to_data`.

A file is read and cleaned first (nothing stored), then everything — source, chats, messages
and the samples ``make_samples`` builds from labelled chats — goes in with one transaction, so
a crash or a killed process never leaves half a file in the project.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import CorpusmithError
from core.messages import Message, render, say
from core.sources.chats.clean import CleanOptions, clean_chats
from core.sources.chats.labels import has_labels, label_notes, take_empty_labels_as_answers
from core.sources.chats.model import Chat, ChatFile, ChatMessage
from core.sources.origin import file_origin

if TYPE_CHECKING:
    from core.model import Sample
    from core.store import Store

log = logging.getLogger("corpusmith.chats")

SOURCE_KIND = "chat"
MakeSamples = Callable[[int, ChatFile], Iterable["Sample"]]


@dataclass
class ChatImportResult:
    source_id: int
    path: str
    name: str
    format: str
    encoding: str
    chats: int
    messages: int
    labelled: int  # chats that came with labels (competition infos)
    samples: int  # samples made at once from the labels
    problems: list[Message] = field(default_factory=list)  # records/lines not imported, with why
    notes: list[Message | str] = field(default_factory=list)  # messages or plain text: show with render()
    removed: dict[str, int] = field(default_factory=dict)  # clean-up counts
    empty_labelled: int = 0  # chats whose labels are empty ([] …), read as unlabelled
    empty_answers: int = 0  # chats whose empty labels the user took as the answer "no customer"
    test_file: bool = False  # a labelled layout with no chat labelled: for the test set / predictions

    ok = True

    def summary(self, lang: str | None = None) -> str:
        parts = [say("chats.import.done", path=self.path or self.name, format=self.format, encoding=self.encoding,
                     chats=self.chats, messages=self.messages, source=self.source_id)]
        if self.labelled:
            parts.append(say("chats.import.labelled", labelled=self.labelled, samples=self.samples))
        if self.problems:
            parts.append(say("chats.import.skipped", n=len(self.problems)))
        return "".join(m.render(lang) for m in parts)


@dataclass
class ChatImportFailure:
    path: str
    name: str
    message: Message | str  # why, in the reader's language when shown (render)

    ok = False

    def summary(self, lang: str | None = None) -> str:
        return say("chats.import.failed", message=self.message).render(lang)

    def reason(self, lang: str | None = None) -> str:
        return render(self.message, lang)


def read_chats(path: str | os.PathLike, format: str = "auto") -> ChatFile:
    """Read and parse a chat export (nothing stored): for the preview and for import."""
    from core.sources.chats.detect import read_chat_file

    return read_chat_file(path, format)


def _chat_items(chat: Chat) -> tuple[str, None, dict[str, Any]]:
    data: dict[str, Any] = {"title": chat.title, "index": chat.index, "n": len(chat.messages)}
    if chat.text is not None:
        data["text"] = chat.text
    if chat.labels is not None:
        data["labels"] = chat.labels
        if not chat.labels:  # [] stored as a label only on the user's word (see labels.py)
            data["empty_answer"] = True
    if chat.empty_labels:
        data["empty_labels"] = True
    return chat.key, None, data


def _message_items(chats: list[Chat]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for chat in chats:
        for m in chat.messages:
            yield f"{chat.key}/{m.key}", chat.key, m.to_data()


def store_chats(store: Store, path: str | os.PathLike, chat_file: ChatFile, *,
                clean: CleanOptions | None = None, make_samples: MakeSamples | None = None,
                empty_labels_are_answers: bool = False) -> ChatImportResult:
    """Clean `chat_file` in place (with `clean`, default options) and store it; see the module
    docstring. Chats whose labels are empty stay unlabelled unless `empty_labels_are_answers`
    (the user's explicit word that "no customer" is their answer)."""
    p = Path(path)
    empty_answers = take_empty_labels_as_answers(chat_file.chats) if empty_labels_are_answers else 0
    clean = clean or CleanOptions()
    removed = clean_chats(chat_file.chats, clean)
    for c in chat_file.chats:
        if not c.messages:  # kept (its index counts for a submission), but said
            chat_file.notes.append(say("chats.import.no_message_left", index=c.index, title=c.title))
    prepare = getattr(make_samples, "prepare", None)
    if prepare is not None:
        prepare(chat_file)
    labelled = chat_file.labelled
    settings = {"format": chat_file.format, "encoding": chat_file.encoding, "chats": len(chat_file.chats),
                "messages": chat_file.n_messages, "labelled": labelled, "clean": vars(clean).copy(),
                "removed": removed, "problems": len(chat_file.problems),
                "empty_labelled": chat_file.empty_labelled, "empty_answers": empty_answers}
    groups = [("chat", [_chat_items(c) for c in chat_file.chats]),
              ("message", _message_items(chat_file.chats))]
    build = (lambda sid: make_samples(sid, chat_file)) if make_samples is not None else None
    source_id, sample_ids = store.add_source_with_items(SOURCE_KIND, p.name, file_origin(store, p), settings,
                                                        groups, build)
    notes = [*label_notes(chat_file, empty_answers), *chat_file.notes]
    return ChatImportResult(source_id=source_id, path=str(path), name=p.name, format=chat_file.format,
                            encoding=chat_file.encoding, chats=len(chat_file.chats),
                            messages=chat_file.n_messages, labelled=labelled, samples=len(sample_ids),
                            problems=list(chat_file.problems), notes=notes, removed=removed,
                            empty_labelled=chat_file.empty_labelled, empty_answers=empty_answers,
                            test_file=chat_file.is_test_file)


def import_chat_file(store: Store, path: str | os.PathLike, *, format: str = "auto",
                     clean: CleanOptions | None = None, make_samples: MakeSamples | None = None,
                     empty_labels_are_answers: bool = False) -> ChatImportResult:
    """Read, clean and store one chat export. Raises InputError (naming the file) when the file
    cannot be read or holds no chat; records that cannot be read are listed in ``problems``."""
    return store_chats(store, path, read_chats(path, format), clean=clean, make_samples=make_samples,
                       empty_labels_are_answers=empty_labels_are_answers)


def import_chat_files(store: Store, paths: Iterable[str | os.PathLike], *, format: str = "auto",
                      clean: CleanOptions | None = None, make_samples: MakeSamples | None = None,
                      on_result: Callable[[ChatImportResult | ChatImportFailure], None] | None = None,
                      empty_labels_are_answers: bool = False) -> list[ChatImportResult | ChatImportFailure]:
    """:func:`import_chat_file` for each path; one bad file never stops the others."""
    out: list[ChatImportResult | ChatImportFailure] = []
    for path in paths:
        p = Path(path)
        result: ChatImportResult | ChatImportFailure
        try:
            result = import_chat_file(store, p, format=format, clean=clean, make_samples=make_samples,
                                      empty_labels_are_answers=empty_labels_are_answers)
        except CorpusmithError as e:
            result = ChatImportFailure(str(p), p.name, e.args[0] if e.args else str(e))
        except MemoryError:
            result = ChatImportFailure(str(p), p.name, say("chats.import.too_large", name=p.name))
        except Exception as e:  # an odd file must not stop the batch; the log has the traceback
            log.exception("importing chat export %s failed", p)
            result = ChatImportFailure(str(p), p.name, say("chats.import.unreadable", name=p.name,
                                                           error=f"{type(e).__name__}: {e}"))
        out.append(result)
        if on_result is not None:
            on_result(result)
    return out


# ---- reading back ------------------------------------------------------------------------------
@dataclass
class StoredChat:
    source_id: int
    key: str
    title: str
    index: int
    n: int
    labels: list[dict[str, Any]] | None = None  # None: unlabelled (see labels.py)
    text: str | None = None
    empty_labels: bool = False  # its labels are empty: unlabelled (or "no customer", when taken so)


def _stored_labels(d: dict[str, Any]) -> tuple[Any, bool]:
    """(labels or None, whether the record's labels were empty). Projects imported before empty
    labels were told apart hold [] as labels: read that as unlabelled too."""
    labels = d.get("labels")
    if d.get("empty_answer"):
        return labels if labels is not None else [], True
    if has_labels(labels):
        return labels, False
    return None, bool(d.get("empty_labels")) or isinstance(labels, list)


def sender_counts_of(store: Store, source_ids: list[int], limit: int = 300) -> list[tuple[str, int]]:
    """(sender, messages) over the given chat sources, most active first (counted in SQL)."""
    totals: dict[str, int] = {}
    for sid in source_ids:
        for sender, n in store.raw_value_counts(sid, "message", "sender", limit * 4):
            if sender:
                totals[sender] = totals.get(sender, 0) + n
    return sorted(totals.items(), key=lambda kv: -kv[1])[:limit]


def chat_sources(store: Store, source_id: int | None = None) -> list[dict[str, Any]]:
    """The project's chat sources (or the one asked for, if it is a chat source)."""
    return [s for s in store.sources()
            if s["kind"] == SOURCE_KIND and (source_id is None or s["id"] == source_id)]


def stored_chats(store: Store, source_id: int | None = None) -> list[StoredChat]:
    """The chats of one chat source, or of all, in import order (without their messages)."""
    out: list[StoredChat] = []
    for src in chat_sources(store, source_id):
        for item in store.raw_items(src["id"], "chat"):
            d = item["data"]
            labels, empty = _stored_labels(d)
            out.append(StoredChat(src["id"], item["key"], d.get("title", ""), int(d.get("index") or 0),
                                  int(d.get("n") or 0), labels, d.get("text"), empty))
    return out


def chat_messages(store: Store, source_id: int, chat_key: str | None = None, *,
                  limit: int | None = None) -> dict[str, list[ChatMessage]]:
    """Messages by chat key (all chats of the source, or one — at most `limit` of it), in stored
    order."""
    out: dict[str, list[ChatMessage]] = {}
    items = (store.raw_items(source_id, "message") if chat_key is None
             else store.raw_items_under(source_id, "message", f"{chat_key}/", parent=chat_key, limit=limit))
    for item in items:
        parent = item["parent_key"]
        # the key is f"{chat}/{message}": cut at the chat's length (a chat key may hold "/" itself)
        out.setdefault(parent, []).append(ChatMessage.from_data(item["key"][len(parent) + 1:], item["data"]))
    return out
