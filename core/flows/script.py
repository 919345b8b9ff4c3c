"""Samples from an imported script (or novel) and from any document's text. No LLM involved.

Three generators, each over one "document" source or all of them (``source_id=None``):

- :func:`script_qa` — **Character QA** (``sft`` samples): for a chosen character, each of their
  speeches is the answer and the nearest earlier speech of anyone else in the scene is the
  question. A run of the character's speeches is one answer (``merge_consecutive``; off: each
  speech is an answer of its own, to that same nearest speech of someone else). ``history`` = K
  keeps the K speeches of the scene before the question as earlier turns (a multi-turn sample):
  the character's are assistant turns, everyone else's user turns, speeches of one role in a row
  merged into one turn (each line prefixed with its speaker's name when there are several), and a
  leading assistant turn dropped so that every sample starts with the user. A speech that opens
  its scene has no question and is dropped.
- :func:`script_dialogues` — **whole scenes** (``dialogue`` samples) with the speakers' names on the
  turns. Runs of one speaker are merged. Without a character, roles go by position: the *last*
  turn is the assistant and roles alternate backwards, so any scene with two speakers or more gives
  a valid conversation; when that leaves the assistant first, the opening speech is dropped (a
  conversation starts with the user). With ``character`` set, that character is the assistant and
  everyone else the user (other speakers' lines in a row merged, each with the name), leading
  assistant and trailing user turns trimmed. ``max_turns`` splits long scenes.
- :func:`chunk_samples` — **pre-training chunks** (``pretrain`` samples) of each document's text,
  :func:`~core.text.chunking.chunk_text` with the given size and overlap.

**Running again rebuilds; the user's samples stay.** A run replaces the samples an earlier run of
the same generator made for the source (for QA and scenes: for the same character) — but only
those nobody touched: a sample the user edited, accepted or rejected is never replaced or deleted
(:meth:`~core.store.Store.replace_untouched`, one transaction per source, so a failure half-way
leaves the earlier samples as they were). Every sample gets ``meta["gen_key"]``: the generator, a
hash of every option that changes the output (character, history, template, lengths, parser
options …) and the sample's place in the source (scene and line, or chunk index). A new sample
whose key a touched sample holds is not made again; nor is one the user deleted in Review (with
the same options). Running again with the same options changes nothing (same samples, same ids);
with other options the untouched samples become the new ones. Samples are ``pending``.

Every run returns a :class:`ScriptReport` (counts, what was dropped and why, whether speakers were
guessed by the novel heuristic, the character table).
"""

from __future__ import annotations

import hashlib
import json
import string
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from core.errors import InputError
from core.flows.rebuild import rebuild_lines
from core.messages import Message, code_of, current_language, render, say
from core.model import Sample, Turn
from core.sources.documents.script import CharacterRow, Scene, Script, ScriptLine, ScriptOptions, ScriptParser
from core.store import ReplaceReport
from core.text.chunking import DEFAULT_OVERLAP, DEFAULT_SIZE, chunk_spans

if TYPE_CHECKING:
    from core.store import Store

DEFAULT_SYSTEM = "现在你要扮演{character}。"
TEMPLATE_FIELDS = ("character", "scene", "episode", "source")
MAX_EXAMPLES = 20  # dropped items listed in a report (all are counted)


# ---- options and report ------------------------------------------------------------------------
@dataclass
class ScriptQAOptions:
    history: int = 0  # earlier turns of the scene kept before the question (0 = single-turn QA)
    merge_consecutive: bool = True  # a run of the character's speeches is one answer
    system_template: str = DEFAULT_SYSTEM  # placeholders {character} {scene} {episode} {source}; "" = none
    min_question_len: int = 1  # characters; shorter questions are dropped
    min_answer_len: int = 2  # characters; shorter answers are dropped
    speaker_names: bool = False  # write "阿福：" before a single speaker's question too
    parser: ScriptOptions = field(default_factory=ScriptOptions)  # incl. aliases, known characters


@dataclass
class DialogueOptions:
    character: str | None = None  # None: roles by position (last turn assistant); set: this one is assistant
    system_template: str = ""  # placeholders {character} {scene} {episode} {source}; "" = none
    speaker_names: bool = False  # write "林晚：" before every turn's text (the names are on the turns anyway)
    min_turns: int = 2  # fewer turns (after merging and trimming) and the scene is dropped
    max_turns: int = 0  # 0 = a whole scene per sample; N = scenes split into samples of at most N turns
    parser: ScriptOptions = field(default_factory=ScriptOptions)


# a sample kind as the report names it (the English keeps the kind's own name)
_KIND_NAMES = {"sft": say("script.kind.sft"), "dialogue": say("script.kind.dialogue"),
               "pretrain": say("script.kind.pretrain")}


@dataclass
class ScriptReport:
    kind: str  # "sft", "dialogue" or "pretrain"
    source_ids: list[int] = field(default_factory=list)
    created: int = 0  # new samples
    existing: int = 0  # exactly as an earlier run made them: left in place
    dropped: Counter[str] = field(default_factory=Counter)  # reason → how many
    examples: list[tuple[int, int, str]] = field(default_factory=list)  # (source id, line no, reason), first few
    heuristic: bool = False  # speakers were guessed from prose (novel mode): check the samples
    unattributed: int = 0  # speeches without a speaker (novel mode: quotes not attributed)
    characters: list[CharacterRow] = field(default_factory=list)  # of the last source parsed
    sample_ids: list[int] = field(default_factory=list)
    # how each source's layout was read (cast list, tables, guesses, "layout not recognised"):
    # (source name, encoded core.messages message)
    notices: list[tuple[str, str]] = field(default_factory=list)
    rebuild: ReplaceReport = field(default_factory=ReplaceReport)  # kept (the user's), replaced, held

    def drop(self, source_id: int, line_no: int, reason: str | Message) -> None:
        """Count a speech or scene that made no sample; `reason` is stored encoded (core.messages)."""
        reason = reason.encode() if isinstance(reason, Message) else reason
        self.dropped[reason] += 1
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append((source_id, line_no, reason))

    def summary(self, lang: str | None = None) -> str:
        """The run in the reader's language: counts first, then why things were dropped and notes."""
        lang = lang or current_language()
        parts = [say("script.report.new", n=self.created, kind=_KIND_NAMES.get(self.kind, self.kind))]
        if self.existing:
            parts.append(say("script.report.existing", n=self.existing))
        n_dropped = sum(self.dropped.values())
        if n_dropped:
            parts.append(say("script.report.dropped_total", n=n_dropped))
        out = ("；" if lang == "zh" else "; ").join(p.render(lang) for p in parts) + ("。" if lang == "zh" else ".")
        for line in rebuild_lines(self.rebuild):
            out += "\n  " + render(line, lang)
        for reason, n in self.dropped.most_common():
            out += "\n  " + say("script.report.dropped", n=n, reason=render(reason, lang)).render(lang)
        sep = "：" if lang == "zh" else ": "
        for name, notice in self.notices:
            out += f"\n  {name}{sep}{render(notice, lang)}"
        if self.heuristic and not any((code_of(n) or "").startswith("script.guess.") for _, n in self.notices):
            out += "\n  " + say("script.report.note_heuristic").render(lang)
        if self.unattributed:
            out += "\n  " + say("script.report.unattributed", n=self.unattributed).render(lang)
        return out


# ---- helpers -------------------------------------------------------------------------------------
def _options_hash(*parts: Any) -> str:
    data = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=lambda o: asdict(o) if hasattr(
        o, "__dataclass_fields__") else sorted(o) if isinstance(o, set | frozenset) else str(o))
    return hashlib.blake2b(data.encode(), digest_size=8).hexdigest()


def check_template(template: str) -> None:
    """Raise InputError if ``template`` uses a placeholder other than {character} {scene} {episode} {source}."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError as e:
        raise InputError(say("script.error.template_invalid", template=repr(template), error=str(e))) from None
    for f in fields:
        if f not in TEMPLATE_FIELDS:
            raise InputError(say("script.error.template_field", field="{" + f + "}",
                                 known=", ".join("{" + x + "}" for x in TEMPLATE_FIELDS)))


def _render(template: str, **values: str) -> str:
    return template.format(**values) if template else ""


def document_sources(store: Store, source_id: int | None) -> list[dict[str, Any]]:
    """The "document" sources to work on: that one (checked), or all of them."""
    sources = [s for s in store.sources() if s["kind"] == "document"]
    if source_id is None:
        if not sources:
            raise InputError(say("script.error.no_documents"))
        return sources
    for s in store.sources():
        if s["id"] == source_id:
            if s["kind"] != "document":
                raise InputError(say("script.error.not_document", id=source_id, name=s["name"]))
            return [s]
    raise InputError(say("script.error.no_source", id=source_id))


def document_text(store: Store, source_id: int) -> tuple[str, dict[str, Any]]:
    """The stored text of a document source and its "document" raw item data."""
    items = list(store.raw_items(source_id, "document"))
    if not items:
        raise InputError(say("script.error.no_text", id=source_id))
    if len(items) == 1:
        return items[0]["data"].get("text", ""), items[0]["data"]
    return "\n\n".join(i["data"].get("text", "") for i in items), items[0]["data"]


def parse_source(store: Store, source_id: int, options: ScriptOptions | None = None) -> Script:
    """The script (scenes, speeches, characters) of a stored document source."""
    return ScriptParser(options).parse(document_text(store, source_id)[0])


def _existing_keys(store: Store, source_id: int) -> set[str]:
    from core.store import SampleFilter

    made = {k for s in store.iter_samples(SampleFilter(source_id=source_id))
            if isinstance(k := s.meta.get("gen_key"), str)}
    # samples the user deleted in Review stay deleted (Store.delete_samples leaves their keys)
    return made | {r["key"] for r in store.raw_items(source_id, "deleted_sample")}


def _lines_text(lines: list[ScriptLine], names: bool) -> str:
    speakers = {x.speaker for x in lines}
    if names or len(speakers) > 1:
        return "\n".join(f"{x.speaker}：{x.text}" for x in lines)
    return "\n".join(x.text for x in lines)


@dataclass
class _Unit:
    role: str
    lines: list[ScriptLine]

    def turn(self, names: bool) -> Turn:
        speakers = {x.speaker for x in self.lines}
        name = self.lines[0].speaker if len(speakers) == 1 else None
        return Turn(self.role, _lines_text(self.lines, names), name)


def _units(scene: Scene, is_assistant) -> list[_Unit]:
    """The scene's speeches as turns: consecutive speeches of one role merged."""
    return _merge_roles([_Unit("assistant" if is_assistant(x) else "user", [x]) for x in scene.lines])


def _merge_roles(units: list[_Unit]) -> list[_Unit]:
    out: list[_Unit] = []
    for u in units:
        if out and out[-1].role == u.role:
            out[-1] = _Unit(u.role, out[-1].lines + u.lines)
        else:
            out.append(u)
    return out


def _place(meta: dict) -> str | None:
    """Where in the source a sample comes from, whatever the options: its ``gen_key`` without the
    options hash (generator:hash:scene:line → generator:scene:line). A sample the user touched
    holds its place, so a rebuild with other options makes no second sample for it. (Chunks have
    no such place: another size cuts other texts.)"""
    key = meta.get("gen_key")
    if not isinstance(key, str) or key.count(":") < 2:
        return None
    gen, _options, rest = key.split(":", 2)
    return f"{gen}:{rest}"


def rebuild_samples(store: Store, report: Any, source_id: int, scope: dict[str, Any],
                    samples: Iterable[Sample]) -> None:
    """Replace the untouched samples of `scope` (this generator's, of this source) by `samples`
    in one transaction; the user's stay (see :meth:`~core.store.Store.replace_untouched`). Adds
    the counts to `report` (``created``, ``existing``, ``sample_ids``, ``rebuild``)."""
    r = store.replace_untouched(source_id, scope, samples, place=None if scope.get("gen") == "chunk" else _place)
    report.rebuild.add(r)
    report.created += r.added
    report.existing += r.unchanged
    report.sample_ids.extend(r.ids)


def _not_found(character: str, tables: Iterable[tuple[str, list[CharacterRow]]]) -> InputError:
    found = [say("script.error.table", name=name,
                 top="、".join(f"{r.name} ({r.lines})" for r in rows[:12]) or say("script.error.no_speakers"))
             for name, rows in tables]
    return InputError(say("script.error.character_silent", character=character, tables=found))


# ---- Character QA ----------------------------------------------------------------------------------
def _scripts_where_speaking(store: Store, source_id: int | None, parser: ScriptParser, character: str | None,
                            report: ScriptReport, tables: list[tuple[str, list[CharacterRow]]]):
    """Parse each document source; yield (source, script) for those where `character` speaks
    (every one when None), noting each character table and the parse facts on the report."""
    for src in document_sources(store, source_id):
        sid = src["id"]
        script = parser.parse(document_text(store, sid)[0])
        table = script.character_table()
        tables.append((src["name"], table))
        if character is not None and not any(r.name == character for r in table):
            continue
        report.source_ids.append(sid)
        report.characters = table
        report.heuristic = report.heuristic or script.heuristic
        report.unattributed += len(script.unattributed)
        report.notices.extend((src["name"], n) for n in [*script.notes, script.problem] if n)
        yield src, script


@dataclass
class QAPair:
    """One question and the character's answer in a scene, as turns (see :func:`qa_pairs`)."""

    scene: Scene
    question: ScriptLine
    answer_lines: list[ScriptLine]
    first_at: int  # position of the first answer line in the scene
    turns: list[Turn]
    system: str
    used: list[ScriptLine]  # every line the turns were made of


def qa_pairs(script: Script, src: dict[str, Any], target: str, o: ScriptQAOptions,
             report: ScriptReport) -> Iterable[QAPair]:
    """The QA pairs of `target` in a script, with the rules of :func:`script_qa` (speeches a pair
    cannot be made of are counted in `report` with the reason). Any Script — parsed from a
    document or made from lines an LLM extracted — goes through the same rules."""
    sid = src["id"]
    for scene in script.scenes:
        lines = scene.lines
        i = 0
        while i < len(lines):
            if lines[i].speaker != target:
                i += 1
                continue
            j = i + 1
            if o.merge_consecutive:
                while j < len(lines) and lines[j].speaker == target:
                    j += 1
            answer_lines = lines[i:j]
            first, first_at = lines[i], i
            q = i - 1
            while q >= 0 and lines[q].speaker == target:
                q -= 1
            i = j
            if q < 0:
                report.drop(sid, first.line_no, say("script.drop.opens_scene"))
                continue
            answer = _Unit("assistant", answer_lines).turn(False)
            if len(answer.text.strip()) < o.min_answer_len:
                report.drop(sid, first.line_no, say("script.drop.answer_short", n=o.min_answer_len))
                continue
            if len(lines[q].text.strip()) < o.min_question_len:
                report.drop(sid, first.line_no, say("script.drop.question_short", n=o.min_question_len))
                continue
            before = _merge_roles([_Unit("assistant" if x.speaker == target else "user", [x])
                                   for x in lines[max(0, q - o.history):q + 1]])
            while before and before[0].role == "assistant":
                before.pop(0)
            turns = [u.turn(o.speaker_names if u.role == "user" else False) for u in before]
            turns.append(answer)
            system = _render(o.system_template, character=target, scene=scene.heading,
                             episode=scene.episode, source=src["name"])
            yield QAPair(scene, lines[q], answer_lines, first_at, turns, system,
                         lines[max(0, q - o.history):q + 1] + answer_lines)


def script_qa(store: Store, source_id: int | None, character: str,
              options: ScriptQAOptions | None = None) -> ScriptReport:
    """Character QA samples (kind ``sft``) for ``character`` from one document source or all
    (``None``); see the module docstring for the rules. Raises InputError when the character
    never speaks (the message lists who does)."""
    o = options or ScriptQAOptions()
    character = character.strip()
    if not character:
        raise InputError(say("script.error.no_character"))
    if o.history < 0:
        raise InputError(say("script.error.history", n=o.history))
    check_template(o.system_template)
    parser = ScriptParser(o.parser)
    report = ScriptReport(kind="sft")
    key_hash = _options_hash("script_qa", character, o.history, o.merge_consecutive, o.system_template,
                             o.min_question_len, o.min_answer_len, o.speaker_names, o.parser)
    tables: list[tuple[str, list[CharacterRow]]] = []
    target = parser.canonical(character)
    found = False
    for src, script in _scripts_where_speaking(store, source_id, parser, target, report, tables):
        sid = src["id"]
        found = True
        samples: list[Sample] = []
        for p in qa_pairs(script, src, target, o, report):
            scene, first = p.scene, p.answer_lines[0]
            actions = [x.action for x in p.answer_lines if x.action]
            samples.append(Sample(
                turns=p.turns, kind="sft", system=p.system, source_id=sid,
                meta={
                    "gen": "script_qa", "gen_key": f"script_qa:{key_hash}:{scene.index}:{first.line_no}",
                    "character": target, "doc": src["name"], "scene": scene.heading,
                    "episode": scene.episode, "scene_index": scene.index, "line": first.line_no,
                    "question_line": p.question.line_no, "history": len(p.turns) - 2,
                    "action": "；".join(actions),
                    "context": [c for x in [p.question, *p.answer_lines] for c in x.context],
                    "heuristic": any(x.heuristic for x in p.used),
                },
            ))
        rebuild_samples(store, report, sid, {"gen": "script_qa", "character": target}, samples)
    if not found:
        raise _not_found(character, tables)
    return report


# ---- whole scenes --------------------------------------------------------------------------------
@dataclass
class DialoguePart:
    """One dialogue of a scene (a window of it with max_turns), as turns (see :func:`dialogue_parts`)."""

    scene: Scene
    window: int
    units: list[_Unit]
    turns: list[Turn]
    system: str


def dialogue_parts(script: Script, src: dict[str, Any], character: str | None, o: DialogueOptions,
                   report: ScriptReport) -> Iterable[DialoguePart]:
    """The whole-scene dialogues of a script with the rules of :func:`script_dialogues` (scenes
    that cannot make one are counted in `report` with the reason); any Script goes through them."""
    sid = src["id"]
    window = (o.max_turns // 2) * 2 if o.max_turns else 0
    for scene in script.scenes:
        at = scene.lines[0].line_no
        if character is None:
            units: list[_Unit] = []  # runs of one speaker merged; roles given from the end below
            for x in scene.lines:
                if units and units[-1].lines[-1].speaker == x.speaker:
                    units[-1].lines.append(x)
                else:
                    units.append(_Unit("user", [x]))
            if len({x.speaker for x in scene.lines}) < 2:
                report.drop(sid, at, say("script.drop.one_speaker"))
                continue
            for k, u in enumerate(reversed(units)):
                u.role = "assistant" if k % 2 == 0 else "user"
            if units[0].role == "assistant":
                units.pop(0)
                report.dropped[say("script.drop.opening_left_out").encode()] += 1
        else:
            if not any(x.speaker == character for x in scene.lines):
                report.drop(sid, at, say("script.drop.character_silent"))
                continue
            units = _units(scene, lambda x: x.speaker == character)
            while units and units[0].role == "assistant":
                units.pop(0)
            while units and units[-1].role == "user":
                units.pop()
        windows = [units] if not window else [units[i:i + window] for i in range(0, len(units), window)]
        for w, part in enumerate(windows):
            if len(part) % 2:
                part = part[:-1]
            if len(part) < o.min_turns:
                report.drop(sid, part[0].lines[0].line_no if part else at, say("script.drop.few_turns", n=o.min_turns))
                continue
            system = _render(o.system_template, character=character or "", scene=scene.heading,
                             episode=scene.episode, source=src["name"])
            yield DialoguePart(scene, w, part, [u.turn(o.speaker_names) for u in part], system)


def script_dialogues(store: Store, source_id: int | None,
                     options: DialogueOptions | None = None) -> ScriptReport:
    """Whole-scene ``dialogue`` samples from one document source or all (``None``); see the module
    docstring for how roles are given."""
    o = options or DialogueOptions()
    check_template(o.system_template)
    if o.min_turns < 2:
        raise InputError(say("script.error.min_turns", n=o.min_turns))
    if o.max_turns and o.max_turns < 2:
        raise InputError(say("script.error.max_turns", n=o.max_turns))
    parser = ScriptParser(o.parser)
    character = parser.canonical(o.character.strip()) if o.character and o.character.strip() else None
    report = ScriptReport(kind="dialogue")
    key_hash = _options_hash("script_dialogue", character, o.system_template, o.speaker_names, o.min_turns,
                             o.max_turns, o.parser)
    tables: list[tuple[str, list[CharacterRow]]] = []
    found = character is None
    for src, script in _scripts_where_speaking(store, source_id, parser, character, report, tables):
        sid = src["id"]
        found = True
        samples: list[Sample] = []
        for d in dialogue_parts(script, src, character, o, report):
            scene, part = d.scene, d.units
            samples.append(Sample(
                turns=d.turns, kind="dialogue", system=d.system, source_id=sid,
                meta={
                    "gen": "script_dialogue", "gen_key": f"script_dialogue:{key_hash}:{scene.index}:{d.window}",
                    "doc": src["name"], "scene": scene.heading, "episode": scene.episode,
                    "scene_index": scene.index, "line": part[0].lines[0].line_no,
                    "speakers": sorted({x.speaker for u in part for x in u.lines}),
                    "character": character or "", "narration": list(scene.narration),
                    "heuristic": any(x.heuristic for u in part for x in u.lines),
                },
            ))
        rebuild_samples(store, report, sid, {"gen": "script_dialogue", "character": character or ""}, samples)
    if not found and character is not None:
        raise _not_found(character, tables)
    return report


# ---- pre-training chunks ---------------------------------------------------------------------------
def chunk_samples(store: Store, source_id: int | None, size: int = DEFAULT_SIZE,
                  overlap: int = DEFAULT_OVERLAP) -> ScriptReport:
    """``pretrain`` samples: each document's text cut by :func:`~core.text.chunking.chunk_text`
    (``size`` characters at most, ``overlap`` shared), one sample per chunk, with the page range
    for a PDF."""
    import bisect

    chunk_spans("", size, overlap)  # a bad size/overlap: one error before anything is made
    report = ScriptReport(kind="pretrain")
    for src in document_sources(store, source_id):
        sid = src["id"]
        text, data = document_text(store, sid)
        starts = data.get("page_starts")
        report.source_ids.append(sid)
        samples: list[Sample] = []
        for i, (a, b) in enumerate(chunk_spans(text, size, overlap)):
            meta: dict[str, Any] = {"gen": "chunk", "gen_key": f"chunk:{size}:{overlap}:{i}", "index": i,
                                    "doc": src["name"], "chunk_size": size, "overlap": overlap}
            if starts:
                meta["page"] = bisect.bisect_right(starts, a)
                meta["page_end"] = bisect.bisect_right(starts, max(a, b - 1))
            samples.append(Sample.text(text[a:b], source_id=sid, meta=meta))
        if not samples:
            report.drop(sid, 0, say("script.drop.no_text"))
        rebuild_samples(store, report, sid, {"gen": "chunk"}, samples)
    return report
