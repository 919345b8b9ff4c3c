"""Scripts and novels → scenes of speeches by named characters.

:class:`ScriptParser` reads two kinds of text:

**Scripts** (``mode="script"``), line by line:

- *Speaker lines*: ``角色：台词`` or ``角色:台词``; ``角色（动作）：台词`` (the action goes to
  :attr:`ScriptLine.action` and out of the speech); ``【角色】：台词``; a voice mark against the name
  (``李梅OS：``, ``王叔 VO：``) is the character's, kept as the action. The *screenplay layout*, a
  name alone on its line (``林晚``, ``林晚：``, ``林晚（低声）``) with the speech on the lines below,
  is read too when that name stands alone at least twice in the text, speaks with a colon
  elsewhere, or is a known character; followed by a blank line it is a direction (``阿福（点头）``).
- *Scene headings* start a new :class:`Scene`: ``第N幕``, ``第N场``, ``第N回``, ``第N章``, ``第N节``
  (N in Arabic, full-width or Chinese numerals, the heading alone or followed by a space or a
  separator and a title), ``场景…``, ``Scene N``, ``1-2 日 内 …``, ``INT./EXT.``, ``内景/外景``.
  ``第N集`` is an episode heading: it starts a scene too and is kept as :attr:`Scene.episode`.
  Markdown ``#`` marks before a heading are ignored. Optionally a run of blank lines starts a
  scene (:attr:`ScriptOptions.scene_break_blank_lines`).
- *Narration and stage directions*: lines in ``（…）``, ``(…)``, ``【…】``, ``[…]`` (also over
  several lines, up to a blank line or 8 more lines), lines after ``△``/``▲``, lines of narrators (``旁白：`` …, see
  :attr:`ScriptOptions.narrator_names`), labels such as ``时间：1998年`` (see
  :attr:`ScriptOptions.non_speakers`, kept in :attr:`Scene.info`) and any other line that is not a
  speech. They are never part of a speech: they are kept in order in :attr:`Scene.narration`, and
  the ones since the previous speech in :attr:`ScriptLine.context`.
- *Multi-line speeches*: the lines after a speaker line belong to the speech until a blank line
  (:attr:`ScriptOptions.blank_line_ends_speech`), a heading, a direction or the next speaker; they
  are joined (with nothing between Chinese characters, with a space between Latin words).
  Directions inside a speech, ``（笑）``, are removed from it and added to the line's action.
- *False speakers*: a name longer than :attr:`ScriptOptions.max_name_len` (8) — a sentence with a
  colon in it —, a number (``10:30``), a label from ``non_speakers``, or (when
  :attr:`ScriptOptions.known_characters` is set) a name not in that list is not a speaker; such lines
  are narration, listed in :attr:`Script.rejected` with the reason (a line of an unknown
  character goes to :attr:`Script.unattributed` too, as it is speech). ``名称：值`` lines of a
  notice or a form are labels too: when nobody speaks twice, or when at least two one-off names
  with no sentence after them stand above the first speaker who speaks again (an interview's
  ``采访人：…`` above its ``Q：``/``A：``) — see :meth:`ScriptParser._labels_not_speeches`.

**Novels** (``mode="novel"``): quoted speech (``“…”``, ``「…」``, ``"…"``) attributed by common patterns
around the quote — ``X道：“…”``, ``X笑道：“…”``, ``X说：“…”``, ``X低声说：“…”``, ``X对Y说：“…”``,
``“…”X说。`` — with the name found as the words before the speech verb, less manner words
(``低声``, ``笑着``, ``X地`` …), or as a known character's name at their start (the known names are
:attr:`ScriptOptions.known_characters` and every name found at least twice). **This is a heuristic**:
every line it attributes has :attr:`ScriptLine.heuristic` set, :attr:`Script.heuristic` is True, and
each quote it cannot attribute (no pattern, a pronoun such as 他/她, an unclear or unknown
name) is listed in :attr:`Script.unattributed` with the reason. Chapter headings (``第N章/回``) start
scenes; the text around the quotes is narration.

**Layouts read from the whole text** (:mod:`.script_layouts`, :mod:`.script_zaju`): a cast list
(``人物表`` and its entries, ``人物：林晚、阿福``, ``周岚——陈一鸣 饰``, a ``角色 | 演员`` table or a table of
names) gives :attr:`Script.cast` (known speakers) and :attr:`Script.actors` (never speakers) and is
never speech; a table is dialogue only when its rows are ``角色：台词`` or it pairs a column of
recurring short names with a column of speech; numbered scene headings (``2. 后院 夜 外``,
``二、客厅``, ``○2 后院 夜``, ``【第二场】`` — not the items of a numbered list) start scenes;
``名字　台词`` lines without a colon are read when a few names recur (a guess: the lines are
:attr:`ScriptLine.heuristic`); ``女：…。男：…`` on one line is split at names that speak elsewhere
or recur; ``1：``/``2：`` speak when a few numbers take turns; zaju/chuanqi texts (``〔正旦云〕``,
``【混江龙】``) are read by role cues. :attr:`Script.notes` says (as message codes) what was read
and guessed; :attr:`Script.problem` says why nothing was, and what the parser expected.

``mode="auto"`` (the default) reads the text as a script when at least 3 lines, and at least 10 % of
its non-blank lines, are speaker lines; otherwise as a novel.

Aliases (``{"嬛嬛": "甄嬛", "莞贵人": "甄嬛"}``) merge names, at parse time
(:attr:`ScriptOptions.aliases`) or afterwards (:meth:`Script.merge_aliases`); :func:`character_table`
counts each character's lines with the names merged into it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

from core.errors import InputError
from core.messages import Message, say
from core.sources.documents import script_zaju
from core.sources.documents.script_layouts import (
    LISTED,
    NO_COLON,
    NOT_A_TITLE,
    TIME_OR_PLACE,
    Layout,
    analyse,
)

DEFAULT_MAX_NAME_LEN = 8
DEFAULT_NON_SPEAKERS = tuple(
    "时间 地点 人物 场景 场景描述 地点场景 日期 天气 季节 时代 年代 背景 注 注意 备注 说明 提示 字幕 道具 服装 "
    "化妆 音乐 音效 配乐 镜头 画面 景别 机位 出场人物 主要人物 人物表 人物介绍 剧情 剧情简介 简介 梗概 故事梗概 "
    "编剧 导演 作者 原著 片名 剧名 标题 集数 类型 主题 备选 PS 例 例如 比如 如下 包括 其中 总结 结论 "
    "Time Place Location Date Note Setting Characters".split()
)
# Never speakers whatever the options: the headers of cast lists and the title couplets of zaju.
_ALWAYS_LABELS = frozenset("角色 演员 饰演 扮演 扮演者 角色表 演员表 人物表 题目 正名 曲牌 宫调 Cast".split())
MAX_DIRECTION_LINES = 8  # a direction in brackets goes on over at most this many more lines
DEFAULT_NARRATORS = ("旁白", "画外音", "独白旁白", "VO", "V.O.", "OS", "Narrator", "NARRATOR")

_NUM = "0-9０-９零〇一二三四五六七八九十百千万两"
_SEP = r"[\s\u3000：:、.．,，\-—–·|｜]"
_HEADING = re.compile(rf"^第\s*([{_NUM}]+)\s*([幕场集回章节卷部折出齣])戏?(?:$|{_SEP}+(.*)$)")
_SCENE_WORD = re.compile(rf"^(?:场景|场次|场(?=\s*[0-9０-９]))\s*([{_NUM}]*)(?:$|{_SEP}+(.*)$)")
_SCENE_EN = re.compile(r"^scene\s*(\d+)?(?:$|[\s:.\-—–]+(.*)$)", re.IGNORECASE)
_SCENE_NUMBERED = re.compile(r"^(\d{1,3})\s*[-－—–]\s*(\d{1,4})(?:$|[\s\u3000、.．:：]+(.*)$)")
_SCENE_SLUG = re.compile(r"^(?:INT\.|EXT\.|INT\./EXT\.|I/E\.?|内景|外景)(?:$|[\s\u3000.．:：]+)")
# 2. 后院 夜 外 / 2、客厅 / 二、客厅 / 2．: a number, a list mark, a short title (no sentence in it);
# not when it is an item of a numbered list (Layout.list_items)
_SCENE_LISTED = LISTED
# ○2 客厅 夜 / 2 后院 夜 外: a number and a title that names a time or a place (日/夜/内/外 …)
_SCENE_MARKED = re.compile(r"^[○◎●■◆□◇☆★#＃№]?\s*([0-9０-９]{1,3})[\s\u3000]+(.{1,30})$")
_TIME_OR_PLACE = TIME_OR_PLACE
_NOT_A_TITLE = NOT_A_TITLE
_BRACKETED = re.compile(r"^[【\[〔（(]\s*(.{1,30}?)\s*[】\]〕）)]$")
_HEADING_FIRST = frozenset("第场SsIiEe内外0123456789０１２３４５６７８９零〇一二三四五六七八九十百两○◎●■◆□◇☆★＃№【[〔（(")

# Characters a speaker's name never contains.
_NOT_NAME = r"\s：:（）()【】\[\]“”\"'‘’「」『』《》〈〉，,。！!？?、；;…—~～/\\|<>=#*＊△▲"
_SPEAKER = re.compile(
    rf"^(?P<name>[^{_NOT_NAME}]{{1,40}})\s*(?:[（(](?P<action>[^（）()]{{0,60}})[）)])?\s*[：:]\s*(?P<text>.*)$"
)
_BRACKET_SPEAKER = re.compile(rf"^【(?P<name>[^{_NOT_NAME}]{{1,40}})】\s*[：:]?\s*(?P<text>\S.*)$")
_STANDALONE = re.compile(
    rf"^(?P<name>[^{_NOT_NAME}]{{1,40}})\s*(?:[（(](?P<action>[^（）()]{{0,60}})[）)])?\s*[：:]?$"
)
# "Name：" / "Name（action）：" at the start of a line, anywhere in a text (one C-level pass).
_COLON_NAMES = re.compile(
    rf"^[ \t\u3000]*([^{_NOT_NAME}]{{1,40}})[ \t\u3000]*(?:[（(][^（）()\n]{{0,60}}[）)])?[ \t\u3000]*[：:]", re.M
)
# A name with a colon right after the end of a sentence, inside a speech (女：…。男：…).
_INLINE_SPLIT = re.compile(rf"(?<=[。！？!?…」”』）)~～])[ \t\u3000]*([^{_NOT_NAME}]{{1,12}})[ \t\u3000]*[：:][ \t\u3000]*")
_OPENERS = {"（": "）", "(": ")", "【": "】", "[": "]"}
_INLINE_DIRECTION = re.compile(r"[（(]([^（）()]{1,40})[）)]")
_DIGITS_ONLY = re.compile(r"^[0-9０-９.\-]+$")
# The end of a sentence: a label's value (本刊记者, 2024年4月18日) has none.
_SENTENCE_END = re.compile(r"[。！？!?…]")
# A voice mark written against a Chinese name (李梅OS：, 王叔 VO：, 张三V.O.：): the character speaking
# off screen, not a character of its own. Only after a non-ASCII letter, so AMOS stays AMOS.
_VOICE_MARK = re.compile(r"^(?P<name>.*[^\x00-\x7f])\s*(?P<mark>OS|VO|O\.S\.|V\.O\.)$", re.IGNORECASE)


# The same mark after a space (王叔 VO：): the space would end the name, so it is taken out first.
_SPACED_VOICE_MARK = re.compile(r"^([^\x00-\x7f\s：:]{1,12})[ \t\u3000]+(OS|VO|O\.S\.|V\.O\.)(?=\s*[（(：:]|\s*$)",
                                re.IGNORECASE)


def _without_voice_mark(name: str) -> tuple[str, str]:
    """("李梅", "OS") for 李梅OS; (name, "") when there is no mark."""
    m = _VOICE_MARK.match(name)
    return (m.group("name").strip(), m.group("mark").upper()) if m else (name, "")
_ASCII_WORD = re.compile(r"^[A-Za-z][A-Za-z.'\- ]*$")
_SPEECH_VERB_END = re.compile(r"(?:说|道|问|答|喊|叫|嚷|骂|笑|叹)$")

# ---- novels --------------------------------------------------------------------------------------
_QUOTE = re.compile(r"“([^“”]{1,3000})”|「([^「」]{1,3000})」|\"([^\"\n]{1,3000})\"")
_VERBS = (
    "低声道|轻声道|冷笑道|笑着说|笑着道|大声道|高声道|厉声道|沉声道|柔声道|淡淡道|冷冷道|"
    "笑道|说道|问道|答道|叫道|喊道|骂道|哭道|叹道|怒道|喝道|嚷道|回道|应道|接道|续道|劝道|"
    "答应道|答应|补充道|解释道|回答道|回答|开口道|开口|插嘴道|插嘴|嘀咕道|嘀咕|喃喃道|喃喃|吼道|吼|"
    "说|道|问|答|喊|叫|嚷|骂|叹"
)
_NP = r"[^，。！？；…：:“”\"「」\s,!?;]"
_BEFORE = re.compile(rf"(?P<seg>{_NP}{{0,30}}?)(?P<verb>{_VERBS})\s*[：:，,]?\s*$")
_AFTER = re.compile(rf"^\s*(?P<seg>{_NP}{{1,30}}?)(?P<verb>{_VERBS})(?P<end>\s*[：:]|\s*(?:[。，,！!；;…]|$))")
_ATTRIBUTION_ONLY = re.compile(rf"^{_NP}{{0,30}}?(?:{_VERBS})\s*[：:，,。！!]?$")
_PREV_CLAUSE = re.compile(rf"(?:^|[。！？!?；;…])\s*(?P<clause>{_NP}{{1,30}})[，,]\s*$")
_MANNER = re.compile(
    r"(?:低声|轻声|小声|大声|高声|厉声|沉声|柔声|冷冷|淡淡|缓缓|慢慢|笑着|笑了笑|笑笑|哭着|想了想|点点头|点了点头|"
    r"摇摇头|摇了摇头|叹了口气|皱眉|皱着眉|冷笑|连忙|急忙|赶紧|赶忙|忙|又|也|便|就|却|才|还|只|都|不禁|忍不住|"
    r"终于|立刻|马上|突然|忽然|随即|接着|于是|然后|回头|转身|抬头|低头|一边)$"
)
_TO_SOMEONE = re.compile(r"^(?P<name>.+?)[对向跟朝冲和与].{1,8}$")
_ADVERB_DI = re.compile(r"^(?P<name>.+?).{2}地$")
PRONOUNS = frozenset("他 她 它 我 你 您 他们 她们 我们 你们 咱们 咱 大家 众人 对方 那人 这人 有人 另一人 一人 两人 "
                     "几人 此人 来人 二人 三人 他俩 她俩".split())


@dataclass
class ScriptOptions:
    """How :class:`ScriptParser` reads a text (see the module docstring for the rules)."""

    mode: str = "auto"  # "auto", "script" or "novel"
    max_name_len: int = DEFAULT_MAX_NAME_LEN  # longer "names" before a colon are not speakers
    known_characters: list[str] | tuple[str, ...] | None = None  # set: only these (and aliases) speak
    aliases: dict[str, str] = field(default_factory=dict)  # {"嬛嬛": "甄嬛"}: name as written → character
    standalone_names: bool = True  # read the screenplay layout (a name alone, the speech below)
    blank_line_ends_speech: bool = True  # False: a speech goes on over blank lines until a marker
    scene_break_blank_lines: int = 0  # N > 0: a run of N or more blank lines starts a new scene
    strip_inline_directions: bool = True  # （笑） inside a speech → the line's action
    non_speakers: tuple[str, ...] = DEFAULT_NON_SPEAKERS  # labels (时间：…) that are not speakers
    narrator_names: tuple[str, ...] = DEFAULT_NARRATORS  # their lines are narration, not speech
    extra_scene_patterns: tuple[str, ...] = ()  # regular expressions: a matching line starts a scene

    def check(self) -> None:
        if self.mode not in ("auto", "script", "novel"):
            raise InputError(say("script.error.mode", mode=repr(self.mode)))
        if not isinstance(self.max_name_len, int) or not 1 <= self.max_name_len <= 40:
            raise InputError(say("script.error.max_name_len", n=repr(self.max_name_len)))
        if self.scene_break_blank_lines < 0:
            raise InputError(say("script.error.scene_blank_lines"))
        for p in self.extra_scene_patterns:
            try:
                re.compile(p)
            except re.error as e:
                raise InputError(say("script.error.scene_pattern", pattern=repr(p), error=str(e))) from None


@dataclass
class ScriptLine:
    """One speech (several source lines joined, when it went on)."""

    speaker: str  # the character, aliases merged
    text: str  # the speech, without directions
    scene: int  # index of its scene in Script.scenes
    line_no: int  # 1-based line of the text where the speech starts
    action: str = ""  # directions for it: 沈砚（抖落雨水）：… → "抖落雨水"; several joined by "；"
    name_as_written: str = ""  # the speaker as the text spells it (before alias merging)
    context: list[str] = field(default_factory=list)  # narration since the previous speech of the scene
    heuristic: bool = False  # attributed by the novel heuristic, not by a speaker label


@dataclass
class Scene:
    index: int
    heading: str  # "第1幕" …; "" before the first heading
    episode: str = ""  # the episode heading it belongs to ("第一集"), or ""
    line_no: int = 1  # where it starts
    number: int | None = None  # 1 for 第1幕, 12 for 第十二场
    lines: list[ScriptLine] = field(default_factory=list)
    narration: list[str] = field(default_factory=list)  # directions and narration, in order
    info: dict[str, str] = field(default_factory=dict)  # labels: {"时间": "1998年", "地点": "客栈"}


@dataclass
class Unattributed:
    line_no: int
    text: str
    reason: str


@dataclass
class CharacterRow:
    name: str
    lines: int  # speeches
    chars: int  # characters spoken
    scenes: int  # scenes with at least one speech
    aliases: list[str] = field(default_factory=list)  # other spellings merged into this name
    first_line: int = 0
    heuristic: bool = False  # some lines were attributed by the novel heuristic


@dataclass
class Script:
    scenes: list[Scene]  # only scenes with at least one speech
    mode: str  # "script" or "novel"
    unattributed: list[Unattributed] = field(default_factory=list)  # speech without a (known) speaker
    rejected: list[Unattributed] = field(default_factory=list)  # "X：…" lines judged not speaker lines
    aliases: dict[str, str] = field(default_factory=dict)
    layout: str = ""  # "script", "zaju" or "novel": how the speeches were read
    cast: list[str] = field(default_factory=list)  # characters of the cast list (人物表, a 角色 | 演员 table)
    actors: list[str] = field(default_factory=list)  # actors of a cast table (never speakers)
    notes: list[str] = field(default_factory=list)  # encoded messages (core.messages): what was read, guessed
    problem: str = ""  # encoded message when the layout was not recognised (no speeches), else ""

    @property
    def heuristic(self) -> bool:
        """True when some speakers were guessed (novel mode, or names read without a colon); a
        text where nothing was read guessed nobody."""
        return (self.mode == "novel" and bool(self.scenes)) or any(x.heuristic for x in self.lines())

    def lines(self) -> Iterator[ScriptLine]:
        for s in self.scenes:
            yield from s.lines

    def characters(self) -> Counter[str]:
        """Speeches per character."""
        return Counter(x.speaker for x in self.lines())

    def character_table(self) -> list[CharacterRow]:
        return character_table(self)

    def merge_aliases(self, aliases: Mapping[str, str]) -> Script:
        """A copy with the names merged: ``{"嬛嬛": "甄嬛", "莞贵人": "甄嬛"}``."""
        resolve = _alias_resolver({**self.aliases, **aliases})
        scenes = [replace(s, lines=[replace(x, speaker=resolve(x.speaker)) for x in s.lines]) for s in self.scenes]
        return replace(self, scenes=scenes, unattributed=list(self.unattributed), rejected=list(self.rejected),
                       aliases={**self.aliases, **aliases})


def character_table(script: Script) -> list[CharacterRow]:
    """Each character's speeches, characters spoken and scenes, most speeches first."""
    rows: dict[str, CharacterRow] = {}
    scenes: dict[str, set[int]] = {}
    for x in script.lines():
        r = rows.get(x.speaker)
        if r is None:
            r = rows[x.speaker] = CharacterRow(x.speaker, 0, 0, 0, first_line=x.line_no)
            scenes[x.speaker] = set()
        r.lines += 1
        r.chars += len(x.text)
        scenes[x.speaker].add(x.scene)
        if x.name_as_written and x.name_as_written != x.speaker and x.name_as_written not in r.aliases:
            r.aliases.append(x.name_as_written)
        r.heuristic = r.heuristic or x.heuristic
    for name, r in rows.items():
        r.scenes = len(scenes[name])
        r.aliases.sort()
    return sorted(rows.values(), key=lambda r: (-r.lines, r.first_line))


def _alias_resolver(aliases: Mapping[str, str]):
    table = {k.strip(): v.strip() for k, v in aliases.items() if k.strip() and v.strip()}

    def resolve(name: str) -> str:
        seen = {name}
        while name in table:
            name = table[name]
            if name in seen:  # a cycle: stop where it closes
                break
            seen.add(name)
        return name

    return resolve


_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def parse_number(s: str) -> int | None:
    """12, "１２", "十二", "一百零五", "二〇二四" → the number; None when it is not one."""
    s = s.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if all(c in _CN_DIGITS for c in s):  # 二〇二四: digit by digit
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    total = section = digit = 0
    for c in s:
        if c in _CN_DIGITS:
            digit = _CN_DIGITS[c]
        elif c in _CN_UNITS:
            unit = _CN_UNITS[c]
            if unit == 10000:
                total += (section + digit) * unit
                section = 0
            else:
                section += (digit or 1) * unit
            digit = 0
        else:
            return None
    return total + section + digit


def _join(a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    x, y = a[-1], b[0]
    if ord(x) < 0x2E80 and ord(y) < 0x2E80 and (x.isalnum() or x in ",.;:!?") and y.isalnum():
        return a + " " + b
    return a + b


@dataclass
class _Open:
    """A speech being read."""

    name: str
    line_no: int
    parts: list[str]
    actions: list[str]
    context: list[str]
    heuristic: bool = False  # the speaker was guessed (a name without a colon, a recurring inline name)


class ScriptParser:
    """Parse scripts and novels into a :class:`Script` (see the module docstring)."""

    def __init__(self, options: ScriptOptions | None = None):
        self.options = options or ScriptOptions()
        self.options.check()
        o = self.options
        self._resolve = _alias_resolver(o.aliases)
        self._non_speakers = frozenset(o.non_speakers)
        self._narrators = frozenset(o.narrator_names)
        known = None
        if o.known_characters:
            known = {n.strip() for n in o.known_characters if n.strip()}
            known |= {k for k, v in o.aliases.items() if self._resolve(v) in known or v in known}
        self._known = frozenset(known) if known is not None else None
        self._extra = [re.compile(p) for p in o.extra_scene_patterns]
        # Set per text by parse() from its layout (so one parser reads one text at a time).
        self._numeric: frozenset[str] = frozenset()
        self._actors: frozenset[str] = frozenset()
        self._cast: frozenset[str] = frozenset()
        self._stats: Counter[str] = Counter()

    # ---- public ------------------------------------------------------------------------------
    def canonical(self, name: str) -> str:
        """The character ``name`` stands for, after the options' aliases."""
        return self._resolve(name.strip())

    def parse(self, text: str) -> Script:
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        mode = self.options.mode
        self._numeric = self._actors = self._cast = frozenset()
        self._stats = Counter()
        colon_hits = _COLON_NAMES.findall(text)
        colon_names = {n for n in colon_hits if self._name_problem(n) is None}
        layout = analyse(lines, self._name_problem, self.heading, self.options.max_name_len, colon_names)
        self._numeric = frozenset(layout.numeric_speakers)
        self._actors = frozenset(layout.actors - set(layout.cast))
        self._cast = frozenset(layout.cast)
        script: Script | None = None
        if mode != "novel":
            if script_zaju.looks_like_zaju(lines, len(colon_hits)):
                zaju = script_zaju.parse_zaju(lines, self)
                if zaju.scenes or mode == "script":
                    return self._finish(zaju, layout)
            script, n_speakers, n_content = self._parse_script(lines, text, layout)
            n_speakers -= self._labels_not_speeches(script)
            if mode == "script" or (n_speakers >= 3 and n_speakers >= 0.1 * n_content):
                return self._finish(script, layout)
        novel = self._parse_novel(lines)
        if not novel.scenes and script is not None and script.scenes:
            return self._finish(script, layout)  # a few speaker lines and no quoted speech at all
        return self._finish(novel, layout, script)

    def _finish(self, script: Script, layout: Layout, other: Script | None = None) -> Script:
        """The parse result with what the layout gave: cast, notes, and the problem when no
        speech was read (what the parser expected and what it found instead)."""
        script.cast = list(layout.cast)
        script.actors = sorted(layout.actors - set(layout.cast))
        if not script.layout:
            script.layout = script.mode
        notes = script.notes
        if layout.cast:
            notes.append(say("script.layout.cast", n=len(layout.cast), names="、".join(layout.cast[:12])).encode())
        if script.actors:
            notes.append(say("script.layout.actors", n=len(script.actors)).encode())
        tables = layout.table_counts()
        if tables["dialogue"]:
            notes.append(say("script.layout.table_dialogue", n=tables["dialogue"]).encode())
        if tables["other"]:
            notes.append(say("script.layout.tables_skipped", n=tables["other"]).encode())
        if script.mode == "novel" and script.scenes:
            notes.append(say("script.guess.novel").encode())
        if script.layout == "script":
            st = self._stats
            if layout.numeric_speakers and any(x.speaker in layout.numeric_speakers for x in script.lines()):
                notes.append(say("script.layout.numeric", names="、".join(sorted(layout.numeric_speakers))).encode())
            if st["inline_known"]:
                notes.append(say("script.layout.inline", n=st["inline_known"]).encode())
            if st["inline_guessed"]:
                notes.append(say("script.guess.inline", n=st["inline_guessed"],
                                 names="、".join(sorted(layout.inline_guessed))).encode())
            if st["no_colon"]:
                notes.append(say("script.guess.no_colon", n=st["no_colon"],
                                 names="、".join(sorted(layout.no_colon_names))).encode())
        if not script.scenes:
            script.problem = self._not_recognised(script, layout, other).encode()
        return script

    def _not_recognised(self, script: Script, layout: Layout, other: Script | None):
        if layout.no_colon_rejected:
            names = "、".join(n for n, _ in layout.no_colon_rejected.most_common(5))
            return say("script.not_recognised.no_colon", n=sum(layout.no_colon_rejected.values()), names=names)
        rejected = (other.rejected if other is not None else []) or script.rejected
        if rejected:
            return say("script.not_recognised.rejected", n=len(rejected), example=rejected[0].text[:30])
        return say("script.not_recognised.nothing")

    def _labels_not_speeches(self, script: Script) -> int:
        """``名称：值`` lines that were read as speeches but are a form's or a notice's labels
        (参加对象：全体学生, 注意：…, 采访人：本刊记者): moved to their scene's info and to
        ``script.rejected``; returns how many. Two shapes, never for names of the cast list or
        the known characters:

        - nobody speaks twice (in three lines or more): a text of one-off "names" before colons is
          a notice or a form, not a dialogue (a dialogue has people who answer each other);
        - a header block: at least two names that speak once, each before anyone who speaks
          again has spoken, with a value that is no sentence (no 。！？…) — 访谈：… 采访人：… 受访人：…
          above the Q：/A： of an interview. One such line alone stays a speech."""
        lines = list(script.lines())
        counts = Counter(x.speaker for x in lines)
        vouched = self._cast | (self._known or frozenset())
        if not lines:
            return 0
        labels: list[ScriptLine] = []
        if max(counts.values()) == 1 and len(lines) >= 3:
            labels = [x for x in lines if x.speaker not in vouched]
        elif max(counts.values()) > 1:
            first_talk = min(x.line_no for x in lines if counts[x.speaker] > 1)
            labels = [x for x in lines if counts[x.speaker] == 1 and x.line_no < first_talk
                      and x.speaker not in vouched and not _SENTENCE_END.search(x.text) and len(x.text) <= 30]
            if len(labels) < 2:
                return 0
        if not labels:
            return 0
        dropped = {id(x) for x in labels}
        for x in labels:
            scene = script.scenes[x.scene]
            scene.info.setdefault(x.name_as_written or x.speaker, x.text)
            script.rejected.append(Unattributed(x.line_no, f"{x.name_as_written or x.speaker}：{x.text}",
                                                say("script.unattributed.label_unanswered", name=x.speaker).encode()))
        kept_scenes = []
        for scene in script.scenes:
            scene.lines = [x for x in scene.lines if id(x) not in dropped]
            if scene.lines:
                scene.index = len(kept_scenes)
                for x in scene.lines:
                    x.scene = scene.index
                kept_scenes.append(scene)
        script.scenes = kept_scenes
        script.rejected.sort(key=lambda r: r.line_no)
        return len(labels)

    # ---- shared --------------------------------------------------------------------------------
    def heading(self, s: str) -> tuple[str, str, int | None] | None:
        """("episode" or "scene", heading text, number) when the stripped line ``s`` is a heading."""
        if s.startswith("#"):
            s = s.lstrip("#").strip()
            if not s:
                return None
        if s[0] in _HEADING_FIRST:
            m = _HEADING.match(s)
            if m is not None:
                if len(s) > 40:
                    return None
                kind = "episode" if m.group(2) in "集部卷" else "scene"
                return kind, s, parse_number(m.group(1))
            m = _SCENE_WORD.match(s)
            if m is not None and len(s) <= 40:
                return "scene", s, parse_number(m.group(1) or "")
            m = _SCENE_NUMBERED.match(s)
            if m is not None and len(s) <= 40:
                return "scene", s, int(m.group(2))
            m = _SCENE_LISTED.match(s)
            if m is not None and not _NOT_A_TITLE.search(m.group(2)):
                return "scene", s, parse_number(m.group(1))
            m = _SCENE_MARKED.match(s)
            if m is not None and not _NOT_A_TITLE.search(m.group(2)) and _TIME_OR_PLACE.search(m.group(2)):
                return "scene", s, parse_number(m.group(1))
            m = _BRACKETED.match(s)  # 【第二场】 [Scene 2] 〔第一折〕
            if m is not None and m.group(1)[:1] in "第场Ss":
                inner = self.heading(m.group(1))
                if inner is not None:
                    return inner[0], s, inner[2]
            if len(s) <= 60:
                m = _SCENE_EN.match(s)
                if m is not None:
                    return "scene", s, int(m.group(1)) if m.group(1) else None
                if _SCENE_SLUG.match(s):
                    return "scene", s, None
        for p in self._extra:
            if p.search(s):
                return "scene", s, None
        return None

    def _name_problem(self, name: str) -> Message | None:
        """Why ``name`` (before a colon) is not a speaker (a message: the reason the Documents tab
        shows beside the line, in the reader's language), or None if it is one."""
        o = self.options
        if len(name) > o.max_name_len:
            return say("script.name.too_long", n=len(name), limit=o.max_name_len)
        if _DIGITS_ONLY.match(name) and name not in self._numeric:
            return say("script.name.number")
        if name in self._non_speakers or name in _ALWAYS_LABELS:
            return say("script.name.label")
        if name in self._actors:
            return say("script.name.actor")
        if not name[0].isalpha() and ord(name[0]) < 0x2E80 and name not in self._numeric:
            return say("script.name.not_a_name")
        if self._known is not None and name not in self._known and self._resolve(name) not in self._known:
            return say("script.name.unknown_character")
        return None

    # ---- scripts -------------------------------------------------------------------------------
    def _standalone_names(self, lines: list[str], text: str) -> set[str]:
        """Names that stand alone on a line (screenplay layout) at least twice, or that are known,
        or that speak with a colon elsewhere in the text."""
        if not self.options.standalone_names:
            return set()
        colon_names = set(_COLON_NAMES.findall(text))
        limit = self.options.max_name_len + 12
        counts: Counter[str] = Counter()
        for raw in lines:
            s = raw.strip()
            if s and len(s) <= limit:
                m = _STANDALONE.match(s)
                if m is not None:
                    counts[_without_voice_mark(m.group("name"))[0]] += 1
        out = {n for n, c in counts.items()
               if c >= 2 or n in colon_names or n in self._cast or (self._known is not None and n in self._known)}
        return {n for n in out if self._name_problem(n) is None and self.heading(n) is None
                and n not in self._narrators}

    def _split_inline(self, text: str, layout: Layout) -> list[tuple[str, str, bool]]:
        """女：你来了。男：我来了。 → [("", "你来了。", False), ("男", "我来了。", guessed)]: a speech cut
        at names (after a sentence end) that speak elsewhere or recur this way; [] when none."""
        names = layout.inline_known | layout.inline_guessed
        out: list[tuple[str, str, bool]] = []
        cut = len(text)
        for m in reversed(list(_INLINE_SPLIT.finditer(text))):
            name = m.group(1)
            if name in names:
                out.append((name, text[m.end():cut].strip(), name not in layout.inline_known))
                cut = m.start()
        out.reverse()
        return [("", text[:cut].strip(), False)] + out if out else []

    def _parse_script(self, lines: list[str], text: str, layout: Layout | None = None) -> tuple[Script, int, int]:
        o = self.options
        resolve = self._resolve
        layout = layout or Layout()
        standalone = self._standalone_names(lines, text)
        bracket_names = (standalone | self._cast
                         | {n for n in _COLON_NAMES.findall(text) if self._name_problem(n) is None})
        no_colon = layout.no_colon_names
        inline_names = bool(layout.inline_known or layout.inline_guessed)
        skip = layout.skip_lines | layout.cast_lines
        list_items = layout.list_items
        stats = self._stats
        scenes: list[Scene] = []
        unattributed: list[Unattributed] = []
        rejected: list[Unattributed] = []
        episode = ""
        scene = Scene(0, "", "", 1)
        context: list[str] = []  # narration since the last speech of the scene
        cur: _Open | None = None
        closer = ""  # inside a bracketed direction over several lines: its closing bracket …
        closer_left = 0  # … for at most this many more lines (an unclosed bracket must not eat the script)
        blank_run = 0
        n_speakers = n_content = 0
        split_directions = o.strip_inline_directions
        ends_on_blank = o.blank_line_ends_speech
        scene_break = o.scene_break_blank_lines
        max_name = o.max_name_len
        name_problem = self._name_problem
        narrators = self._narrators

        def close() -> None:
            nonlocal cur
            if cur is None:
                return
            text = "".join(cur.parts) if len(cur.parts) <= 1 else _join_all(cur.parts)
            actions = cur.actions
            if split_directions and ("（" in text or "(" in text):
                found = _INLINE_DIRECTION.findall(text)
                if found:
                    actions = actions + [a.strip() for a in found if a.strip()]
                    text = _INLINE_DIRECTION.sub("", text)
            text = _unquote(text.strip())
            if text:
                scene.lines.append(ScriptLine(
                    speaker=resolve(cur.name), text=text, scene=len(scenes), line_no=cur.line_no,
                    action="；".join(actions), name_as_written=cur.name, context=cur.context,
                    heuristic=cur.heuristic,
                ))
            elif actions:
                scene.narration.append(f"{cur.name}（{'；'.join(actions)}）")
            cur = None

        def narrate(s: str) -> None:
            scene.narration.append(s)
            context.append(s)

        def new_scene(heading: str, line_no: int, number: int | None) -> None:
            nonlocal scene, context
            close()
            if scene.lines:
                scenes.append(scene)
            scene = Scene(len(scenes), heading, episode, line_no, number)
            context = []

        def start(name: str, text: str, action: str, line_no: int, guessed: bool = False) -> None:
            nonlocal cur, context, n_speakers
            close()
            n_speakers += 1
            parts = self._split_inline(text, layout) if inline_names and text else []
            if parts:  # 女：你来了。男：我来了。 — one speech per name
                stats["inline_guessed" if any(g for _, _, g in parts) else "inline_known"] += 1
                text = parts[0][1]
            cur = _Open(name, line_no, [text] if text else [], [action.strip()] if action.strip() else [],
                        context, guessed)
            context = []
            for other, said, g in parts[1:]:
                close()
                cur = _Open(other, line_no, [said] if said else [], [], [], g)

        for i, raw in enumerate(lines, 1):
            s = raw.strip()
            if i - 1 in skip:  # the cast list, a table that is not dialogue: never speech
                close()
                closer = ""
                continue
            s = layout.rewritten.get(i - 1, s)  # a dialogue table's row, as 角色：台词
            if i - 1 in layout.table_scenes:  # its scene column changed (场次 1 → 2): a new scene
                heading = layout.table_scenes[i - 1]
                new_scene(heading, i, parse_number(heading.rsplit(" ", 1)[-1]))
            if not s:
                blank_run += 1
                closer = ""
                if cur is not None and ends_on_blank:
                    close()
                if scene_break and blank_run == scene_break and (scene.lines or cur is not None):
                    new_scene("", i + 1, None)
                continue
            blank_run = 0
            n_content += 1
            if closer and closer_left > 0:  # the rest of a direction in brackets
                narrate(s)
                closer_left -= 1
                if closer in s:
                    closer = ""
                continue
            first = s[0]
            h = (self.heading(s) if (first in _HEADING_FIRST or first == "#" or self._extra)
                 and i - 1 not in list_items else None)
            if h is not None:
                kind, text, number = h
                if kind == "episode":
                    episode = text
                new_scene(text if kind == "scene" else "", i, number)
                if kind == "episode":
                    scene.episode = episode
                continue
            if first in _OPENERS:
                if first == "【":
                    m = _BRACKET_SPEAKER.match(s)
                    # 【林晚】台词 without a colon: only a name that speaks elsewhere (not 【混江龙】, a tune)
                    if (m is not None and name_problem(m.group("name")) is None
                            and (s[m.end("name") + 1:].lstrip()[:1] in "：:" or m.group("name") in bracket_names)):
                        start(m.group("name"), m.group("text"), "", i)
                        continue
                if cur is not None and not cur.parts:  # 林晚 /（低声）/ 台词: the speech's action
                    cur.actions.append(s[1:-1].strip() if s[-1] == _OPENERS[first] else s[1:].strip())
                    continue
                close()
                narrate(s)
                if _OPENERS[first] not in s:
                    closer, closer_left = _OPENERS[first], MAX_DIRECTION_LINES
                continue
            if first in "△▲":
                close()
                narrate(s[1:].strip())
                continue
            if "：" in s or ":" in s:
                m = _SPEAKER.match(s) or _SPEAKER.match(_SPACED_VOICE_MARK.sub(r"\1\2", s, count=1))
                if m is not None:
                    name, voice = _without_voice_mark(m.group("name"))
                    text = m.group("text")
                    problem = name_problem(name)
                    if problem is None and _SPEECH_VERB_END.search(name) and text[:1] in "“「\"":
                        problem = say("script.name.novel_speech")
                    if problem is None and text.startswith("//"):
                        problem = say("script.name.web_address")
                    if problem is None:
                        if name in narrators:
                            close()
                            narrate(text)
                            continue
                        start(name, text, "；".join(a for a in (m.group("action") or "", voice) if a), i)
                        continue
                    close()
                    if problem.code == "script.name.label":
                        scene.info.setdefault(name, text)
                    else:
                        said = say("script.unattributed.name", name=name, problem=problem).encode()
                        rejected.append(Unattributed(i, s, said))
                        if problem.code == "script.name.unknown_character":
                            unattributed.append(Unattributed(i, s, said))
                    narrate(s)
                    continue
            if no_colon:
                m = NO_COLON.match(s)
                if m is not None and m.group("name") in no_colon:  # 林晚　台词: a guess, labelled so
                    stats["no_colon"] += 1
                    start(m.group("name"), m.group("text"), "", i, guessed=True)
                    continue
            if standalone and len(s) <= max_name + 12:
                m = _STANDALONE.match(s)
                name, voice = _without_voice_mark(m.group("name")) if m is not None else ("", "")
                if m is not None and name in standalone:
                    if i < len(lines) and lines[i].strip():  # the speech follows
                        start(name, "", "；".join(a for a in (m.group("action") or "", voice) if a), i)
                    else:  # 阿福（点头） and nothing after it: a direction
                        close()
                        narrate(s)
                    continue
            if cur is not None:
                cur.parts.append(s)
                continue
            narrate(s)
        close()
        if scene.lines:
            scenes.append(scene)
        return (Script(scenes=scenes, mode="script", unattributed=unattributed, rejected=rejected,
                       aliases=dict(o.aliases)), n_speakers, n_content)

    # ---- novels --------------------------------------------------------------------------------
    def _name_from_segment(self, seg: str, known: frozenset[str] | set[str]) -> tuple[str | None, str]:
        """(name, "") or (None, why not) for the words before a speech verb."""
        seg = seg.strip()
        if known:
            best = ""
            for n in known:
                if seg.startswith(n) and len(n) > len(best):
                    best = n
            if best:
                return best, ""
        name = seg
        for _ in range(4):
            m = _MANNER.search(name)
            if m is not None and m.start() > 0:
                name = name[: m.start()]
                continue
            m = _ADVERB_DI.match(name) if name.endswith("地") else None
            if m is not None:
                name = m.group("name")
                continue
            m = _TO_SOMEONE.match(name) if len(name) > 2 else None
            if m is not None and len(m.group("name")) >= 1:
                name = m.group("name")
                continue
            break
        if not name:
            return None, say("script.unattributed.no_speaker_before_verb").encode()
        if name in PRONOUNS:
            return None, say("script.unattributed.pronoun", name=name).encode()
        if known:
            hit = next((n for n in sorted(known, key=len, reverse=True) if n in seg), None)
            if hit is not None and (len(name) > self.options.max_name_len or self._known is not None):
                return hit, ""
        problem = self._name_problem(name)
        if problem is not None:
            if problem.code == "script.name.too_long":
                return None, say("script.unattributed.unclear", words=seg).encode()
            return None, say("script.unattributed.name", name=name, problem=problem).encode()
        return name, ""

    def _parse_novel(self, lines: list[str]) -> Script:
        o = self.options
        # Pass 1: every quote, where it is, and what stands around it.
        paragraphs: list[tuple[int, str]] = []
        scene_starts: dict[int, tuple[str, str, int | None]] = {}
        for i, raw in enumerate(lines, 1):
            s = raw.strip()
            if not s:
                continue
            h = self.heading(s)
            if h is not None:
                scene_starts[len(paragraphs)] = h
                continue
            paragraphs.append((i, s))
        found: list[list[tuple[str, str, str]]] = []  # per paragraph: (quote, pre, post)
        spans: list[list[tuple[int, int]]] = []
        for _, s in paragraphs:
            qs: list[tuple[str, str, str]] = []
            sp: list[tuple[int, int]] = []
            ms = list(_QUOTE.finditer(s)) if ("“" in s or "「" in s or '"' in s) else []
            for k, m in enumerate(ms):
                a, b = m.span()
                prev_end = ms[k - 1].end() if k else 0
                next_start = ms[k + 1].start() if k + 1 < len(ms) else len(s)
                qs.append((next(g for g in m.groups() if g is not None), s[max(prev_end, a - 40):a],
                           s[b:min(next_start, b + 40)]))
                sp.append((a, b))
            found.append(qs)
            spans.append(sp)
        known: set[str] = set(self._known or ())
        if self._known is None:  # names found at least twice help to read long segments
            seen: Counter[str] = Counter()
            for qs in found:
                for _, pre, post in qs:
                    seg = self._segment(pre, post)[0]
                    if seg:
                        name, _ = self._name_from_segment(seg, ())
                        if name:
                            seen[name] += 1
            known = {n for n, c in seen.items() if c >= 2}
        known_f = frozenset(known)
        # Pass 2: attribute.
        resolve = self._resolve
        scenes: list[Scene] = []
        unattributed: list[Unattributed] = []
        episode = ""
        scene = Scene(0, "", "", 1)
        context: list[str] = []
        for pi, ((line_no, s), qs, sp) in enumerate(zip(paragraphs, found, spans, strict=True)):
            h = scene_starts.get(pi)
            if h is not None:
                if scene.lines:
                    scenes.append(scene)
                if h[0] == "episode":
                    episode = h[1]
                scene = Scene(len(scenes), h[1] if h[0] == "scene" else "", episode, line_no, h[2])
                context = []
            if not qs:
                scene.narration.append(s)
                context.append(s)
                continue
            bounds = [0] + [x for ab in sp for x in ab] + [len(s)]
            pieces = (s[bounds[j]:bounds[j + 1]].strip() for j in range(0, len(bounds), 2))
            rest = "".join(x for x in pieces if x and not _ATTRIBUTION_ONLY.match(x))
            if rest:
                scene.narration.append(rest)
                context.append(rest)
            carry: str | None = None  # the speaker of the previous quote, when this one continues it
            for k, (quote, pre, post) in enumerate(qs):
                text = quote.strip()
                if not text:
                    continue
                a, b = sp[k]
                if _is_term(s, a, b):
                    continue  # 所谓“江湖”: a quoted word, not speech
                seg, where = self._segment(pre, post)
                name: str | None = None
                why = say("script.unattributed.no_pattern").encode()
                if seg:
                    name, why = self._name_from_segment(seg, known_f)
                elif carry is not None and k > 0:
                    name = carry
                carry = name if where == "after" else None
                if name is None:
                    unattributed.append(Unattributed(line_no, text, why))
                    continue
                scene.lines.append(ScriptLine(
                    speaker=resolve(name), text=text, scene=len(scenes), line_no=line_no,
                    name_as_written=name, context=context, heuristic=True,
                ))
                context = []
        if scene.lines:
            scenes.append(scene)
        return Script(scenes=scenes, mode="novel", unattributed=unattributed, rejected=[],
                      aliases=dict(o.aliases))

    @staticmethod
    def _segment(pre: str, post: str) -> tuple[str | None, str]:
        """The words naming the speaker of a quote and where they stood: before it (X说：“…”),
        after it (“…”X说。), or in the clause before a bare verb (X笑了笑，说：“…”)."""
        m = _BEFORE.search(pre)
        if m is not None:
            seg = m.group("seg")
            if seg:
                return seg, "before"
            c = _PREV_CLAUSE.search(pre[: m.start()])
            if c is not None:
                return c.group("clause"), "before"
        m = _AFTER.match(post)
        if m is not None and ":" not in m.group("end") and "：" not in m.group("end"):
            return m.group("seg"), "after"
        return None, ""


def _is_term(s: str, a: int, b: int) -> bool:
    """A quoted word inside a sentence (所谓“江湖”就是…, 常说“江湖”二字), not speech: a letter
    right before the quote (not a speech verb), and a letter after it or a short quote."""
    if a == 0:
        return False
    before = s[a - 1]
    if not before.isalnum() or before in "说道问答喊叫嚷骂":
        return False
    return b - a <= 10 or (b < len(s) and s[b].isalnum())


def _join_all(parts: list[str]) -> str:
    out = parts[0]
    for p in parts[1:]:
        out = _join(out, p)
    return out


def _unquote(text: str) -> str:
    """“整句引号” around a whole speech are dropped."""
    if len(text) >= 2 and ((text[0] == "“" and text[-1] == "”" and "“" not in text[1:-1])
                           or (text[0] == "「" and text[-1] == "」" and "「" not in text[1:-1])):
        return text[1:-1].strip()
    return text


def parse_script(text: str, options: ScriptOptions | None = None) -> Script:
    """``ScriptParser(options).parse(text)``."""
    return ScriptParser(options).parse(text)
