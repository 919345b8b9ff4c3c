"""The LLM judge: every sample gets a score 1–5 and a one-line reason in the reader's language.

One job (kind ``judge``), one item per sample: key ``f"{sample_id}:{content_hash}"`` (the hash of
its system prompt and turns, :meth:`core.model.Sample.content_hash`), so a sample edited since is
a new item and is judged again (the edit itself dropped its old verdict: Store.update_sample), while an unchanged one is never paid for twice. The job is found
again by the rubrics' digests, the language and the model (:meth:`StagedFlow._find_job`): another
rubric or model is another job, whose prompts the response cache still answers when they are the
same.

**Rubrics.** Prompt templates (core/llm/templates.py, editable per project like any other):
``judge_qa`` for question–answer samples (with the source text the answer rests on, when the
sample kept its chunk keys: ``meta.chunk`` / ``meta.context``), ``judge_dialogue`` for multi-turn
conversations and ``judge_extract`` for extraction samples (``meta.flow == "extract"``: a chat in,
records out). A user's own rubric (a plain text file of criteria, ``--rubric F``) replaces them
all, framed by ``judge_custom``. Plain-text (pretrain) samples have no rubric: they are counted,
not judged.

**Answers.** ``{"score": 1-5, "reason": "one line"}``, checked (a score outside 1–5, an empty
reason or one in the wrong language is re-asked); an answer that only repeats the rubric's example
or its instructions is an echo (core/text/echo.py) and, when the re-asks are spent, the item
fails with that coded reason. Each verdict is written onto its sample as ``meta["judge"] =
{"score", "reason", "model", "endpoint", "rubric": "<name>:<digest>"}`` (a flow's write: the
sample's status and the user's touched mark are left as they are), in small batches as answers
arrive; at the start of a run, verdicts a crash kept from being written are written.

**Threshold.** :func:`apply_threshold` rejects the samples scoring below N with the coded reason
``judge.below_threshold`` (score, threshold), leaves the samples the user touched alone (and says
how many), and gives back to pending the samples an earlier, higher threshold rejected.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from core.errors import InputError
from core.flows import staged
from core.flows.evidence import evidence_keys
from core.flows.staged import FlowEvents, StagedFlow, made_by
from core.llm.limits import estimate_message_tokens
from core.llm.parse import json_validator
from core.llm.providers import ProviderSettings
from core.llm.runner import JobItemSpec, add_items
from core.llm.templates import LANGS, Template, project_template, render, validate_template
from core.messages import Message, code_of, say
from core.model import Sample
from core.text.echo import COPY_SHARE, MIN_COPIED, SLOT, Echo, EchoRule, copied_share, fold, trigrams
from core.user_files import read_user_text

JOB_KIND = "judge"
JOB_KINDS = (JOB_KIND,)
STAGES = ("judge",)
RUBRICS = ("qa", "dialogue", "extract")  # the built-in rubrics, each a template "judge_<name>"
EXTRACT_FLOWS = ("extract",)  # flows whose samples are records extracted from an input
SCORES = (1, 2, 3, 4, 5)
MAX_FIELD_CHARS = 6000  # of a question, an answer, a dialogue or an input shown to the judge
MAX_SOURCE_CHARS = 6000  # of the source text shown beside a QA sample
MAX_REASON_CHARS = 200  # a reason is one line: longer ones are cut
EST_TOKENS_OUT = 60  # a verdict, for the estimate
FLUSH_EVERY = 256  # verdicts written in one transaction …
FLUSH_SECONDS = 0.5  # … or at least this often while answers arrive
# An answer is a copy of the rubric only when nearly all of it is: a reason naturally uses the
# rubric's words ("回答忠实于原文"), which the flows' usual share (core.text.echo.COPY_SHARE) would
# take for a copy.
JUDGE_COPY_SHARE = max(COPY_SHARE, 0.8)
_VAR = re.compile(r"\{\{\s*([^{}\s]+?)\s*\}\}")  # a template variable (as core/llm/templates.py reads them)

_LABELS = {
    "zh": {"no_source": "（这条样本没有原文）", "source": "【原文 {i}】", "system": "【系统提示词】",
           "user": "用户", "assistant": "助手", "cut": "……（后面省略 {n} 字）", "question": "【问题】",
           "answer": "【回答】", "dialogue": "【对话】"},
    "en": {"no_source": "(this sample has no source text)", "source": "[Source {i}]", "system": "[System prompt]",
           "user": "User", "assistant": "Assistant", "cut": "… ({n} more characters left out)",
           "question": "[Question]", "answer": "[Answer]", "dialogue": "[Dialogue]"},
}


# ---- options, results ----------------------------------------------------------------------------
@dataclass
class JudgeOptions:
    """Which samples, in which language, by which rubric. `filter` selects the samples (None: every
    sample not rejected); `rubric_text` (a user's criteria) replaces the built-in rubrics, named
    `rubric_name`."""

    filter: Any = None  # core.store.SampleFilter
    lang: str = "zh"  # the rubric's language, and the reason's
    rubric_text: str | None = None
    rubric_name: str = "custom"


@dataclass
class JudgeEstimate:
    items: int  # verdicts still to get (done ones cost nothing)
    tokens_in: int
    tokens_out: int
    cost: float
    waiting: int = 0  # verdicts already asked in an open batch: not counted above (no new cost)


@dataclass
class JudgeResult:
    selected: int  # samples the options chose
    plain: int  # of them plain-text (pretrain) samples: no rubric, not judged
    judged: int  # selected samples with a verdict of this job (earlier runs included)
    judged_now: int  # verdicts this run got
    scores: dict[int, int] = field(default_factory=dict)  # score → selected samples judged so
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (stage, key, reason) of the job
    echoes: int = 0
    cancelled: bool = False
    cost: float = 0.0
    calls: int = 0
    cached: int = 0
    written: int = 0  # samples whose meta["judge"] this run wrote (verdicts a crash left unwritten included)


@dataclass
class ThresholdReport:
    threshold: int
    rejected: int = 0  # samples newly rejected for scoring below the threshold
    by_score: dict[int, int] = field(default_factory=dict)  # score → newly rejected
    skipped: int = 0  # samples below the threshold the user touched: left as the user has them
    restored: int = 0  # samples an earlier, higher threshold rejected that now pass: pending again


# ---- what the judge reads ------------------------------------------------------------------------
def rubric_of(sample: Sample) -> str | None:
    """The built-in rubric for a sample: extract, dialogue, qa — or None (plain text: no rubric)."""
    if sample.kind == "pretrain":
        return None
    made = sample.meta.get("made")
    flow = sample.meta.get("flow") or (made.get("flow") if isinstance(made, dict) else None)
    if flow in EXTRACT_FLOWS:
        return "extract"
    if sample.kind == "dialogue" or len(sample.turns) > 2:
        return "dialogue"
    return "qa"


def _clip(text: str, limit: int, lang: str) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[:limit] + _LABELS[lang]["cut"].format(n=len(text) - limit)


def _transcript(sample: Sample, lang: str) -> str:
    labels = _LABELS[lang]
    lines = [f"{labels['system']}{sample.system.strip()}"] if sample.system.strip() else []
    for t in sample.turns:
        who = labels[t.role] + (f"（{t.name}）" if lang == "zh" and t.name else f" ({t.name})" if t.name else "")
        lines.append(f"{who}：{t.text.strip()}" if lang == "zh" else f"{who}: {t.text.strip()}")
    return "\n".join(lines)


def _qa_parts(sample: Sample, lang: str) -> tuple[str, str]:
    """(question, answer) of a one-exchange sample; its system prompt goes before the question."""
    user = "\n".join(t.text.strip() for t in sample.turns if t.role == "user")
    answer = "\n".join(t.text.strip() for t in sample.turns if t.role == "assistant")
    if sample.system.strip():
        user = f"{_LABELS[lang]['system']}{sample.system.strip()}\n{user}"
    return user, answer


def source_texts(store: Any, samples: list[Sample]) -> dict[str, str]:
    """chunk key → its text, for every chunk the samples' answers rest on (one read per source)."""
    by_source: dict[int, set[str]] = {}
    for s in samples:
        for key in evidence_keys(s.meta):
            head = key.split(":", 1)[0]
            if head.isdigit():
                by_source.setdefault(int(head), set()).add(key)
    texts: dict[str, str] = {}
    for source_id, keys in by_source.items():
        for key, _parent, text in store.raw_item_values(source_id, "chunk", ["text"], keys=keys):
            texts[key] = text or ""
    return texts


def _source_of(keys: list[str], texts: dict[str, str], lang: str) -> str:
    labels = _LABELS[lang]
    parts = [texts[k] for k in keys if texts.get(k, "").strip()]
    if not parts:
        return labels["no_source"]
    joined = "\n\n".join(f"{labels['source'].format(i=i)}\n{t.strip()}" for i, t in enumerate(parts, 1))
    return _clip(joined, MAX_SOURCE_CHARS, lang)


def _sample_text(sample: Sample, texts: dict[str, str], lang: str) -> str:
    """The whole sample as one text, for a user's rubric: the source, then the exchange."""
    labels = _LABELS[lang]
    parts = []
    if keys := evidence_keys(sample.meta):
        parts.append(_source_of(keys, texts, lang))
    if len(sample.turns) == 2 and sample.kind == "sft":
        q, a = _qa_parts(sample, lang)
        parts += [f"{labels['question']}\n{_clip(q, MAX_FIELD_CHARS, lang)}",
                  f"{labels['answer']}\n{_clip(a, MAX_FIELD_CHARS, lang)}"]
    else:
        parts.append(f"{labels['dialogue']}\n{_clip(_transcript(sample, lang), MAX_FIELD_CHARS, lang)}")
    return "\n\n".join(parts)


# ---- the answer ----------------------------------------------------------------------------------
def _score(v: Any) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str) and v.strip().isdigit():
        return int(v.strip())
    return None


def _cjk(text: str) -> int:
    return sum(1 for ch in text if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff")


def _latin(text: str) -> int:
    return sum(1 for ch in text if ch.isascii() and ch.isalpha())


def one_line(text: str) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= MAX_REASON_CHARS else line[:MAX_REASON_CHARS - 1] + "…"


def check_verdict(value: Any, lang: str) -> Message | None:
    """Why an answer is not a verdict (None: it is one)."""
    if not isinstance(value, dict):
        return say("llm.shape.object", path="answer")
    for name in ("score", "reason"):
        if name not in value:
            return say("llm.shape.missing", path="answer", field=name)
    score = _score(value["score"])
    if score is None or score not in SCORES:
        return say("judge.bad_score", got=json.dumps(value["score"], ensure_ascii=False)[:40])
    reason = value["reason"]
    if not isinstance(reason, str) or not reason.strip():
        return say("judge.no_reason")
    if lang == "zh" and not _cjk(reason):
        return say("judge.reason_not_chinese")
    if lang == "en" and _latin(reason) < max(3, _cjk(reason)):
        return say("judge.reason_not_english")
    return None


def verdict_validator(lang: str) -> Any:
    """A runner validator: the answer as ``{"score": int, "reason": "one line"}``."""
    parse = json_validator(lambda v: check_verdict(v, lang))

    def validate(text: str) -> tuple[Any, Any]:
        value = None
        bare = text.strip()
        if bare.startswith("{") and bare.endswith("}"):  # the usual answer: plain JSON, read at once
            try:
                value = json.loads(bare)
            except ValueError:
                value = None
        err = check_verdict(value, lang) if isinstance(value, dict) else None
        if value is None or not isinstance(value, dict):
            value, err = parse(text)  # fences, prose, think blocks, broken JSON: the tolerant reader
        if err is not None:
            return None, err
        return {"score": _score(value["score"]), "reason": one_line(value["reason"])}, None

    return validate


class _RubricEchoes:
    """The echo check of a job whose prompts come from several rubrics: each answer is checked
    against the rubric its prompt was made from (its example, see :class:`core.text.echo.EchoRule`),
    and its reason counts as a copy of the rubric only when nearly all of it is one (the
    rubric's quoted phrases included: "作为一个AI" is what the judge looks for, not an answer)."""

    def __init__(self, templates: list[Template]):
        self.rules = [EchoRule.of(t) for t in templates]
        self.grams = [{g for part in (t.system, t.user) for g in trigrams(_VAR.sub(SLOT, part))} for t in templates]
        # a prompt's rubric is told by its system message where that has no variable (cheap), else by matching
        self.systems = [None if _VAR.search(t.system) else t.system.strip() for t in templates]
        self.short = [2 * max((len(p) for p in r.placeholders), default=0) + 8 for r in self.rules]

    def _rubric_of(self, messages: list[dict] | None) -> int | None:
        if not messages:
            return None
        system = next((str(m.get("content") or "") for m in messages if m.get("role") == "system"), None)
        for i, (rule, own) in enumerate(zip(self.rules, self.systems, strict=True)):
            if own is not None and system is not None:
                if own == system.strip():
                    return i
                continue
            if rule.values(messages) is not None:
                return i
        return None

    def find(self, value: Any, messages: list[dict] | None = None) -> Echo | None:
        at = self._rubric_of(messages)
        if at is None:  # a prompt of none of them: the examples of all still count
            return next((e for r in self.rules if (e := r.find(value)) is not None), None)
        rule = self.rules[at]
        reason = str(value.get("reason") or "") if isinstance(value, dict) else ""
        folded = fold(reason)
        # its example, word for word (a verdict's only text is its reason; the longer spellings
        # of an example that EchoRule also folds away cannot be much longer than the example)
        if folded and (folded in rule.placeholders
                       or (len(folded) <= self.short[at] and rule.placeholder_in(reason))):
            return Echo("placeholder", " ".join(reason.split())[:30])
        grams = trigrams(reason)
        copied = sum(1 for g in grams if g in self.grams[at])
        if not grams or copied < MIN_COPIED or copied / len(grams) < JUDGE_COPY_SHARE:
            return None  # (most answers end here, without reading the values filled in)
        share, copied = copied_share(reason, self.grams[at], rule.values(messages) or [])
        if share >= JUDGE_COPY_SHARE and copied >= MIN_COPIED:
            return Echo("instruction", " ".join(reason.split())[:30] + ("…" if len(reason) > 30 else ""))
        return None


class _Fill:
    """A template split once at its variables: filling it is a join, with what
    :func:`core.llm.templates.render` gives (which still says what is missing)."""

    def __init__(self, t: Template):
        self.template = t
        self.parts = [(role, _VAR.split(text)) for role, text in (("system", t.system), ("user", t.user))]

    def __call__(self, **values: Any) -> list[dict]:
        try:
            messages = []
            for role, pieces in self.parts:
                text = "".join(p if i % 2 == 0 else str(values[p]) for i, p in enumerate(pieces)).strip()
                if text or role == "user":
                    messages.append({"role": role, "content": text})
            return messages
        except KeyError:
            return render(self.template, **values)


class _Prompts:
    """The prompts of one run: which rubric judges a sample, and its messages."""

    def __init__(self, templates: dict[str, Template], options: JudgeOptions):
        self.lang = options.lang
        self.custom = options.rubric_name if options.rubric_text is not None else None
        self.fills = {name: _Fill(t) for name, t in templates.items()}
        self.labels = {name: f"{name}:{t.digest()}" for name, t in templates.items()}

    def make(self, sample: Sample, texts: dict[str, str]) -> tuple[str, list[dict]] | None:
        """(rubric name, messages) for `sample` (None: plain text, no rubric)."""
        lang = self.lang
        if self.custom is not None:
            if sample.kind == "pretrain":
                return None
            return self.custom, self.fills[self.custom](sample=_sample_text(sample, texts, lang))
        rubric = rubric_of(sample)
        if rubric is None:
            return None
        fill = self.fills[rubric]
        if rubric == "extract":
            inp = "\n".join(x.text for x in sample.turns if x.role == "user")
            if sample.system.strip():
                inp = f"{_LABELS[lang]['system']}{sample.system.strip()}\n{inp}"
            out = "\n".join(x.text for x in sample.turns if x.role == "assistant")
            return rubric, fill(input=_clip(inp, MAX_FIELD_CHARS, lang), output=_clip(out, MAX_FIELD_CHARS, lang))
        if rubric == "dialogue":
            return rubric, fill(dialogue=_clip(_transcript(sample, lang), MAX_FIELD_CHARS, lang))
        q, a = _qa_parts(sample, lang)
        return rubric, fill(question=_clip(q, MAX_FIELD_CHARS, lang), answer=_clip(a, MAX_FIELD_CHARS, lang),
                            source=_source_of(evidence_keys(sample.meta), texts, lang))


# ---- the flow ------------------------------------------------------------------------------------
class JudgeFlow(StagedFlow):
    """Samples → verdicts on the samples. See the module docstring."""

    FLOW = "judge"
    STAGES = STAGES

    def __init__(self, store: Any, client: Any, settings: ProviderSettings, options: JudgeOptions,
                 events: FlowEvents | None = None, *, runner_options: dict | None = None):
        super().__init__(store, client, settings, events, runner_options)
        self.options = options
        self._pending: list[tuple[int, str, dict]] = []  # verdicts not written yet
        self._last_flush = 0.0
        self._verdicts: dict[str, int] = {}  # key → score, of the selection
        self._selected_keys: set[str] = set()
        self._written = 0
        self._by: dict[str, str] | None = None  # the judge's model and endpoint, as verdicts record them

    # ---- rubrics -----------------------------------------------------------------------------
    def templates(self) -> dict[str, Template]:
        """rubric name → the template in effect (the project's copy or the built-in); a user's
        rubric is one template, ``judge_custom`` with the criteria written into it."""
        lang = self.options.lang
        text = self.options.rubric_text
        if text is not None:
            frame = project_template(self.store, "judge_custom", lang)
            def fill(part: str) -> str:  # one pass, only {{rubric}}: the criteria are never read as a template
                return _VAR.sub(lambda m: text.strip() if m.group(1) == "rubric" else m.group(0), part)

            return {self.options.rubric_name: Template("judge_custom", lang, fill(frame.system), fill(frame.user))}
        return {name: project_template(self.store, f"judge_{name}", lang) for name in RUBRICS}

    def rubric_labels(self) -> dict[str, str]:
        """rubric name → "<name>:<digest>", as a verdict records it."""
        return {name: f"{name}:{t.digest()}" for name, t in self.templates().items()}

    def validate(self) -> list[str]:
        o = self.options
        if o.lang not in LANGS:
            return [say("judge.unknown_lang", lang=o.lang, known=", ".join(LANGS)).render()]
        problems: list[str] = []
        if o.rubric_text is not None:
            if not o.rubric_text.strip():
                problems.append(say("judge.rubric_empty", name=o.rubric_name).render())
            elif "{{" in o.rubric_text or "}}" in o.rubric_text:
                problems.append(say("judge.rubric_braces", name=o.rubric_name).render())
            frame = project_template(self.store, "judge_custom", o.lang)
            problems.extend(validate_template(frame))
        else:
            for name, t in self.templates().items():
                problems.extend(say("judge.rubric_problem", name=name, problem=p).render()
                                for p in validate_template(t))
        return problems

    # ---- items -------------------------------------------------------------------------------
    def _filter(self) -> Any:
        from core.store import SampleFilter

        return self.options.filter if self.options.filter is not None else SampleFilter(
            statuses=("pending", "accepted"))

    def messages_for(self, sample: Sample) -> list[dict] | None:
        """The prompt that judges `sample` (None: a plain-text sample, no rubric)."""
        made = _Prompts(self.templates(), self.options).make(sample, source_texts(self.store, [sample]))
        return made[1] if made is not None else None

    def _specs(self) -> tuple[list[JobItemSpec], int, int]:
        """(one item per selected sample that has a rubric, selected samples, plain-text ones).
        Blocking: run it in a thread."""
        prompts = _Prompts(self.templates(), self.options)
        specs: list[JobItemSpec] = []
        selected = plain = 0
        batch: list[Sample] = []

        def flush() -> None:
            texts = source_texts(self.store, batch)
            for s in batch:
                made = prompts.make(s, texts)
                if made is None:
                    continue
                content_hash = s.content_hash()
                specs.append(JobItemSpec(f"{s.id}:{content_hash}", made[1],
                                         {"sample": s.id, "hash": content_hash, "rubric": prompts.labels[made[0]]}))
            batch.clear()

        for s in self.store.iter_samples(self._filter()):
            selected += 1
            if s.kind == "pretrain":
                plain += 1
                continue
            batch.append(s)
            if len(batch) >= 500:
                flush()
        flush()
        return specs, selected, plain

    def _params(self) -> dict:
        return {"lang": self.options.lang, "rubrics": self.rubric_labels()}

    def _jobs(self) -> tuple[int | None]:
        if self.options.lang not in LANGS:
            return (None,)
        return (self._find_job(JOB_KIND, self._params()),)

    def _echo_rule(self, stage: str) -> _RubricEchoes:
        return _RubricEchoes(list(self.templates().values()))

    # ---- verdicts onto samples ---------------------------------------------------------------
    def _judge_entry(self, value: dict, rubric: str) -> dict:
        by = self._by or made_by(self.settings)
        return {"score": int(value["score"]), "reason": str(value["reason"]), "model": by["model"],
                "endpoint": by["endpoint"], "rubric": rubric}

    def _item_arrived(self, stage: str, job_id: int, item_id: int, output: dict, meta: dict) -> None:
        value = (output or {}).get("value")
        if not isinstance(value, dict) or meta.get("sample") is None:
            return
        key = f"{meta['sample']}:{meta.get('hash')}"
        if key in self._selected_keys:
            self._verdicts[key] = int(value["score"])
        self._pending.append((int(meta["sample"]), str(meta.get("hash")),
                              self._judge_entry(value, str(meta.get("rubric") or ""))))
        now = time.monotonic()
        if len(self._pending) >= FLUSH_EVERY or now - self._last_flush >= FLUSH_SECONDS:
            self._flush()

    def _flush(self) -> None:
        """Write the verdicts that arrived (one transaction) and tell the listeners which samples."""
        self._last_flush = time.monotonic()
        if not self._pending:
            return
        rows, self._pending = self._pending, []
        self._written += self.store.set_judgements(rows)
        self._emit("on_samples", [r[0] for r in rows])

    def _catch_up(self, job_id: int, specs: list[JobItemSpec]) -> None:
        """Verdicts of the job already there for the selected samples (earlier runs): counted, and
        written onto samples that do not carry them (a crash between the answer and the write,
        or another judge's verdict since). Blocking: run it in a thread."""
        metas = {s.key: s.meta for s in specs}
        done = self.store.done_outputs(job_id, list(metas))
        if not done:
            return
        current = self.store.judgements([m["sample"] for m in metas.values()])
        rows = []
        for key, output in done.items():
            value = (output or {}).get("value")
            if not isinstance(value, dict) or "score" not in value:
                continue
            meta = metas[key]
            self._verdicts[key] = int(value["score"])
            entry = self._judge_entry(value, meta["rubric"])
            if current.get(meta["sample"]) != entry:
                rows.append((meta["sample"], meta["hash"], entry))
        if rows:
            self._written += self.store.set_judgements(rows)

    # ---- estimate ----------------------------------------------------------------------------
    def estimate(self) -> JudgeEstimate:
        """Requests, tokens and money still to spend on the selected samples; those already out in
        an open batch (a --batch run collecting) are counted as waiting. Blocking."""
        specs, _, _ = self._specs()
        (job,) = self._jobs()
        done = set(self.store.done_outputs(job, [s.key for s in specs])) if job is not None else set()
        todo, waiting = [], 0
        for s in specs:
            if s.key in done:
                continue
            if self._waits_in_batch(s.messages):
                waiting += 1
            else:
                todo.append(s)
        tin = sum(estimate_message_tokens(s.messages) for s in todo)
        tout = len(todo) * min(EST_TOKENS_OUT, max(1, int(self.settings.max_tokens)))
        return JudgeEstimate(items=len(todo), tokens_in=tin, tokens_out=tout, cost=self.settings.cost(tin, tout),
                             waiting=waiting)

    # ---- run ---------------------------------------------------------------------------------
    async def _run(self, retry_failed: bool) -> JudgeResult:
        problems = await asyncio.to_thread(self.validate)
        if problems:
            raise InputError(" ".join(problems))
        self._pending, self._verdicts, self._written = [], {}, 0
        self._by = made_by(self.settings)
        specs, selected, plain = await asyncio.to_thread(self._specs)
        self._selected_keys = {s.key for s in specs}
        params = self._params()
        job = self._find_job(JOB_KIND, params)
        if job is None:
            job = self._create_job(JOB_KIND, f"Judge · {self.options.lang}", params)
        await asyncio.to_thread(self._catch_up, job, specs)
        await asyncio.to_thread(add_items, self.store, job, specs)
        del specs
        summary = None
        self._last_flush = time.monotonic()
        try:
            if await self._gate():
                summary = await self._run_stage("judge", job, retry_failed, verdict_validator(self.options.lang))
        finally:
            self._flush()
        failed = await asyncio.to_thread(self.failed_items)
        result = JudgeResult(selected=selected, plain=plain, judged=len(self._verdicts),
                             judged_now=summary.done_now if summary else 0,
                             scores={n: c for n, c in sorted(Counter(self._verdicts.values()).items())},
                             failed=[(stage, key, reason) for stage, _, key, reason in failed],
                             cancelled=self._cancelled or bool(summary and summary.cancelled),
                             written=self._written)
        result.echoes = self.echoes(result.failed)
        if summary is not None:
            result.cost, result.calls, result.cached = summary.cost, summary.calls, summary.cached
        return result


def unfinished_work(store: Any) -> tuple[int, int]:
    """(pending, failed) items of the judge's jobs."""
    return staged.unfinished_work(store, JOB_KINDS)


# ---- a user's rubric -----------------------------------------------------------------------------
def read_rubric(path: str | Path) -> tuple[str, str]:
    """(name, text) of a user's rubric file (UTF-8 text: the criteria and the scale, in words)."""
    p = Path(path)
    text = read_user_text(p, missing="judge.rubric_missing", not_utf8="judge.rubric_not_utf8",
                          unreadable="judge.rubric_unreadable")
    if not text.strip():
        raise InputError(say("judge.rubric_empty", name=p.name))
    return p.stem or "custom", text


# ---- threshold -----------------------------------------------------------------------------------
def apply_threshold(store: Any, threshold: int, flt: Any = None) -> ThresholdReport:
    """Reject the judged samples scoring below `threshold` (reason ``judge.below_threshold``), of
    `flt` (None: the whole project). Samples the user touched stay as they are (counted as
    skipped); rejected ones keep their own reason; samples an earlier threshold rejected that
    reach this one become pending again."""
    from core.store import SampleFilter

    threshold = int(threshold)
    report = ThresholdReport(threshold=threshold)
    base = flt if flt is not None else SampleFilter()
    below = replace(base, judged=True, max_score=threshold - 1, min_score=None)
    report.skipped = store.count(replace(below, touched=True, statuses=("pending", "accepted")))
    for score in SCORES:
        if score >= threshold:
            break
        ids = list(store.query_ids(replace(below, min_score=score, max_score=score, touched=False,
                                           statuses=("pending", "accepted"))))
        if ids:
            n = store.set_status(ids, "rejected", say("judge.below_threshold", score=score, threshold=threshold).encode(),
                                 by_user=False)
            report.by_score[score] = n
            report.rejected += n
    passing = replace(base, judged=True, min_score=threshold, max_score=None, touched=False, statuses=("rejected",))
    back = [s.id for s in store.iter_samples(passing) if code_of(s.reason) == "judge.below_threshold"]
    if back:
        report.restored = store.set_status(back, "pending", by_user=False)
    return report

