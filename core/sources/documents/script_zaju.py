"""Zaju (杂剧) and chuanqi (传奇) texts: speeches marked by role cues, songs under tune titles.

The layout, as the common editions print it::

    第一折
    （正旦扮李氏上，云）妾身李氏……        ← a role enters and speaks
    〔正旦云〕妾身李氏……                    ← the same with 〔〕
    〔正旦唱〕                               ← the role sings what follows
    【仙吕·点绛唇】满目秋光……              ← a tune title (曲牌): the song's heading, not a speaker
    【混江龙】想当初……（带云）……（唱）……   ← the singer speaks a line within the song, then sings on
    （末）娘子不必悲伤。                     ← chuanqi: the role alone in brackets speaks
    （下）                                   ← stage direction
    题目　…… / 正名　……                     ← the play's title couplets (kept as scene info)

The speaker is the role in the cue (正旦, 末, 净 …, or a name with a cue: 〔张千云〕). A tune is
sung by the role named in the cue before it (〔X唱〕, or a role marker right after the title), or
else by whoever sang last in the act; the tune title goes to the line's action (``唱【混江龙】``).
Acts (``楔子``, ``第一折``, ``第一出``) are scenes.
"""

from __future__ import annotations

import re
from collections import Counter

ROLE_TYPES = tuple(sorted(
    "正末 冲末 外末 小末 副末 末泥 末 正旦 小旦 贴旦 外旦 老旦 搽旦 花旦 色旦 大旦 旦儿 旦 小生 老生 生 外 净 副净 "
    "小净 丑 小丑 贴 孤 卜儿 孛老 俫儿 徕儿 倈儿 邦老 驾 众 杂 夫".split(), key=len, reverse=True))
_CUES = ("诗云", "词云", "带云", "背云", "内云", "同云", "齐云", "云", "唱", "白", "念")
_CUE = re.compile("(" + "|".join(_CUES) + r")$")
_TOKEN = re.compile(r"〔([^〔〕\n]{1,40})〕|[（(]([^（）()\n]{1,40})[）)]|【([^【】\n]{1,24})】")
_ACT = re.compile(r"^(?:楔子|第[一二三四五六七八九十百零〇两0-9０-９]+[折出齣])(?:$|[\s\u3000：:、.．·]+(.*)$)")
_TITLE_COUPLET = re.compile(r"^(题目|正名)(?:[\s\u3000]+|[：:])\s*(\S.*)$")
_ROLE_CUT = re.compile(r"[扮同上下引领带，,、做慌急]")


def _role_of(rest: str) -> str:
    for r in ROLE_TYPES:
        if rest.startswith(r):
            return r
    return ""


def read_marker(content: str) -> tuple[str, str, str]:
    """(kind, role, cue) for the inside of a bracket: kind "cue" (a role speaks or sings; role may
    be "" for 〔云〕/（唱）, which go on with the current role), "enter" (正旦上: the role
    enters) or "direction" (下, 做哭科 …)."""
    c = content.strip().replace(" ", "").replace("\u3000", "")
    m = _CUE.search(c)
    cue = m.group(1) if m else ""
    rest = c[: m.start()].rstrip("，,、") if m else c
    role = _role_of(rest)
    if cue:
        if not rest:
            return "cue", "", cue
        if role and (rest == role or _ROLE_CUT.match(rest[len(role):] or "x")):
            return "cue", role, cue
        if len(rest) <= 4 and not _ROLE_CUT.search(rest):  # 〔张千云〕: a name with a cue
            return "cue", rest, cue
        return "direction", "", ""
    if role and rest == role:  # （旦）: the role speaks (chuanqi)
        return "cue", role, ""
    if role and rest.endswith("上") and _ROLE_CUT.match(rest[len(role):] or "x"):
        return "enter", role, ""
    return "direction", "", ""


def looks_like_zaju(lines: list[str], colon_speaker_lines: int) -> bool:
    """True when role cues (〔正旦云〕, （末唱）…) mark the speeches rather than ``角色：`` labels."""
    cues = 0
    tunes = 0
    for raw in lines:
        s = raw.strip()
        if not s or s[0] not in "〔（(【":
            continue
        for k, m in enumerate(_TOKEN.finditer(s)):
            if m.group(3) is not None:
                tunes += 1
                continue
            kind, role, cue = read_marker(m.group(1) or m.group(2))
            # （末）… at a line start is a cue too (chuanqi); inside a line it may be a remark
            if kind == "cue" and role and (cue or m.group(1) is not None or (k == 0 and m.end() < len(s))):
                cues += 1
    return cues >= 3 and cues >= colon_speaker_lines and (tunes >= 1 or cues >= 6)


def role_counts(lines: list[str]) -> Counter[str]:
    out: Counter[str] = Counter()
    for raw in lines:
        for m in _TOKEN.finditer(raw):
            if m.group(3) is None:
                kind, role, _ = read_marker(m.group(1) or m.group(2))
                if kind == "cue" and role:
                    out[role] += 1
    return out


def tokens(s: str):
    """The pieces of a line: ("text", t), ("marker", content, is_square_bracket) or ("tune", title)."""
    at = 0
    for m in _TOKEN.finditer(s):
        if m.start() > at:
            t = s[at:m.start()].strip()
            if t:
                yield ("text", t)
        if m.group(3) is not None:
            yield ("tune", m.group(3).strip())
        else:
            yield ("marker", m.group(1) if m.group(1) is not None else m.group(2), m.group(1) is not None)
        at = m.end()
    if at < len(s):
        t = s[at:].strip()
        if t:
            yield ("text", t)


def act_heading(s: str) -> bool:
    return _ACT.match(s) is not None and len(s) <= 40


def title_couplet(s: str) -> tuple[str, str] | None:
    m = _TITLE_COUPLET.match(s)
    return (m.group(1), m.group(2)) if m else None


def parse_zaju(lines: list[str], parser):
    """The :class:`~core.sources.documents.script.Script` of a zaju/chuanqi text (see the module
    docstring); ``parser`` is the ScriptParser (for its aliases and scene headings)."""
    from core.messages import say
    from core.sources.documents.script import Scene, Script, ScriptLine, Unattributed

    scenes: list[Scene] = []
    unattributed: list[Unattributed] = []
    scene = Scene(0, "", "", 1)
    context: list[str] = []
    state = {"role": "", "singer": "", "tune": None, "last_tune": ""}
    cur: dict | None = None
    songs = 0

    def close() -> None:
        nonlocal cur, context, songs
        if cur is None:
            return
        text = "".join(cur["parts"]).strip()
        if text:
            action = "；".join(a for a in cur["actions"] if a)
            scene.lines.append(ScriptLine(
                speaker=parser.canonical(cur["role"]), text=text, scene=len(scenes), line_no=cur["line_no"],
                action=action, name_as_written=cur["role"], context=cur["context"]))
            songs += cur["sung"]
            context = []
        cur = None

    def open_line(role: str, line_no: int, sung: bool, tune: str = "") -> None:
        nonlocal cur
        close()
        action = (f"唱【{tune}】" if tune else "唱") if sung else ""
        cur = {"role": role, "line_no": line_no, "parts": [], "actions": [action], "context": context,
               "sung": sung}

    def narrate(s: str) -> None:
        scene.narration.append(s)
        context.append(s)

    for i, raw in enumerate(lines, 1):
        s = raw.strip()
        if not s:
            close()
            continue
        h = parser.heading(s) if not act_heading(s) else ("scene", s, None)
        if h is not None:
            close()
            if scene.lines:
                scenes.append(scene)
            scene = Scene(len(scenes), h[1], "", i, h[2])
            context = []
            state.update(singer="", tune=None)
            continue
        couplet = title_couplet(s)
        if couplet is not None:
            close()
            key, value = couplet
            scene.info[key] = f"{scene.info[key]}；{value}" if key in scene.info else value
            narrate(s)
            continue
        entered = ""
        for k, tok in enumerate(tokens(s)):
            if tok[0] == "text":
                t = tok[1]
                if cur is not None:
                    cur["parts"].append(t)
                elif state["tune"] is not None or entered:
                    role = entered or state["singer"] or state["role"]
                    tune = state["tune"] or ""
                    if role:
                        open_line(role, i, state["tune"] is not None, tune)
                        cur["parts"].append(t)
                    else:
                        unattributed.append(Unattributed(i, t, f"a song under 【{tune}】 with no role named before it"))
                    state["tune"] = None
                else:
                    narrate(t)
                entered = ""
                continue
            if tok[0] == "tune":
                close()
                state["tune"] = state["last_tune"] = tok[1]
                entered = ""
                continue
            kind, role, cue = read_marker(tok[1])
            if kind == "cue" and cue == "唱":
                close()
                state["singer"] = state["role"] = role or state["singer"] or state["role"]
                if state["tune"] is None:  # （唱） after （带云）: the song goes on under its tune
                    state["tune"] = state["last_tune"] if not role else None
                    if role:
                        open_line(role, i, True)
                continue
            if kind == "cue" and role:
                state["role"] = role
                if state["tune"] is not None:  # 【绕池游】（旦）…: the role sings the tune
                    state["singer"] = role
                    open_line(role, i, True, state["tune"])
                    state["tune"] = None
                else:
                    open_line(role, i, False)
                continue
            if kind == "cue":  # （云）/（带云）: the singer (or the role on stage) speaks
                who = (state["singer"] if cue == "带云" else "") or state["role"] or state["singer"]
                if who:
                    open_line(who, i, False)
                else:
                    close()
                state["tune"] = None
                continue
            if kind == "enter":
                close()
                state["role"] = role
                narrate(f"（{tok[1]}）")
                if state["tune"] is not None:
                    state["singer"] = role
                    open_line(role, i, True, state["tune"])
                    state["tune"] = None
                else:
                    entered = role
                continue
            # a stage direction: inside a speech (on its line) it is the speech's action, else narration
            if k > 0 and cur is not None and cur["parts"] and not tok[1].strip().endswith("下"):
                cur["actions"].append(tok[1].strip())
            else:
                close()
                narrate(f"（{tok[1]}）" if not tok[2] else f"〔{tok[1]}〕")
    close()
    if scene.lines:
        scenes.append(scene)
    roles = role_counts(lines)
    script = Script(scenes=scenes, mode="script", unattributed=unattributed, rejected=[],
                    aliases=dict(parser.options.aliases), layout="zaju")
    script.notes.append(say("script.layout.zaju", roles="、".join(r for r, _ in roles.most_common(8)),
                            songs=songs).encode())
    return script
