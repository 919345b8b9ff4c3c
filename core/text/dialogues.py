"""Reply trees → dialogues, for any source whose messages point at the message they answer
(Bilibili comment threads now, group chats later).

- :func:`build_forest` links each message to its parent (a mapping key → parent). A message
  whose parent is missing (deleted, or never fetched) hangs under its root (``root_of``) when the
  root is there, else it starts a tree of its own.
- :func:`iter_paths` yields every root-to-leaf path; :func:`iter_dialogues` yields each path with
  its turns, made once per message and merged per speaker. Both are iterative: a reply chain
  thousands deep never meets Python's recursion limit.
- Turn helpers: :func:`has_content`, :func:`merge_consecutive`, :func:`anonymous_names`
  (用户A, 用户B, … in order of first appearance, per dialogue).
- Roles: :func:`fit_chain` decides where a chain becomes a dialogue that starts with the user and
  ends with the assistant (an odd chain's first turn goes to the context by default, see
  ODD_CHAIN_MODES), :func:`dialogue_roles` gives the roles and :func:`context_text` the system
  prompt holding the context. Every export format can then carry every dialogue.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)

_END = object()


@dataclass
class Forest(Generic[K]):
    roots: list[K] = field(default_factory=list)
    children: dict[K, list[K]] = field(default_factory=dict)  # only nodes that have children
    reattached: int = 0  # nodes whose parent was missing, hung under their root
    orphan_roots: int = 0  # nodes whose parent and root were both missing: trees of their own
    size: int = 0
    short_paths: int = 0  # paths the last walk skipped as too short
    empty_paths: int = 0  # paths iter_dialogues found without any turn

    def sort(self, key: Callable[[K], Any] | None = None) -> None:
        """Order roots and siblings (e.g. by time) — the order paths come out in."""
        self.roots.sort(key=key)  # type: ignore[arg-type]
        for kids in self.children.values():
            if len(kids) > 1:
                kids.sort(key=key)  # type: ignore[arg-type]

    def leaves(self) -> int:
        """How many root-to-leaf paths there are (without building them)."""
        n = 0
        children = self.children
        stack = list(self.roots)
        while stack:
            kids = children.get(stack.pop())
            if kids:
                stack.extend(kids)
            else:
                n += 1
        return n


def build_forest(parents: Mapping[K, K | None] | Iterable[tuple[K, K | None]],
                 root_of: Callable[[K], K | None] | None = None) -> Forest[K]:
    """Trees from each node's parent (a mapping key → parent, or (key, parent) pairs; with pairs a
    key given twice counts once, the last). A parent None (or the key itself) marks a root. A
    parent that is not among the nodes (deleted, never fetched) hangs the node under
    ``root_of(key)`` when that is among the nodes, else the node becomes a root. Children keep
    the input order (give nodes in time order, or call :meth:`Forest.sort`)."""
    parent_of: Mapping[K, K | None] = parents if isinstance(parents, Mapping) else dict(parents)
    forest: Forest[K] = Forest(size=len(parent_of))
    roots = forest.roots
    children = forest.children
    for k, p in parent_of.items():
        if p is None or p == k:
            roots.append(k)
            continue
        if p not in parent_of:
            r = root_of(k) if root_of is not None else None
            if r is not None and r != k and r in parent_of:
                p = r
                forest.reattached += 1
            else:
                roots.append(k)
                forest.orphan_roots += 1
                continue
        kids = children.get(p)
        if kids is None:
            children[p] = [k]
        else:
            kids.append(k)
    return forest


def iter_paths(forest: Forest[K], *, min_length: int = 1) -> Iterator[tuple[K, ...]]:
    """Every root-to-leaf path of `forest` as a tuple of keys, depth first, children in order.
    Paths shorter than `min_length` are skipped and counted in ``forest.short_paths``."""
    children = forest.children
    forest.short_paths = 0
    short = 0
    try:
        for root in forest.roots:
            kids = children.get(root)
            if not kids:
                if min_length <= 1:
                    yield (root,)
                else:
                    short += 1
                continue
            path = [root]
            stack = [iter(kids)]
            while stack:
                child = next(stack[-1], _END)
                if child is _END:
                    stack.pop()
                    path.pop()
                    continue
                grandchildren = children.get(child)  # type: ignore[call-overload]
                if grandchildren:
                    path.append(child)  # type: ignore[arg-type]
                    stack.append(iter(grandchildren))
                elif len(path) + 1 >= min_length:
                    path.append(child)  # type: ignore[arg-type]
                    yield tuple(path)
                    path.pop()
                else:
                    short += 1
    finally:
        forest.short_paths = short


def iter_dialogues(forest: Forest[K], turn_of: Callable[[K], tuple[Hashable, str] | None], *,
                   min_turns: int = 1, merge: bool = True, sep: str = "\n",
                   ) -> Iterator[tuple[tuple[K, ...], list[tuple[Hashable, str, K]]]]:
    """Every root-to-leaf path with its turns, as (path keys, [(speaker, text, first key)]).

    ``turn_of(key)`` gives a message's (speaker, text), or None when it is no turn (empty, …).
    With `merge`, consecutive turns of one speaker become one (texts joined by `sep`). The walk is
    incremental: a message's turn is made once per descent and undone on the way back up, so
    paths sharing a beginning do not redo it, and a message on no path of at least `min_turns`
    messages is never asked for. Paths with fewer than `min_turns` turns are not yielded; they
    are counted in ``forest.short_paths`` (``forest.empty_paths`` for those with none)."""
    children = forest.children
    short = empty = 0
    path: list[K] = []
    turns: list[list[Any]] = []  # [speaker, text, first key]
    undo: list[tuple[int, str | None]] = []  # per applied path entry: (turns before, text before a merge)

    def leaf() -> tuple[tuple[K, ...], list[tuple[Hashable, str, K]]] | None:
        nonlocal short, empty
        if len(path) < min_turns:
            short += 1
            return None
        while len(undo) < len(path):  # make the turns not made yet
            k = path[len(undo)]
            t = turn_of(k)
            if t is None:
                undo.append((len(turns), None))
            elif merge and turns and turns[-1][0] == t[0]:
                undo.append((len(turns), turns[-1][1]))
                turns[-1][1] += sep + t[1]
            else:
                undo.append((len(turns), None))
                turns.append([t[0], t[1], k])
        if len(turns) >= min_turns:
            return tuple(path), [(w, x, k) for w, x, k in turns]
        if turns:
            short += 1
        else:
            empty += 1
        return None

    def back() -> None:
        """Leave the last path entry, undoing its turn."""
        if len(undo) == len(path):
            n, before = undo.pop()
            del turns[n:]
            if before is not None:
                turns[-1][1] = before
        path.pop()

    try:
        for root in forest.roots:
            path.append(root)
            kids = children.get(root)
            if not kids:
                if (d := leaf()) is not None:
                    yield d
                back()
                continue
            stack = [iter(kids)]
            while stack:
                child = next(stack[-1], _END)
                if child is _END:
                    stack.pop()
                    back()
                    continue
                path.append(child)  # type: ignore[arg-type]
                kids = children.get(child)  # type: ignore[call-overload]
                if kids:
                    stack.append(iter(kids))
                    continue
                if (d := leaf()) is not None:
                    yield d
                back()
    finally:
        forest.short_paths, forest.empty_paths = short, empty
        path.clear()
        turns.clear()
        undo.clear()


_ALNUM = re.compile(r"[^\W_]")


def has_content(text: str) -> bool:
    """Whether `text` holds a letter or a digit (any script): not empty, not only punctuation,
    symbols, emoji or spaces."""
    return _ALNUM.search(text) is not None


def merge_consecutive(turns: Sequence[tuple[Hashable, str]], sep: str = "\n") -> list[tuple[Hashable, str]]:
    """Consecutive turns of one speaker become one turn (texts joined by `sep`)."""
    out: list[tuple[Hashable, str]] = []
    for speaker, text in turns:
        if out and out[-1][0] == speaker:
            out[-1] = (speaker, out[-1][1] + sep + text)
        else:
            out.append((speaker, text))
    return out


def alternate_roles(n: int) -> list[str]:
    """Roles for `n` turns: the last is "assistant", alternating backwards from it. (For an odd
    `n` the first turn is the assistant's, which no user/assistant format can carry: sources
    fit the chain first with :func:`fit_chain`.)"""
    return ["assistant" if (n - 1 - i) % 2 == 0 else "user" for i in range(n)]


# What to do with a chain of an odd number of turns, so that the dialogue starts with the user
# and ends with the assistant (every export format can carry it):
#   context    — the first turn (the comment the others answer) becomes context in the system
#                prompt; every turn stays in the file. The default: nothing is lost.
#   drop_first — the first turn is left out.
#   drop_last  — the last turn is left out (the chain ends at the reply before it).
ODD_CHAIN_MODES = ("context", "drop_first", "drop_last")
# How context turns start the system prompt. Dataset text, not a message to the user: the
# corpus is Chinese-first, like the 用户A/用户B names.
CONTEXT_HEADING = "上文："


@dataclass(frozen=True, slots=True)
class ChainFit:
    """Where a chain of turns becomes a dialogue: turns[context_from:start] go to the context,
    turns[start:stop] are the dialogue (user first, assistant last, alternating), the rest is
    left out."""

    start: int
    stop: int
    context_from: int = 0

    @property
    def context(self) -> int:
        return self.start - self.context_from

    @property
    def turns(self) -> int:
        return max(0, self.stop - self.start)

    def dropped(self, n: int) -> int:
        """Turns of a chain of `n` that are neither dialogue nor context."""
        return n - self.turns - self.context


def fit_chain(n: int, odd: str = "context") -> ChainFit:
    """Fit a chain of `n` turns to user/assistant roles (see ODD_CHAIN_MODES). An even chain is
    used whole. A single turn has nothing to answer it: the fit has no dialogue turn."""
    if odd not in ODD_CHAIN_MODES:
        raise ValueError(f"unknown odd-chain mode {odd!r}; expected one of {ODD_CHAIN_MODES}")
    if n % 2 == 0:
        return ChainFit(0, n)
    if odd == "context":
        return ChainFit(1, n)
    if odd == "drop_first":
        return ChainFit(1, n, context_from=1)
    return ChainFit(0, n - 1)


def dialogue_roles(n: int) -> list[str]:
    """Roles for the `n` turns of a fitted dialogue: user, assistant, user, … (n even)."""
    return ["user" if i % 2 == 0 else "assistant" for i in range(n)]


def context_text(turns: Sequence[tuple[str | None, str]], system: str = "") -> str:
    """A system prompt holding `turns` ((name or None, text)) as context after `system`:
    ``上文：\n用户A：原评论``."""
    if not turns:
        return system
    lines = [f"{name}：{text}" if name else text for name, text in turns]
    block = CONTEXT_HEADING + "\n" + "\n".join(lines)
    return f"{system}\n\n{block}" if system else block


def _letters(i: int) -> str:
    """0 → A, 25 → Z, 26 → AA (spreadsheet columns)."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def anonymous_names(speakers: Sequence[Hashable], prefix: str = "用户") -> list[str]:
    """A stand-in name per turn: the first speaker is 用户A, the next new one 用户B, …"""
    names: dict[Hashable, str] = {}
    out = []
    for s in speakers:
        name = names.get(s)
        if name is None:
            name = names[s] = prefix + _letters(len(names))
        out.append(name)
    return out
