"""What a script's layout says before its lines are read one by one.

:class:`~core.sources.documents.script.ScriptParser` reads line by line; some layouts can only be
told from the whole text, so this pass looks at every line first and hands the parser a
:class:`Layout`:

- **Cast lists** — a section headed ``人物表`` / ``人物：`` / ``角色表`` / ``出场人物`` … (its entries
  ``林晚：客栈掌柜`` look like speeches but are not), an inline ``人物：林晚、阿福``, and tables
  (``角色 | 演员``, or a table of names). The characters become known speakers; actors never speak.
- **Tables** (DOCX tables arrive as rows of cells joined by `` | ``, Markdown tables as ``| a | b |``)
  are not dialogue unless their rows are ``角色：台词`` or the table has a speaker column of
  short names that recur beside a column of speech; other tables are left out of the speeches.
- **Names without a colon** (``林晚　台词``: a full-width space, a tab or two spaces after a short
  name) are speakers only when a small set of names recurs at line starts; such lines are a
  guess and labelled so.
- **Numbered speakers** (``1：`` ``2：``) are speakers when a few numbers take turns, not when the
  numbers run up like a list or are times.
- **Names inside a line** (``女：你来了。男：我来了。``): a name after the end of a sentence starts a
  new speech when it speaks at a line start elsewhere, is in the cast, or recurs that way.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

# Characters a speaker's name never contains (the same set the parser uses).
NOT_NAME = r"\s：:（）()【】\[\]“”\"'‘’「」『』《》〈〉，,。！!？?、；;…—~～/\\|<>=#*＊△▲"
_NAME = re.compile(rf"^[^{NOT_NAME}]{{1,40}}$")
_SPEAKER_CELL = re.compile(rf"^([^{NOT_NAME}]{{1,40}})\s*(?:[（(][^（）()]{{0,60}}[）)])?\s*[：:]\s*(\S.*)$")
_PAREN = re.compile(r"[（(][^（）()]*[）)]")

CAST_WORDS = ("人物表", "人物", "角色表", "角色", "出场人物", "主要人物", "人物介绍", "角色介绍", "登场人物",
              "剧中人物", "主要角色", "演员表", "演职员表", "人物小传", "cast", "characters", "dramatis personae",
              "cast list")
_CAST_HEADING = re.compile(
    r"^[#\s]*[【\[]?\s*(" + "|".join(sorted(map(re.escape, CAST_WORDS), key=len, reverse=True))
    + r")\s*[】\]]?\s*(?:[：:]\s*(.*))?$", re.IGNORECASE)
_CAST_ENTRY_SPLIT = re.compile(r"[：:（(，,、—\-–\s\u3000/|…·.]")
# 周岚：陈一鸣饰 / 周岚——陈一鸣 饰 / 陈一鸣 饰 周岚: a cast entry wherever it stands
_PLAYED_BY = re.compile(rf"^(?P<role>[^{NOT_NAME}]{{1,12}})\s*(?:[：:]|——|--|—|\s)\s*(?P<actor>[^{NOT_NAME}]{{1,12}}?)"
                        r"\s*[（(]?(?:饰|饰演)[）)]?$")
_PLAYS = re.compile(rf"^(?P<actor>[^{NOT_NAME}]{{1,12}}?)\s*(?:饰|饰演)\s*(?P<role>[^{NOT_NAME}]{{1,12}})$")
_LIST_SPLIT = re.compile(r"[、，,；;/\s\u3000]+")

_CHARACTER_HEADERS = {"角色", "人物", "角色名", "人物名", "剧中人", "剧中人物", "姓名", "名字", "名称", "character",
                      "characters", "role", "name", "说话人", "发言人", "speaker"}
_ACTOR_HEADERS = {"演员", "饰演", "扮演", "扮演者", "饰演者", "演出", "配音", "配音演员", "cv", "actor", "actress",
                  "cast", "played by", "performer"}
_LINE_HEADERS = {"台词", "对白", "对话", "内容", "唱词", "line", "lines", "dialogue", "text", "speech"}
# A column saying which scene a dialogue row belongs to (场次 | 角色 | 台词): a new value starts a scene.
_SCENE_HEADERS = {"场次", "场", "场号", "场景", "集场", "镜号", "scene", "scene no.", "scene no", "sc"}
_SENTENCE_MARKS = re.compile(r"[。！？!?，,；;…]")
_MD_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")

# 2. 后院 夜 外 / 二、客厅: a numbered line (a scene heading, or an item of a list)
LISTED = re.compile(r"^([0-9０-９]{1,3}|[零〇一二三四五六七八九十百两]{1,4})\s*[.．、]\s*(.{0,30})$")
TIME_OR_PLACE = re.compile(r"(?:^|[\s\u3000/／·.])(?:日|夜|晨|昏|早|晚|午|傍晚|黄昏|清晨|凌晨|深夜|白天|夜晚|"
                           r"内|外|内景|外景|日内|日外|夜内|夜外|INT|EXT)(?:$|[\s\u3000/／·.])", re.IGNORECASE)
NOT_A_TITLE = re.compile(r"[。！？!?，,；;：:…“”\"]")
# A name followed by a full-width space, a tab or two spaces, then the speech.
NO_COLON = re.compile(rf"^(?P<name>[^{NOT_NAME}]{{1,12}})(?:\u3000+|\t+| {{2,}})(?P<text>\S.*)$")
# A name with a colon after the end of a sentence inside a line (女：…。男：…).
_INLINE_NAME = re.compile(rf"(?<=[。！？!?…」”』）)~～])[ \t\u3000]*([^{NOT_NAME}]{{1,12}})[ \t\u3000]*[：:]")
_NUMERIC_NAME = re.compile(r"^[0-9０-９]{1,3}$")
_SPEECH_VERB_END = re.compile(r"(?:说|道|问|答|喊|叫|嚷|骂|笑|叹|是|为|有)$")

# Names scripts and transcripts use for speakers who have none: one occurrence inside a line is
# enough to split there (甲：你好。乙：你好。).
CONVENTIONAL_SPEAKERS = frozenset("甲 乙 丙 丁 戊 男 女 问 答 A B C D Q".split())

NameProblem = Callable[[str], "str | None"]


@dataclass
class Table:
    start: int  # 0-based index of its first row in the lines
    end: int  # one past its last row
    kind: str  # "cast", "dialogue" or "other"


@dataclass
class Layout:
    """What the whole text says about how its lines are to be read."""

    cast: list[str] = field(default_factory=list)  # characters from the cast list, in order
    actors: set[str] = field(default_factory=set)  # actors from a cast table: never speakers
    cast_lines: set[int] = field(default_factory=set)  # 0-based lines that are the cast list
    tables: list[Table] = field(default_factory=list)
    skip_lines: set[int] = field(default_factory=set)  # rows of tables that are not dialogue
    rewritten: dict[int, str] = field(default_factory=dict)  # dialogue table rows → "角色：台词"
    numeric_speakers: set[str] = field(default_factory=set)  # "1", "2" when they take turns
    no_colon_names: set[str] = field(default_factory=set)  # names read from "名字　台词" lines
    no_colon_rejected: Counter[str] = field(default_factory=Counter)  # "名字　台词" names that did not recur
    inline_known: set[str] = field(default_factory=set)  # names that split a line (known speakers)
    inline_guessed: set[str] = field(default_factory=set)  # names that split a line (recurring only)
    list_items: set[int] = field(default_factory=set)  # numbered lines that are a list, not scene headings
    table_scenes: dict[int, str] = field(default_factory=dict)  # dialogue table row → the scene it starts

    def table_counts(self) -> Counter[str]:
        return Counter(t.kind for t in self.tables)


def cells_of(s: str) -> list[str] | None:
    """The cells of a table row (DOCX ``a | b`` or Markdown ``| a | b |``), or None."""
    if " | " in s:
        cells = [c.strip() for c in s.split(" | ")]
    elif s.startswith("|") and s.endswith("|") and len(s) > 2:
        cells = [c.strip() for c in s[1:-1].split("|")]
    else:
        return None
    return cells if len(cells) >= 2 else None


def _header_key(cell: str) -> str:
    return cell.strip().strip("：:").strip().lower()


def _labelled(cell: str) -> tuple[str, str]:
    """"角色：周岚" → ("角色", "周岚"); ("", cell) when the cell has no header word before a colon."""
    m = re.match(r"^\s*([^：:]{1,12})\s*[：:]\s*(\S.*)$", cell)
    if m is not None and _header_key(m.group(1)) in _CHARACTER_HEADERS | _ACTOR_HEADERS:
        return _header_key(m.group(1)), m.group(2).strip()
    return "", cell


def _clean_name(cell: str) -> str:
    """林晚（女主） / 林晚（28岁，掌柜） / 林晚/晚晚 / 角色：林晚 → 林晚."""
    label, value = _labelled(cell)
    s = _PAREN.sub("", value if label in _CHARACTER_HEADERS else cell).strip()
    s = _CAST_ENTRY_SPLIT.split(s, maxsplit=1)[0].strip() if s else ""
    return s


def analyse(lines: list[str], name_problem: NameProblem, headings: Callable[[str], object],
            max_name_len: int, colon_names: set[str]) -> Layout:
    """The :class:`Layout` of ``lines`` (the text split at line ends). ``name_problem(name)`` says
    why a name is no speaker (None when it is one), ``headings(line)`` whether a stripped line is
    a scene heading, ``colon_names`` the names that speak with a colon at a line start."""
    layout = Layout()
    stripped = [x.strip() for x in lines]
    cast: list[str] = []

    def add_cast(name: str) -> None:
        name = _clean_name(name)
        if name and name not in cast and len(name) <= max_name_len and _NAME.match(name):
            cast.append(name)

    # ---- tables ------------------------------------------------------------------------------
    i = 0
    n = len(stripped)
    while i < n:
        if cells_of(stripped[i]) is None:
            i += 1
            continue
        j = i
        while j < n and (cells_of(stripped[j]) is not None or _MD_RULE.match(stripped[j] or "x")):
            j += 1
        rows = [(k, cells_of(stripped[k])) for k in range(i, j)]
        rows = [(k, c) for k, c in rows if c is not None]
        after_cast_heading = _follows_cast_heading(stripped, i)
        kind = _table_kind(rows, layout, add_cast, name_problem, max_name_len, after_cast_heading)
        layout.tables.append(Table(i, j, kind))
        for k in range(i, j):
            if k not in layout.rewritten:
                layout.skip_lines.add(k)
        i = j

    # ---- cast sections -------------------------------------------------------------------------
    for i, s in enumerate(stripped):
        if not s or len(s) > 80 or i in layout.skip_lines or i in layout.rewritten:
            continue
        m = _CAST_HEADING.match(s)
        if m is None:
            continue
        rest = (m.group(2) or "").strip()
        if rest:  # 人物：林晚、阿福、沈砚 — the names on the line itself
            parts = [_clean_name(p) for p in _LIST_SPLIT.split(_PAREN.sub("", rest)) if p.strip()]
            if parts and all(p and len(p) <= max_name_len and name_problem(p) is None for p in parts):
                for p in parts:
                    add_cast(p)
            continue
        # 人物表 alone: the entries follow, up to a blank line or a heading
        layout.cast_lines.add(i)
        k = i + 1
        while k < n and not stripped[k]:
            k += 1
        entries = 0
        while k < n and stripped[k]:
            e = stripped[k]
            if k in layout.skip_lines or k in layout.rewritten:  # a table: already read
                k += 1
                continue
            if headings(e) is not None or len(e) > 120:
                break
            name = _clean_name(e)
            if not name or len(name) > max_name_len or name_problem(name) is not None and name not in cast:
                break
            add_cast(name)
            layout.cast_lines.add(k)
            entries += 1
            k += 1

    for i, s in enumerate(stripped):
        m = (_PLAYED_BY.match(s) or _PLAYS.match(s)) if s and len(s) <= 30 and i not in layout.skip_lines else None
        if m is not None and name_problem(m.group("role")) is None:
            add_cast(m.group("role"))
            layout.actors.add(m.group("actor").strip())
            layout.cast_lines.add(i)

    layout.cast = cast
    known = set(cast) | colon_names
    layout.list_items = _list_items(stripped)

    # ---- numbered speakers ---------------------------------------------------------------------
    order: list[str] = []
    for s in stripped:
        m = _SPEAKER_CELL.match(s) if s[:1].isdigit() or s[:1] in "０１２３４５６７８９" else None
        if m is not None and _NUMERIC_NAME.match(m.group(1)) and not m.group(2)[:1].isdigit():
            order.append(m.group(1))
    counts = Counter(order)
    if (2 <= len(counts) <= 6 and len(order) >= 4 and all(c >= 2 for c in counts.values())
            and any(order[k] in order[:k - 1] and order[k] != order[k - 1] for k in range(2, len(order)))):
        layout.numeric_speakers = set(counts)
        known |= layout.numeric_speakers

    # ---- names without a colon ----------------------------------------------------------------
    found: list[str] = []
    for k, s in enumerate(stripped):
        if not s or k in layout.skip_lines or k in layout.cast_lines or k in layout.rewritten:
            continue
        if "：" in s[:max_name_len + 2] or ":" in s[:max_name_len + 2]:
            continue
        m = NO_COLON.match(s)
        if m is not None and len(m.group("name")) <= max_name_len and headings(s) is None:
            found.append(m.group("name"))
    counts = Counter(found)
    good = {x for x, c in counts.items()
            if (c >= 2 or x in cast) and name_problem(x) is None and x not in layout.actors}
    covered = sum(counts[x] for x in good)
    if good and covered >= (2 if good <= set(cast) else 4) and covered >= 0.6 * len(found) and len(good) <= 30:
        layout.no_colon_names = good
        known |= good
    layout.no_colon_rejected = Counter({x: c for x, c in counts.items() if x not in layout.no_colon_names})

    # ---- names inside a line -------------------------------------------------------------------
    inline: Counter[str] = Counter()
    for k, s in enumerate(stripped):
        if ("：" in s or ":" in s) and k not in layout.skip_lines and k not in layout.cast_lines:
            for m in _INLINE_NAME.finditer(layout.rewritten.get(k, s)):
                inline[m.group(1)] += 1
    for name, c in inline.items():
        if _SPEECH_VERB_END.search(name) or name in layout.actors:
            continue
        if name in known and (name_problem(name) is None or name in layout.numeric_speakers):
            layout.inline_known.add(name)
        elif (c >= 2 or name in CONVENTIONAL_SPEAKERS) and name_problem(name) is None:
            layout.inline_guessed.add(name)
    return layout


def _list_items(stripped: list[str]) -> set[int]:
    """Numbered lines that are items of a list: in a run of numbered lines one after the other, or
    after a line that ends with a colon (需要三样东西：/ 1. 灯笼). A numbered line whose title names
    a time or place (2. 后院 夜 外) stays a scene heading."""
    numbered = [LISTED.match(s) is not None and not TIME_OR_PLACE.search(s) for s in stripped]
    out: set[int] = set()
    for k, is_numbered in enumerate(numbered):
        if not is_numbered:
            continue
        prev = stripped[k - 1] if k else ""
        if (k and numbered[k - 1]) or (k + 1 < len(numbered) and numbered[k + 1]) or prev.endswith(("：", ":")):
            out.add(k)
    return out


def _follows_cast_heading(stripped: list[str], i: int) -> bool:
    k = i - 1
    while k >= 0 and not stripped[k]:
        k -= 1
    if k < 0:
        return False
    m = _CAST_HEADING.match(stripped[k])
    return m is not None and not (m.group(2) or "").strip()


def _is_name_cell(cell: str, name_problem: NameProblem, max_name_len: int) -> bool:
    name = _PAREN.sub("", cell).strip()
    return bool(name) and len(name) <= max_name_len and bool(_NAME.match(name)) and name_problem(name) is None


def _table_kind(rows: list[tuple[int, list[str]]], layout: Layout, add_cast, name_problem: NameProblem,
                max_name_len: int, after_cast_heading: bool) -> str:
    """Classify one table and note what it gives (cast names, dialogue rows); returns its kind."""
    if not rows:
        return "other"
    header = [_header_key(c) for c in rows[0][1]]
    body = rows[1:]
    char_col = next((c for c, h in enumerate(header) if h in _CHARACTER_HEADERS), None)
    line_col = next((c for c, h in enumerate(header) if h in _LINE_HEADERS), None)
    actor_cols = [c for c, h in enumerate(header) if h in _ACTOR_HEADERS]
    if char_col is not None and line_col is not None:  # 角色 | 台词: a dialogue table with a header
        scene_col = next((c for c, h in enumerate(header) if h in _SCENE_HEADERS), None)
        scene = None
        for k, cells in body:
            _dialogue_row(layout, k, cells, char_col, line_col)
            if scene_col is not None and scene_col < len(cells) and cells[scene_col] and cells[scene_col] != scene:
                scene = cells[scene_col]
                layout.table_scenes[k] = f"{rows[0][1][scene_col].strip()} {scene}"
        return "dialogue"
    if char_col is not None or actor_cols:  # 角色 | 演员 (| 简介): the cast
        col = char_col if char_col is not None else 0
        for _, cells in body:
            if col < len(cells) and cells[col]:
                add_cast(cells[col])
            for a in actor_cols:
                if a < len(cells) and a != col:
                    for actor in _LIST_SPLIT.split(_PAREN.sub("", cells[a])):
                        if actor.strip():
                            layout.actors.add(actor.strip())
        return "cast"
    # no header: rows of 角色：台词?
    speaking = [(k, cells) for k, cells in rows
                if (m := _SPEAKER_CELL.match(next((c for c in cells if c), ""))) is not None
                and name_problem(m.group(1)) is None]
    if len(speaking) >= 2 and len(speaking) >= 0.6 * len(rows):
        for k, cells in speaking:
            layout.rewritten[k] = " ".join(c for c in cells if c)
        return "dialogue"
    # a speaker column of short names that recur beside a column of speech?
    if all(len(cells) >= 2 for _, cells in rows) and len(rows) >= 3:
        firsts = [cells[0] for _, cells in rows]
        named = [f for f in firsts if _is_name_cell(f, name_problem, max_name_len)]
        counts = Counter(_PAREN.sub("", f).strip() for f in named)
        recurring = [x for x, c in counts.items() if c >= 2]
        speech = sum(1 for _, cells in rows if _SENTENCE_MARKS.search(" ".join(cells[1:]))
                     or len(" ".join(cells[1:])) > max_name_len)
        if (len(named) >= 0.8 * len(rows) and len(recurring) >= 2
                and sum(counts[x] for x in recurring) >= 0.6 * len(rows) and speech >= 0.6 * len(rows)):
            for k, cells in rows:
                _dialogue_row(layout, k, cells, 0, 1)
            return "dialogue"
    # rows of "角色：周岚 | 演员：陈一鸣": the cast
    labelled = [[_labelled(c) for c in cells] for _, cells in rows]
    if all(any(lab in _CHARACTER_HEADERS for lab, _ in row) for row in labelled):
        for row in labelled:
            for lab, value in row:
                if lab in _CHARACTER_HEADERS:
                    add_cast(value)
                elif lab in _ACTOR_HEADERS:
                    layout.actors.add(_PAREN.sub("", value).strip())
        return "cast"
    # a table of names (or any table under 人物表): the cast
    all_names = all(_is_name_cell(c, name_problem, max_name_len) for _, cells in rows for c in cells if c)
    if all_names or after_cast_heading:
        if len(rows) == 1 or (all_names and not after_cast_heading and len(rows[0][1]) > 2):
            for _, cells in rows:
                for c in cells:
                    if c:
                        add_cast(c)
        else:
            for _, cells in rows:
                if cells and cells[0]:
                    add_cast(cells[0])
        return "cast"
    return "other"


def _dialogue_row(layout: Layout, k: int, cells: list[str], name_col: int, line_col: int) -> None:
    if max(name_col, line_col) >= len(cells):
        return
    name = cells[name_col].strip().rstrip("：:")
    text = " ".join(c for c in cells[line_col:] if c) if line_col > name_col else cells[line_col]
    if name and text:
        layout.rewritten[k] = f"{name}：{text}"
