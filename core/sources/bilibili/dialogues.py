"""Stored Bilibili comments → ``dialogue`` samples.

Each comment tree (built from the parent links; a reply whose parent is missing hangs under its
root) gives one dialogue per root-to-leaf path (:mod:`core.text.dialogues`). Each comment is
cleaned (:func:`clean_comment`): the ``回复 @name :`` prefix (or ``：``) is stripped; emote tokens
such as ``[doge]`` are kept, stripped or mapped; a comment left empty, or holding only emotes
and punctuation, is dropped as a turn. Then consecutive turns of one speaker merge, dialogues
shorter than ``min_turns`` are dropped, longer than ``max_turns`` keep their last ``max_turns``
turns, exact duplicates are dropped (across all the videos of one build), and the speakers become 用户A, 用户B, … per dialogue
(unless ``keep_names``).

Roles are decided here, not at export: every dialogue starts with the user and ends with the
assistant, alternating, so every export format carries it. A chain with an odd number of turns
is fitted by ``odd_chain`` (:func:`core.text.dialogues.fit_chain`): by default its first comment
(the one the others answer) becomes context in the sample's system prompt (``上文：\n用户A：…``),
so every comment of the chain reaches the file; ``drop_first`` / ``drop_last`` leave that comment
out instead. ``min_turns`` counts the chain's turns (after cleaning and merging).

Samples: kind ``dialogue``, pending, ``source_id`` of the video, meta
``{"flow": "bilibili", "path": [rpids root → leaf], "video": bvid}`` (``"truncated": true`` when cut).

Building again for a source REPLACES its dialogue samples of this flow that nobody touched (so new
options or newly crawled comments take effect, and nothing is duplicated), in ONE transaction with
writing the new ones (:meth:`core.store.Store.replace_untouched`): a failure half-way leaves the
earlier build as it was. Samples the user edited, accepted or rejected are never replaced or
deleted: their paths are not built again, a new dialogue equal to one of them is dropped as a
duplicate, and the report says how many were kept.
"""

from __future__ import annotations

import functools
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from core.errors import InputError
from core.flows.rebuild import rebuild_lines
from core.gc_pause import paused_gc
from core.messages import Message, say
from core.model import Sample, Turn
from core.store import ReplaceReport, SampleFilter
from core.text.dialogues import (
    ODD_CHAIN_MODES,
    anonymous_names,
    build_forest,
    context_text,
    dialogue_roles,
    fit_chain,
    has_content,
    iter_dialogues,
)

FLOW = "bilibili"
SOURCE_KIND = "bilibili"
ITEM_KIND = "comment"
EMOTE_MODES = ("keep", "strip", "map")
WRITE_BATCH = 5000

REPLY_PREFIX = re.compile(r"^\s*回复\s*@[^:：\n]{1,40}?\s*[:：]\s*")
# An emote token when the comment did not list its emotes: [名称], not [1] or [ ].
EMOTE_TOKEN = re.compile(r"\[(?!\d+\])[\w\u4e00-\u9fff·・\-]{1,24}\]")

DEFAULT_EMOTE_MAP = {
    "[doge]": "🐶", "[笑哭]": "😂", "[捂脸]": "🤦", "[OK]": "👌", "[赞]": "👍", "[点赞]": "👍",
    "[妙啊]": "👍", "[支持]": "👍", "[吃瓜]": "🍉", "[大哭]": "😭", "[哭泣]": "😭", "[微笑]": "🙂",
    "[喜欢]": "😍", "[星星眼]": "🤩", "[偷笑]": "🤭", "[呲牙]": "😁", "[害羞]": "😊", "[疑惑]": "🤔",
    "[思考]": "🤔", "[生气]": "😠", "[无语]": "😑", "[惊讶]": "😮", "[酸了]": "🍋", "[抱拳]": "🙏",
    "[脱单doge]": "🐶", "[辣眼睛]": "🙈", "[打call]": "📣", "[歪嘴]": "😏", "[笑]": "😄", "[哦呼]": "😮",
}


@dataclass
class DialogueOptions:
    min_turns: int = 3  # after cleaning and merging
    max_turns: int = 20  # 0 = no limit; a longer dialogue keeps its LAST max_turns turns
    emotes: str = "strip"  # "keep" | "strip" | "map" (mapped by emote_map; the others stripped)
    emote_map: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_EMOTE_MAP))
    strip_reply_prefix: bool = True  # 回复 @name : / 回复 @name：
    drop_empty_turns: bool = True  # also turns of only emotes/punctuation (empty ones always go)
    merge_same_speaker: bool = True  # consecutive turns of one speaker become one
    dedupe: bool = True  # exact-duplicate dialogues (same texts in the same order) are dropped
    keep_names: bool = False  # else 用户A, 用户B, … per dialogue
    name_prefix: str = "用户"
    # a chain with an odd number of turns: "context" (its first comment goes to the system prompt
    # as context), "drop_first" or "drop_last" — see core.text.dialogues.ODD_CHAIN_MODES
    odd_chain: str = "context"

    def check(self) -> None:
        if self.min_turns < 2:  # one comment alone answers nothing: no format can train on it
            raise InputError(say("dialogues.min_turns_two", n=self.min_turns))
        if self.odd_chain not in ODD_CHAIN_MODES:
            raise InputError(say("dialogues.odd_chain_unknown", choices=", ".join(ODD_CHAIN_MODES),
                                 value=self.odd_chain))
        if self.max_turns < 0 or (self.max_turns and self.max_turns < self.min_turns):
            raise InputError(say("crawl.dialogues.max_turns_range", max=self.max_turns, min=self.min_turns))
        if self.emotes not in EMOTE_MODES:
            raise InputError(say("crawl.dialogues.emotes_unknown", choices=", ".join(EMOTE_MODES), value=self.emotes))


@dataclass
class DialogueReport:
    sources: int = 0
    comments: int = 0
    paths: int = 0  # root-to-leaf paths
    kept: int = 0  # new samples written
    too_short: int = 0  # fewer than min_turns turns (after cleaning and merging)
    duplicate: int = 0
    empty: int = 0  # no turn left after cleaning
    already_reviewed: int = 0  # paths of accepted/rejected samples: left as they are
    replaced: int = 0  # untouched samples of an earlier build removed
    rebuild: ReplaceReport = field(default_factory=ReplaceReport)  # incl. the user's samples kept
    truncated: int = 0  # longer than max_turns: kept their last max_turns turns
    empty_turns: int = 0  # comments dropped as turns (empty, or only emotes/punctuation)
    reattached: int = 0  # replies whose parent is missing (deleted), hung under their root
    odd_chains: int = 0  # kept dialogues fitted by DialogueOptions.odd_chain
    odd_chain: str = "context"  # how they were fitted
    elapsed: float = 0.0

    @property
    def dropped(self) -> dict[str, int]:
        return {"too short": self.too_short, "duplicate": self.duplicate, "empty": self.empty}

    def messages(self) -> list[Message]:
        """The report, line by line, as messages."""
        return [
            say("crawl.dialogues.sources", n=self.sources),
            say("crawl.dialogues.comments", n=self.comments),
            say("crawl.dialogues.paths", n=self.paths),
            say("crawl.dialogues.kept", n=self.kept),
            say("crawl.dialogues.dropped", short=self.too_short, duplicate=self.duplicate, empty=self.empty),
            say("crawl.dialogues.truncated", n=self.truncated),
            say("crawl.dialogues.reviewed", n=self.already_reviewed),
            say("crawl.dialogues.replaced", n=self.replaced),
            say("crawl.dialogues.empty_turns", n=self.empty_turns),
            say("crawl.dialogues.reattached", n=self.reattached),
        ] + self.role_messages() + [m for m in rebuild_lines(self.rebuild) if m.code != "rebuild.replaced"]

    def lines(self, lang: str | None = None) -> list[str]:
        """The report in `lang` (default: the current language)."""
        return [m.render(lang) for m in self.messages()]

    def role_messages(self) -> list[Message]:
        """How odd chains were fitted to user/assistant roles (nothing when none was odd)."""
        if not self.odd_chains:
            return []
        return [say(f"dialogues.odd_{self.odd_chain}", n=self.odd_chains)]


# ---- cleaning -----------------------------------------------------------------------------------
def _normalize_space(t: str) -> str:
    if "\n" in t or "\r" in t:
        return "\n".join(" ".join(line.split()) for line in t.splitlines() if line.strip())
    return " ".join(t.split())


def clean_comment(text: str, opts: DialogueOptions, emotes: list[str] | None = None) -> str | None:
    """The comment's text as a turn, or None when it is no turn (empty after cleaning; with
    ``drop_empty_turns`` also only emotes/punctuation). `emotes` are the comment's emote tokens
    when known (``content.emote``); otherwise ``[名称]`` tokens are taken for emotes."""
    t = text or ""
    if opts.strip_reply_prefix and "回复" in t:
        t = REPLY_PREFIX.sub("", t, count=1)
    bare = t
    if "[" in t:
        tokens = emotes if emotes is not None else EMOTE_TOKEN.findall(t)
        if tokens:
            ordered = sorted(set(tokens), key=len, reverse=True)
            for tok in ordered:
                bare = bare.replace(tok, "")
            if opts.emotes == "strip":
                t = bare
            elif opts.emotes == "map":
                for tok in ordered:
                    t = t.replace(tok, opts.emote_map.get(tok, ""))
    t = _normalize_space(t)
    if not t:
        return None
    if opts.drop_empty_turns and not has_content(bare):
        return None
    return t


# ---- building ---------------------------------------------------------------------------------
@functools.lru_cache(maxsize=4096)
def _emote_list(text: str) -> list[str] | None:
    """A stored emote list (JSON text); the same few lists repeat, so they are parsed once."""
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return [str(x) for x in value] if isinstance(value, list) else None


def _content_key(texts: list[str]) -> str:
    """Identity for exact duplicates (texts are whitespace-normalised by cleaning)."""
    return "\x1e".join(_normalize_space(t) for t in texts)


class _SourceBuild:
    def __init__(self, store: Any, src: dict[str, Any], opts: DialogueOptions, report: DialogueReport,
                 seen: set[str]):
        self.store = store
        self.seen = seen  # contents of this build's dialogues and the reviewed ones: duplicates
        self.src = src
        self.opts = opts
        self.report = report
        self.sid = int(src["id"])
        self.bvid = str((src.get("settings") or {}).get("bvid") or "")

    def _earlier(self) -> set[tuple[str, ...]]:
        """The paths of this flow's samples the user touched (edited, accepted, rejected): they
        are not built again, and their contents join ``seen``. (The untouched ones are replaced.)"""
        reviewed_paths: set[tuple[str, ...]] = set()
        reviewed_keys = self.seen
        for s in self.store.iter_samples(SampleFilter(source_id=self.sid, kind="dialogue", touched=True)):
            if (s.meta or {}).get("flow") != FLOW:
                continue
            reviewed_paths.add(tuple(str(x) for x in s.meta.get("path") or ()))
            reviewed_keys.add(_content_key(([s.system] if s.system else []) + [t.text for t in s.turns]))
        return reviewed_paths

    def run(self) -> None:
        opts, report = self.opts, self.report
        reviewed_paths = self._earlier()
        seen = self.seen
        keep_names = opts.keep_names
        fields = ("mid", "text", "emotes") + (("name",) if keep_names else ())
        # key → (key, parent_key, mid, text, emotes[, name]): the rows as read, no copies
        data: dict[str, tuple] = {row[0]: row for row in self.store.raw_item_values(self.sid, ITEM_KIND, fields)}
        parent_of: dict[str, str | None] = {k: row[1] for k, row in data.items()}
        report.comments += len(data)
        # the root is needed only where the parent is missing (deleted): read it for those alone
        orphans = [k for k, p in parent_of.items() if p is not None and p not in parent_of]
        root: dict[str, str] = {}
        if orphans:
            root = {k: str(r) for k, _p, r in self.store.raw_item_values(self.sid, ITEM_KIND, ("root",),
                                                                         keys=orphans) if r}
        forest = build_forest(parent_of, root.get)
        del parent_of, orphans, root
        report.reattached += forest.reattached
        forest.sort(key=_rpid_order)

        min_turns, max_turns, dedupe = opts.min_turns, opts.max_turns, opts.dedupe
        odd_chain = report.odd_chain = opts.odd_chain

        def turn_of(k: str) -> tuple[Any, str] | None:
            d = data[k]
            t = clean_comment(d[3] or "", opts, _emote_list(d[4]) if d[4] else None)
            if t is None:
                report.empty_turns += 1
                return None
            return (d[2] or k, t)  # speaker: the user id (without one, each comment its own)

        long_paths = 0

        def samples() -> Iterator[Sample]:
            nonlocal long_paths
            for path, turns in iter_dialogues(forest, turn_of, min_turns=min_turns,
                                              merge=opts.merge_same_speaker):
                long_paths += 1
                if reviewed_paths and path in reviewed_paths:
                    report.already_reviewed += 1
                    continue
                cut = bool(max_turns) and len(turns) > max_turns
                if cut:
                    turns = turns[-max_turns:]
                # user first, assistant last: an odd chain is fitted (its first turn to the context)
                fit = fit_chain(len(turns), odd_chain)
                odd = fit.start > 0 or fit.stop < len(turns)
                turns = turns[fit.context_from:fit.stop]
                texts = [t[1] for t in turns]
                if keep_names:
                    names = [data[t[2]][5] or None for t in turns]
                else:
                    names = anonymous_names([t[0] for t in turns], opts.name_prefix)
                n_context = fit.context
                system = context_text(list(zip(names[:n_context], texts[:n_context], strict=True)))
                if dedupe:
                    key = "\x1e".join([system, *texts[n_context:]] if system else texts)
                    if key in seen:
                        report.duplicate += 1
                        continue
                    seen.add(key)
                if cut:
                    report.truncated += 1
                # gen_key: the chain, whatever the options — one the user deleted in Review is not made again
                meta: dict[str, Any] = {"flow": FLOW, "path": [int(k) for k in path], "video": self.bvid,
                                        "gen_key": "chain:" + ",".join(str(k) for k in path)}
                if cut:
                    meta["truncated"] = True
                if odd:
                    report.odd_chains += 1
                    meta["odd_chain"] = odd_chain
                yield Sample(turns=[Turn(role, text, name) for role, text, name in
                                    zip(dialogue_roles(fit.turns), texts[n_context:], names[n_context:],
                                        strict=True)],
                             system=system, kind="dialogue", source_id=self.sid, meta=meta)

        # ONE transaction: the earlier build's untouched samples go and the new ones come in
        # together (an error or a kill half-way leaves the earlier build as it was); the user's stay
        rebuilt = self.store.replace_untouched(self.sid, {"flow": FLOW}, samples(), kind="dialogue",
                                               batch=WRITE_BATCH)
        report.rebuild.add(rebuilt)
        report.replaced += rebuilt.replaced
        report.kept += rebuilt.added + rebuilt.unchanged  # an unchanged one stays as it was (same id)
        report.paths += long_paths + forest.short_paths + forest.empty_paths
        report.too_short += forest.short_paths
        report.empty += forest.empty_paths


def _rpid_order(k: str) -> tuple[int, str]:
    """rpids grow with time; compare them as numbers (shorter first), not as text."""
    return (len(k), k)


def build_dialogues(store: Any, source_id: int | None = None, options: DialogueOptions | None = None, *,
                    progress: Callable[[int, int], None] | None = None) -> DialogueReport:
    """Build dialogue samples from the stored comments of one Bilibili source (or of every one).
    Synchronous and CPU-bound: a UI runs it in a worker thread. `progress(done, total)` is
    called per source."""
    opts = options or DialogueOptions()
    opts.check()
    t0 = time.perf_counter()
    sources = [s for s in store.sources() if s["kind"] == SOURCE_KIND
               and (source_id is None or s["id"] == source_id)]
    if source_id is not None and not sources:
        raise InputError(say("crawl.dialogues.not_a_video", id=source_id))
    report = DialogueReport()
    # Millions of small objects stay alive during a build, and the cyclic GC would scan them all
    # again and again (it doubled the time at 1M comments); nothing here makes cycles.
    # (core/gc_pause.py: counted, and a no-op in the window, which collects on its GUI thread)
    seen: set[str] = set()
    with paused_gc():
        for i, src in enumerate(sources):
            _SourceBuild(store, src, opts, report, seen).run()
            report.sources += 1
            if progress is not None:
                progress(i + 1, len(sources))
    report.elapsed = time.perf_counter() - t0
    return report
