"""A topic, asked about aspect by aspect, answered only from the project's own documents.

The user names a topic (e.g. 《黑神话：悟空》) and a list of aspects (a preset list ships, see
:data:`PRESET_ASPECTS_ZH`). Two jobs, each run by a :class:`~core.llm.runner.Runner` (resumable,
cached, rate limited):

1. **questions** (kind ``aspect_questions``): one item per aspect (key = the aspect) asking for
   ``{"questions": [...]}``: N short questions about that aspect of the topic. The questions are
   cleaned up (:func:`~core.flows.qa.clean_question`); those longer than ``max_chars`` are
   dropped and counted; duplicates across all aspects are removed and counted: the same
   :func:`~core.flows.qa.question_key` (case, width, spaces and punctuation ignored), or a
   rapidfuzz ratio of at least 90 (near-duplicates; the topic's name, which every question
   carries, is left out of that comparison so it does not make different questions look alike).
2. **answers** (kind ``aspect_answers``): one item per unique question (key
   ``f"{aspect}#{index}"``) holding the question and the ``top_k`` chunks BM25 finds for it
   among the project's document chunks, answered with the QA flow's grounded answer template
   (``qa_answer``): from that text only.

Every answer becomes an ``sft`` sample the moment it arrives: ``pending``, or ``rejected`` with
the reason "not found in the source text" when the texts do not hold the answer (never presented
as fact). ``meta["context"]`` lists the retrieved chunk keys so Review can show the evidence.

With ``group``, after the answers each aspect's found QA pairs (the sft samples not rejected, in
question order) also become one multi-turn ``dialogue`` sample with the system prompt
(``meta["gen_key"]`` = answers job + aspect, so a rerun adds nothing twice; a still pending one
is brought up to date when its pairs or the system prompt changed; one the user edited, accepted
or rejected is left alone;
a deleted one stays deleted when it had a source).

Jobs are found again by their parameters (topic, questions per aspect, length cap, language,
template hashes; the answers job by the questions job, top k, source), so running again continues
where it stopped and pays for nothing twice. Aspects added later become new items of the same
questions job. At the start and at the end of a run every done answer item is checked to have
its sample (a crash between storing an answer and writing its sample loses nothing).
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from core.errors import InputError
from core.flows import question_review, staged
from core.flows.qa import (
    ANSWER_VALIDATOR,
    CONTEXT_LABELS,
    MAX_TOP_K,
    NOT_FOUND_REASON,
    PAGE,
    CostEstimate,
    GroundedAnswers,
    _check_questions,
    _verdict,
    clean_question,
    question_key,
)
from core.flows.question_review import Found
from core.flows.staged import FlowEvents, StagedFlow
from core.llm.limits import estimate_message_tokens, estimate_tokens
from core.llm.parse import json_validator
from core.llm.providers import ProviderSettings
from core.llm.runner import JobItemSpec, RunSummary, add_items
from core.llm.templates import LANGS, Template, project_template, render, validate_template
from core.messages import say
from core.model import Sample, Turn
from core.sources.documents.txt import chunks_of
from core.store import SampleFilter

log = logging.getLogger("corpusmith.flows.aspects")

PRESET_ASPECTS_ZH = ["概述", "故事情节", "主要角色", "人物关系", "世界观", "场景与环境", "玩法/机制",
                     "艺术与音乐", "文化内涵", "市场影响", "彩蛋与网络梗"]
PRESET_ASPECTS_EN = ["Overview", "Story", "Main characters", "Relationships between characters",
                     "World and lore", "Places and settings", "Gameplay / mechanics", "Art and music",
                     "Cultural meaning", "Market impact", "Easter eggs and memes"]
PRESET_ASPECTS = {"zh": PRESET_ASPECTS_ZH, "en": PRESET_ASPECTS_EN}

STAGES = ("questions", "answers")
MAX_PER_ASPECT = 50
MIN_MAX_CHARS, MAX_MAX_CHARS = 5, 500
NEAR_DUPLICATE = 90  # rapidfuzz ratio (0..100) from which two questions count as one
NO_CONTEXT = {"zh": "（文档中没有找到与这个问题相关的文本。）", "en": "(No passage of the documents matches this question.)"}
# rough output sizes for the estimate (tokens)
EST_TOKENS_PER_QUESTION = 30
EST_TOKENS_PER_ANSWER = 300
EST_QUESTION_TOKENS = 25
DIALOGUE_GEN = "aspects_dialogue"


def preset_aspects(lang: str = "zh") -> list[str]:
    """A copy of the shipped aspect list in `lang` (Chinese for an unknown language)."""
    return list(PRESET_ASPECTS.get(lang, PRESET_ASPECTS_ZH))


def clean_aspects(aspects: Any) -> list[str]:
    """The aspects stripped, inner whitespace made one space, empty ones and repeats dropped
    (in the given order)."""
    out: list[str] = []
    for a in aspects or []:
        a = " ".join(str(a).split())
        if a and a not in out:
            out.append(a)
    return out


# ---- options, results ---------------------------------------------------------------------------
@dataclass
class AspectOptions:
    topic: str
    aspects: list[str]
    per_aspect: int = 5  # questions asked per aspect
    max_chars: int = 40  # longer questions are dropped (and counted)
    top_k: int = 3  # chunks BM25 retrieves as the context of each answer
    lang: str = "zh"  # template language: "zh" or "en"
    source_id: int | None = None  # chunks used for answers; None = all documents
    group: bool = False  # also build one multi-turn conversation per aspect
    system_prompt: str = ""  # the conversations' system prompt (e.g. the persona served)


@dataclass
class AspectResult:
    questions: int  # unique questions of the job (all runs so far)
    duplicates: int  # questions dropped as duplicates or near-duplicates
    too_long: int  # questions dropped for being longer than max_chars
    answered: int  # done answers found in the texts (pending samples)
    not_found: int  # done answers the texts do not hold (rejected samples)
    samples: int  # sft samples written by this run (including ones restored after a crash)
    dialogues: int = 0  # dialogue samples written or brought up to date by this run (group)
    by_aspect: dict[str, int] = field(default_factory=dict)  # unique questions per aspect
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (stage, key, reason), both jobs
    echoes: int = 0  # failed items whose answer only echoed the prompt (core/text/echo.py)
    cancelled: bool = False
    cost: float = 0.0  # this run's
    calls: int = 0  # requests sent by this run (retries and re-asks included)
    cached: int = 0  # answers this run took from the response cache
    questions_job: int | None = None  # the job whose questions the user reviews (core/flows/question_review.py)
    stopped_after: str = ""  # "questions": the run stopped there, as asked, for the user to review them
    deleted: int = 0  # questions the user deleted in the review (never asked; not in `questions`)


@dataclass
class _Question:
    key: str  # the answer item's key: f"{aspect}#{index}"
    text: str
    aspect: str


@dataclass
class _Collected:
    new: list[_Question]  # questions that need an answer item
    unique: int
    duplicates: int
    too_long: int
    by_aspect: dict[str, int]


def _question_list(value: Any) -> list[Any]:
    items = value.get("questions") if isinstance(value, dict) else value
    return items if isinstance(items, list) else []


def _usable(value: Any, n: int, max_chars: int) -> tuple[list[tuple[int, str]], int]:
    """((index in the model's list, cleaned question) of the usable questions, at most `n`;
    how many were longer than `max_chars`)."""
    out: list[tuple[int, str]] = []
    too_long = 0
    for i, q in enumerate(_question_list(value)):
        if not isinstance(q, str):
            continue
        q = clean_question(q)
        if not q or not question_key(q):
            continue
        if len(q) > max_chars:
            too_long += 1
            continue
        if len(out) < n:
            out.append((i, q))
    return out, too_long


def questions_validator(max_chars: int):
    """A runner validator: ``{"questions": [str]}`` (or a bare array) holding at least one
    question of at most `max_chars` characters (otherwise the model is asked again)."""

    def check(value: Any) -> str | None:
        err = _check_questions(value)
        if err:
            return err
        qs = [clean_question(q) for q in _question_list(value)]
        if all(len(q) > max_chars for q in qs if q and question_key(q)):
            return f"every question is longer than {max_chars} characters; write shorter ones"
        return None

    return json_validator(check)


class _Dedup:
    """Questions seen so far: exact identity (question_key) and near-duplicates (rapidfuzz)."""

    def __init__(self, topic: str):
        self._topic = question_key(topic)
        self._keys: dict[str, int] = {}
        self._cores: list[str] = []

    def _core(self, key: str) -> str:
        core = key.replace(self._topic, "") if self._topic else key
        return core or key

    def seen(self, text: str) -> bool:
        key = question_key(text)
        if key in self._keys:
            return True
        return bool(self._cores) and process.extractOne(
            self._core(key), self._cores, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE) is not None

    def match(self, text: str) -> int | None:
        """Which added text (by the order of add calls) `text` duplicates, if any."""
        key = question_key(text)
        if key in self._keys:
            return self._keys[key]
        hit = process.extractOne(self._core(key), self._cores, scorer=fuzz.ratio,
                                 score_cutoff=NEAR_DUPLICATE) if self._cores else None
        return None if hit is None else hit[2]

    def add(self, text: str) -> None:
        key = question_key(text)
        self._keys.setdefault(key, len(self._cores))
        self._cores.append(self._core(key))


def _parse_questions(store: Any, job_id: int, max_chars: int) -> tuple[list[Found], Counter[str]]:
    """The usable questions the model wrote in the done items of an aspects questions job, in item
    order (duplicates not removed), and per aspect how many were longer than `max_chars`."""
    found: list[Found] = []
    too_long: Counter[str] = Counter()
    after = 0
    while rows := store.done_items(job_id, after_id=after, limit=PAGE):
        after = rows[-1]["id"]
        for r in rows:
            meta = (r["input"] or {}).get("meta") or {}
            aspect = meta.get("aspect") or r["key"]
            n = int(meta.get("n") or MAX_PER_ASPECT)
            usable, long_ones = _usable((r["output"] or {}).get("value"), n, max_chars)
            too_long[aspect] += long_ones  # (every done aspect gets its entry, 0 or more)
            found.extend(Found(f"{aspect}#{i}", aspect, q) for i, q in usable)
    return found, too_long


def found_questions(store: Any, job: dict) -> list[Found]:
    """The review layer's reading of an aspects questions job (see core/flows/question_review.py)."""
    params = job.get("params") or (store.job(job["id"]) or {}).get("params") or {}
    return _parse_questions(store, job["id"], int(params.get("max_chars") or MAX_MAX_CHARS))[0]


def question_dedup(job: dict) -> _Dedup:
    return _Dedup((job.get("params") or {}).get("topic") or "")


def question_scope(store: Any, job: dict) -> dict[str, str]:
    """The aspects an aspects questions job asks about, in order (they have no text beside them)."""
    keys: dict[str, str] = {}
    for fetch in (lambda a: store.done_items(job["id"], after_id=a, limit=PAGE),
                  lambda a: store.pending_items(job["id"], True, after_id=a, limit=PAGE)):
        after = 0
        while rows := fetch(after):
            after = rows[-1]["id"]
            keys.update((r["key"], "") for r in rows)
    return keys


# ---- the flow -----------------------------------------------------------------------------------
class AspectFlow(GroundedAnswers, StagedFlow):
    """Topic + aspects → questions → answers from the project's documents → ``sft`` samples (and,
    with ``group``, one ``dialogue`` per aspect). See the module docstring.

    `client` is what :class:`Runner` takes: an AsyncOpenAI (left open) or a callable making one.
    `runner_options` go to each Runner (e.g. ``max_reasks``, ``backoff_base``)."""

    FLOW = "aspects"
    STAGES = STAGES

    def __init__(self, store: Any, client: Any, settings: ProviderSettings, options: AspectOptions,
                 events: FlowEvents | None = None, *, runner_options: dict | None = None,
                 stop_after: str | None = None):
        super().__init__(store, client, settings, events, runner_options)
        self.options = options
        self.stop_after = stop_after
        self._source_ids: set[int] = set()
        self._chunk_sources: dict[str, int] = {}
        self._made: dict[str, Any] = {}

    # ---- inputs ------------------------------------------------------------------------------
    @property
    def topic(self) -> str:
        return " ".join(str(self.options.topic or "").split())

    @property
    def aspects(self) -> list[str]:
        return clean_aspects(self.options.aspects)

    def chunks(self) -> list[dict]:
        """The chunks answers come from ({"key", "text", "source_id", "doc"}), in import order."""
        return [c for c in chunks_of(self.store, self.options.source_id) if c["text"].strip()]

    def templates(self) -> tuple[Template, Template]:
        """(questions template, answer template) in effect: the project's copies or the built-ins."""
        lang = self.options.lang
        return (project_template(self.store, "aspect_questions", lang),
                project_template(self.store, "qa_answer", lang))

    def validate(self) -> list[str]:
        """Problems that block a run (empty list: ready)."""
        o = self.options
        problems: list[str] = []
        if o.lang not in LANGS:
            problems.append(say("aspects.unknown_lang", lang=o.lang, known=", ".join(LANGS)).render())
        if not self.topic:
            problems.append(say("aspects.no_topic").render())
        if not self.aspects:
            problems.append(say("aspects.no_aspect").render())
        if not _int_in(o.per_aspect, 1, MAX_PER_ASPECT):
            problems.append(say("aspects.per_aspect_range", most=MAX_PER_ASPECT, got=repr(o.per_aspect)).render())
        if not _int_in(o.max_chars, MIN_MAX_CHARS, MAX_MAX_CHARS):
            problems.append(say("aspects.max_chars_range", least=MIN_MAX_CHARS, most=MAX_MAX_CHARS,
                                got=repr(o.max_chars)).render())
        if not _int_in(o.top_k, 1, MAX_TOP_K):
            problems.append(say("aspects.top_k_range", most=MAX_TOP_K, got=repr(o.top_k)).render())
        sources = {s["id"]: s for s in self.store.sources()}
        if o.source_id is not None and o.source_id not in sources:
            problems.append(say("aspects.no_source", id=o.source_id).render())
        elif not self.chunks():
            problems.append((say("aspects.source_no_chunks", name=sources[o.source_id]["name"])
                             if o.source_id is not None else say("aspects.project_no_chunks")).render())
        if o.lang in LANGS:
            for t in self.templates():
                label = say("aspects.questions_template" if t.name == "aspect_questions" else "aspects.answer_template")
                problems.extend(say("aspects.template_problem", label=label, lang=t.lang, problem=p).render()
                                for p in validate_template(t))
        return problems + self._stop_after_problems()

    def preview_messages(self) -> list[dict]:
        """The questions prompt for the first aspect, as it will be sent ([] without an aspect
        or a topic)."""
        if not self.aspects or not self.topic:
            return []
        qt, _ = self.templates()
        return self._question_spec(qt, self.aspects[0]).messages

    # ---- jobs --------------------------------------------------------------------------------
    def _questions_params(self, qt: Template) -> dict:
        o = self.options
        return {"topic": self.topic, "per_aspect": o.per_aspect, "max_chars": o.max_chars, "lang": o.lang,
                "template": qt.digest()}

    def _answers_params(self, questions_job: int, at: Template) -> dict:
        o = self.options
        return {"questions_job": questions_job, "source_id": o.source_id, "top_k": o.top_k, "lang": o.lang,
                "template": at.digest()}

    def _job_name(self, stage: str) -> str:
        o = self.options
        where = self._source_name(o.source_id)
        return f"Aspects {stage} · {self.topic} · {where} · {o.lang}"

    def _jobs(self) -> tuple[int | None, int | None]:
        """(questions job, answers job) of these options, where they exist."""
        qt, at = self.templates()
        qjob = self._find_job("aspect_questions", self._questions_params(qt))
        ajob = self._find_job("aspect_answers", self._answers_params(qjob, at)) if qjob is not None else None
        return qjob, ajob

    def _done_rows(self, job_id: int) -> list[dict]:
        rows: list[dict] = []
        after = 0
        while page := self.store.done_items(job_id, after_id=after, limit=PAGE):
            rows.extend(page)
            after = page[-1]["id"]
        return rows

    # ---- building items ----------------------------------------------------------------------
    def _question_spec(self, qt: Template, aspect: str) -> JobItemSpec:
        o = self.options
        return JobItemSpec(aspect, render(qt, topic=self.topic, aspect=aspect, n=o.per_aspect,
                                          max_chars=o.max_chars),
                           {"aspect": aspect, "topic": self.topic, "n": o.per_aspect})

    def _collect_questions(self, qjob: int, claimed: set[str], *, persist: bool = True) -> _Collected:
        """The questions of the current aspects as the user left them (core/flows/question_review.py;
        the model's are stored there first), in the aspects' order: those that need a new answer
        item, and the counts. Questions that already have an answer item (`claimed` keys) keep it,
        so which copy of a duplicate is answered never changes. Deleted questions are not asked;
        edited ones are asked as edited. ``persist=False``: nothing written (estimates)."""
        order = {a: i for i, a in enumerate(self.aspects)}
        parsed, too_long = _parse_questions(self.store, qjob, self.options.max_chars)
        found = [f for f in parsed if f.chunk in order]
        rows = question_review.settle(self.store, qjob, found, claimed, _Dedup(self.topic), persist=persist)
        rows = sorted((r for r in rows if r["chunk"] in order),
                      key=lambda r: (order[r["chunk"]], r["id"] if r["id"] is not None else 1 << 62))
        got = question_review.to_answer(rows, claimed, _Dedup(self.topic))
        answering = {r["key"] for r in got.rows}
        by_aspect: Counter[str] = Counter(r["chunk"] for r in rows
                                          if not r["deleted"] and (r["key"] in claimed or r["key"] in answering))
        new = [_Question(r["key"], r["text"], r["chunk"]) for r in got.rows]
        duplicates = len(found) - sum(1 for r in rows if r["asked"]) + got.dropped
        return _Collected(new, got.unique, duplicates, sum(too_long[a] for a in order),
                          {a: by_aspect.get(a, 0) for a in self.aspects if a in too_long or by_aspect.get(a)})

    def _context_label(self, i: int, doc: str) -> str:
        head, src = CONTEXT_LABELS.get(self.options.lang, CONTEXT_LABELS["en"])
        return head.format(i=i) + (src.format(doc=doc) if doc else "")

    def _answer_specs(self, at: Template, questions: list[_Question], chunks: list[dict]) -> list[JobItemSpec]:
        """One answer item per question with the top_k chunks BM25 finds for it. Builds the
        index (slow: run this in a thread)."""
        from core.text.retrieval import ChunkIndex  # loads jieba: only when needed

        by_key = {c["key"]: c for c in chunks}
        index = ChunkIndex((c["key"], c["text"]) for c in chunks)
        specs = []
        for q in questions:
            hits = [key for key, _ in index.search(q.text, self.options.top_k)]
            context = "\n\n".join(f"{self._context_label(i, by_key[k].get('doc', ''))}\n{by_key[k]['text']}"
                                  for i, k in enumerate(hits, 1))
            if not context:
                context = NO_CONTEXT.get(self.options.lang, NO_CONTEXT["en"])
            specs.append(JobItemSpec(q.key, render(at, question=q.text, context=context),
                                     {"question": q.text, "aspect": q.aspect, "topic": self.topic,
                                      "context": hits}))
        return specs

    # ---- samples -----------------------------------------------------------------------------
    def _sample(self, job_id: int, item_id: int, value: Any, meta: dict) -> Sample:
        answer, found, reasoning = _verdict(value)
        context = list(meta.get("context") or [])
        if not context:  # nothing was retrieved: an answer could only come from the model's own knowledge
            found = False
        smeta: dict[str, Any] = {"flow": "aspects", "topic": meta.get("topic") or self.topic,
                                 "aspect": meta.get("aspect"), "job_id": job_id, "job_item": item_id,
                                 "context": context, "made": self._made}
        if reasoning:
            smeta["reasoning"] = reasoning
        source_id = self._chunk_sources.get(context[0]) if context else None
        return Sample.qa(str(meta.get("question") or ""), answer, kind="sft",
                         status="pending" if found else "rejected", reason="" if found else NOT_FOUND_REASON,
                         source_id=source_id if source_id in self._source_ids else None, meta=smeta)

    def _grounded(self, value: Any, meta: dict) -> bool:
        # an answer with no retrieved text behind it is never found (see _sample)
        return _verdict(value)[1] and bool(meta.get("context"))

    def _group(self, job_id: int) -> list[int]:
        """One ``dialogue`` sample per aspect from its QA samples that are not rejected; returns
        the ids written or brought up to date. Blocking: run it in a thread."""
        pairs: dict[str, list[Sample]] = {}
        existing: dict[str, Sample] = {}
        prefix = f"{DIALOGUE_GEN}:{job_id}:"
        for s in self.store.iter_samples(SampleFilter(not_kind="pretrain")):
            if s.kind == "sft" and s.meta.get("job_id") == job_id and s.meta.get("flow") == self.FLOW:
                if s.status != "rejected" and len(s.turns) >= 2:
                    pairs.setdefault(str(s.meta.get("aspect")), []).append(s)
            elif s.kind == "dialogue" and str(s.meta.get("gen_key", "")).startswith(prefix):
                existing[s.meta["gen_key"]] = s
        system = self.options.system_prompt.strip()
        users = self.store.touched_among(s.id for s in existing.values())  # the user's: left alone
        new: list[Sample] = []
        changed: list[int] = []
        deleted: dict[int, set[str]] = {}
        for aspect in self.aspects:
            qa = sorted(pairs.get(aspect, []), key=lambda s: int(s.meta.get("job_item") or 0))
            if not qa:
                continue
            key = prefix + aspect
            turns = [Turn(t.role, t.text) for s in qa for t in s.turns]
            sources = Counter(s.source_id for s in qa if s.source_id is not None)
            source_id = sources.most_common(1)[0][0] if sources else None
            meta = {"flow": self.FLOW, "gen": DIALOGUE_GEN, "gen_key": key, "topic": self.topic,
                    "aspect": aspect, "answers_job": job_id,
                    "items": [s.meta.get("job_item") for s in qa], "samples": [s.id for s in qa],
                    "context": list(dict.fromkeys(k for s in qa for k in s.meta.get("context") or [])),
                    "made": self._made}
            old = existing.get(key)
            if old is None:
                if source_id is not None:
                    if source_id not in deleted:
                        deleted[source_id] = {r["key"] for r in self.store.raw_items_under(
                            source_id, "deleted_sample", prefix)}
                    if key in deleted[source_id]:  # the user deleted it in Review: stays deleted
                        continue
                new.append(Sample(turns=turns, kind="dialogue", system=system, source_id=source_id, meta=meta))
            elif old.status == "pending" and old.id not in users and (
                    old.system != system or [(t.role, t.text) for t in old.turns] != [(t.role, t.text)
                                                                                         for t in turns]):
                old.turns, old.system, old.meta = turns, system, {**old.meta, **meta}
                self.store.update_sample(old, by_user=False)  # brought up to date: still the flow's
                changed.append(old.id)
        ids = self.store.add_samples(new) if new else []
        return [*ids, *changed]

    # ---- estimate ----------------------------------------------------------------------------
    def estimate(self, retry_failed: bool = False) -> CostEstimate:
        """Requests, tokens and money still to spend (rough output sizes; items done by earlier
        runs cost nothing and are not counted, nor are failed ones unless `retry_failed`)."""
        questions, answers = self.estimate_stages(retry_failed)
        return CostEstimate(items=questions.items + answers.items, tokens_in=questions.tokens_in + answers.tokens_in,
                            tokens_out=questions.tokens_out + answers.tokens_out,
                            cost=questions.cost + answers.cost, waiting=questions.waiting + answers.waiting)

    def estimate_answers(self, retry_failed: bool = False) -> CostEstimate:
        """The answers stage alone: the questions left after the user's review (deleted ones not
        counted, edited and added ones as they read), answer items queued, and the expected
        answers of aspects whose questions are not asked yet."""
        return self.estimate_stages(retry_failed)[1]

    def estimate_stages(self, retry_failed: bool = False) -> tuple[CostEstimate, CostEstimate]:
        """(the questions stage, the answers stage): what each still costs. A request already out
        in an open batch (a --batch run collecting) is counted as waiting, not as still to send."""
        o = self.options
        chunks = self.chunks()
        qt, at = self.templates()
        qjob, ajob = self._jobs()
        max_out = max(1, int(self.settings.max_tokens))
        done = {r["key"] for r in self._done_rows(qjob)} if qjob is not None else set()
        if qjob is not None and not retry_failed:
            done.update(f["key"] for f in self.store.failed_items(qjob))
        avg = sum(estimate_tokens(c["text"]) for c in chunks) / len(chunks) if chunks else 0.0
        context = int(min(o.top_k, len(chunks)) * (avg + 12))
        answer_in = estimate_message_tokens(render(at, question="", context="")) + EST_QUESTION_TOKENS + context
        answer_out = min(max_out, EST_TOKENS_PER_ANSWER)
        q = [0, 0, 0, 0]  # items, tokens in, tokens out, waiting in a batch
        a = [0, 0, 0, 0]
        waiting_q = self._keys_waiting(qjob)  # aspects whose questions request is out in a batch (answers to come)
        for aspect in self.aspects:
            if aspect in done:
                continue
            if aspect in waiting_q:
                q[3] += 1
            else:
                q[0] += 1
                q[1] += estimate_message_tokens(self._question_spec(qt, aspect).messages)
                q[2] += min(max_out, EST_TOKENS_PER_QUESTION * o.per_aspect + 20)
            a[0] += o.per_aspect
            a[1] += o.per_aspect * answer_in
            a[2] += o.per_aspect * answer_out
        if qjob is not None:
            n_new = len(self._collect_questions(qjob, self._job_keys(ajob), persist=False).new)
            a[0] += n_new
            a[1] += n_new * answer_in
            a[2] += n_new * answer_out
        if ajob is not None:  # answer items queued but not done: their prompts are stored
            after = 0
            while rows := self.store.pending_items(ajob, retry_failed, after_id=after, limit=PAGE):
                after = rows[-1]["id"]
                for r in rows:
                    messages = (r["input"] or {}).get("messages") or []
                    if self._waits_in_batch(messages):
                        a[3] += 1
                        continue
                    a[0] += 1
                    a[1] += estimate_message_tokens(messages)
                    a[2] += answer_out
        return tuple(CostEstimate(items=n, tokens_in=tin, tokens_out=tout, cost=self.settings.cost(tin, tout),
                                  waiting=waiting)
                     for n, tin, tout, waiting in (q, a))

    # ---- run ---------------------------------------------------------------------------------
    async def _run(self, retry_failed: bool) -> AspectResult:
        problems = await asyncio.to_thread(self.validate)
        if problems:
            raise InputError(" ".join(problems))
        o = self.options
        qt, at = self.templates()
        self._made = self.provenance(qt, at, **{**asdict(o), "topic": self.topic, "aspects": self.aspects})
        chunks = await asyncio.to_thread(self.chunks)
        self._chunk_sources = {c["key"]: c["source_id"] for c in chunks}
        self._source_ids = {s["id"] for s in self.store.sources()}
        result = AspectResult(questions=0, duplicates=0, too_long=0, answered=0, not_found=0, samples=0)
        summaries: list[RunSummary] = []

        qparams = self._questions_params(qt)
        qjob = self._find_job("aspect_questions", qparams)
        if qjob is None:
            qjob = self._create_job("aspect_questions", self._job_name("questions"), qparams)
        result.questions_job = qjob
        aparams = self._answers_params(qjob, at)
        ajob = self._find_job("aspect_answers", aparams)
        if ajob is not None:  # a crash may have left answers without their samples
            await self._reconcile_and_report(ajob)

        # 1. questions
        await asyncio.to_thread(add_items, self.store, qjob, [self._question_spec(qt, a) for a in self.aspects])
        if await self._gate():
            summaries.append(await self._run_stage("questions", qjob, retry_failed))

        # 2. answers
        claimed = await asyncio.to_thread(self._job_keys, ajob)
        got = await asyncio.to_thread(self._collect_questions, qjob, claimed)
        result.questions, result.duplicates, result.too_long = got.unique, got.duplicates, got.too_long
        result.by_aspect = got.by_aspect
        result.deleted = await asyncio.to_thread(question_review.deleted_count, self.store, qjob, set(self.aspects))
        if self.stop_after == "questions":
            result.stopped_after = "questions"  # no answers job or item is made before it is asked for
        elif not self._cancelled and (got.new or ajob is not None):
            if ajob is None:
                ajob = self._create_job("aspect_answers", self._job_name("answers"), aparams)
            if got.new:
                specs = await asyncio.to_thread(self._answer_specs, at, got.new, chunks)
                await asyncio.to_thread(add_items, self.store, ajob, specs)
                del specs
            if await self._gate():
                summaries.append(await self._run_stage("answers", ajob, retry_failed))

        if ajob is not None:
            result.answered, result.not_found = await self._reconcile_and_report(ajob)
        result.samples = self._new_samples
        result.cancelled = self._cancelled or any(s.cancelled for s in summaries)

        # 3. one conversation per aspect
        if o.group and ajob is not None and not result.cancelled and not result.stopped_after:
            ids = await asyncio.to_thread(self._group, ajob)
            result.dialogues = len(ids)
            if ids:
                self._emit("on_samples", ids)

        failed = await asyncio.to_thread(self.failed_items)
        result.failed = [(stage, key, reason) for stage, _, key, reason in failed]
        result.echoes = self.echoes(result.failed)
        result.cost = sum(s.cost for s in summaries)
        result.calls = sum(s.calls for s in summaries)
        result.cached = sum(s.cached for s in summaries)
        return result

    async def _run_stage(self, stage: str, job_id: int, retry_failed: bool, validate: Any = None) -> RunSummary:
        if validate is None:
            validate = questions_validator(self.options.max_chars) if stage == "questions" else ANSWER_VALIDATOR
        return await super()._run_stage(stage, job_id, retry_failed, validate)


def _int_in(v: Any, lo: int, hi: int) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi


JOB_KINDS = ("aspect_questions", "aspect_answers")


def unfinished_work(store: Any) -> tuple[int, int]:
    """(pending, failed) items of this flow's jobs (see :func:`core.flows.staged.unfinished_work`)."""
    return staged.unfinished_work(store, JOB_KINDS)
