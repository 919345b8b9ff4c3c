"""Documents → QA pairs: questions from each chunk, then answers grounded in the source text.

Two jobs, each run by a :class:`~core.llm.runner.Runner` (so both are resumable, cached and
rate limited):

1. **questions** (kind ``qa_questions``): one item per chunk (key = the chunk's key) asking for
   ``{"questions": [...]}``; N per chunk is set, or derived from the chunk's length. The
   questions of all chunks are cleaned up (stripped, list numbering dropped, empty ones dropped)
   and deduplicated across the run, ignoring case, whitespace and punctuation.
2. **answers** (kind ``qa_answers``): one item per unique question (key
   ``f"{chunk_key}#{index}"``) holding the question, its own chunk and the ``top_k`` other
   chunks BM25 finds for it, asking for ``{"answer", "found", "reasoning"}`` from that text only.

Every answer becomes an ``sft`` sample the moment it arrives (``pending``; or ``rejected`` with
the reason "not found in the source text" when the model says the text does not hold the
answer), and ``FlowEvents.on_samples`` hears of it.

Jobs are found again by their parameters (source, questions per chunk, language, template
hash …), so running the flow again continues where it stopped: done items are skipped, and the
response cache answers interrupted ones, so nothing is paid for twice. At the start and at the
end of a run every done answer item is checked to have exactly one sample (a crash between
storing an answer and writing its sample loses nothing; nothing is duplicated either).
Note that this also means a sample *deleted* in Review comes back on the next run; reject it
instead.
"""

from __future__ import annotations

import asyncio
import logging
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from core.errors import InputError
from core.flows import question_review, staged
from core.flows.question_review import ExactDedup, Found
from core.flows.staged import FlowEvents, StagedFlow
from core.llm.limits import estimate_message_tokens, estimate_tokens
from core.llm.parse import json_validator
from core.llm.providers import ProviderSettings
from core.llm.runner import JobItemSpec, RunSummary, add_items
from core.llm.templates import LANGS, Template, project_template, render, validate_template
from core.messages import Message, say
from core.model import Sample
from core.sources.documents.txt import chunks_of
from core.text.echo import EchoRule
from core.text.reasoning import keep_reasoning

log = logging.getLogger("corpusmith.flows.qa")

NOT_FOUND_REASON = say("flows.not_found_in_source").encode()  # stored: reads in the reader's language
CHARS_PER_QUESTION = 300  # questions_per_chunk = 0: one question per this many characters …
MAX_AUTO_QUESTIONS = 8  # … at most this many
MAX_QUESTIONS = 50  # the most a user may ask for per chunk
MAX_TOP_K = 20
# rough output sizes for the estimate (tokens): per question asked, and per answer
EST_TOKENS_PER_QUESTION = 40
EST_TOKENS_PER_ANSWER = 300
EST_QUESTION_TOKENS = 25  # a question not asked yet, in the answer prompt
PAGE = 500

STAGES = ("questions", "answers")
STOP_AFTER = ("questions",)  # where a run may stop on purpose (for the user to review the questions)
CONTEXT_LABELS = {"zh": ("【片段 {i}】", "（出自《{doc}》）"), "en": ("[Passage {i}]", " (from “{doc}”)")}


# ---- options, results, events ------------------------------------------------------------------
@dataclass
class QAOptions:
    source_id: int | None = None  # chunks of this source; None = every document chunk in the project
    questions_per_chunk: int = 0  # 0 = derived from the chunk length: 1 per ~300 characters, 1..8
    top_k: int = 2  # other chunks retrieved by BM25 for each answer
    lang: str = "zh"  # template language: "zh" or "en"


@dataclass
class CostEstimate:
    """What is still to do, both stages (answers estimated from the expected question count;
    items done by earlier runs cost nothing and are not counted). Output tokens are a rough
    guess (~40 a question, ~300 an answer, at most max_tokens), not an upper bound."""

    items: int
    tokens_in: int
    tokens_out: int
    cost: float
    waiting: int = 0  # requests already out in an open batch: not counted above (no new cost)


@dataclass
class QAResult:
    questions: int  # unique questions of the job (all runs so far)
    duplicates: int  # questions dropped as duplicates (ignoring case, spaces and punctuation)
    answered: int  # done answers found in the source text (pending samples)
    not_found: int  # done answers the text does not hold (rejected samples)
    samples: int  # samples written by this run (including ones restored after a crash)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (stage, key, reason), both jobs
    echoes: int = 0  # failed items whose answer only echoed the prompt (core/text/echo.py)
    cancelled: bool = False
    cost: float = 0.0  # this run's
    calls: int = 0  # requests sent by this run (retries and re-asks included)
    cached: int = 0  # answers this run took from the response cache
    questions_job: int | None = None  # the job whose questions the user reviews (core/flows/question_review.py)
    stopped_after: str = ""  # "questions": the run stopped there, as asked, for the user to review them
    deleted: int = 0  # questions the user deleted in the review (never asked; not in `questions`)


# ---- questions: how many, cleaning, identity -----------------------------------------------------
def questions_for(text: str, per_chunk: int = 0) -> int:
    """How many questions to ask about `text`: `per_chunk`, or one per ~300 characters (1..8)."""
    if per_chunk > 0:
        return per_chunk
    return max(1, min(MAX_AUTO_QUESTIONS, (len(text) + CHARS_PER_QUESTION // 2) // CHARS_PER_QUESTION))


_ENUMERATOR = re.compile(
    r"^\s*(?:(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[.、．)）:：](?!\d)|[-*•·](?=\s)|[QqＱ]\d*\s*[:：.])\s*")


def clean_question(q: str) -> str:
    """The question stripped, list numbering ("1. ", "一、", "- ", "Q1:") dropped, inner runs of
    whitespace made one space."""
    q = _ENUMERATOR.sub("", q.strip(), count=1)
    return " ".join(q.split())


def question_key(q: str) -> str:
    """Identity for deduplication: case, width, whitespace and punctuation ignored."""
    q = unicodedata.normalize("NFKC", q).casefold()
    return "".join(ch for ch in q if unicodedata.category(ch)[0] not in "PZSC")


def _questions_in(value: Any, n: int) -> list[tuple[int, str]]:
    """(index in the model's list, cleaned question) of the usable questions, at most `n`."""
    items = value.get("questions") if isinstance(value, dict) else value
    out: list[tuple[int, str]] = []
    for i, q in enumerate(items if isinstance(items, list) else []):
        if isinstance(q, str):
            q = clean_question(q)
            if q and question_key(q):
                out.append((i, q))
    return out[:n]


def _check_questions(value: Any) -> Message | None:
    if isinstance(value, dict):
        if "questions" not in value:
            return say("llm.shape.missing", path="answer", field="questions")
        items = value["questions"]
    else:
        items = value  # a bare array is accepted too
    if not isinstance(items, list):
        return say("flows.qa.questions_not_list")
    if any(not isinstance(q, str) for q in items):
        return say("flows.qa.question_not_text")
    if not any(clean_question(q) and question_key(clean_question(q)) for q in items):
        return say("flows.qa.no_question")
    return None


def _as_bool(v: Any) -> bool | None:
    if isinstance(v, bool):
        return v
    if isinstance(v, str) and v.strip().lower() in ("true", "false", "yes", "no"):
        return v.strip().lower() in ("true", "yes")
    return None


def _check_answer(value: Any) -> Message | None:
    if not isinstance(value, dict):
        return say("llm.shape.object", path="answer")
    for name in ("answer", "found"):
        if name not in value:
            return say("llm.shape.missing", path="answer", field=name)
    if not isinstance(value["answer"], str):
        return say("flows.qa.field_not_text", field="answer")
    if _as_bool(value["found"]) is None:
        return say("flows.qa.found_not_bool")
    r = value.get("reasoning")
    if r is not None and not isinstance(r, str):
        return say("flows.qa.field_not_text", field="reasoning")
    return None


QUESTIONS_VALIDATOR = json_validator(_check_questions)  # {"questions": [str]} (empty entries allowed)
ANSWER_VALIDATOR = json_validator(_check_answer)  # {"answer": str, "found": bool, "reasoning?": str}

# A short answer that only says the text does not tell (models sometimes say so with found: true).
_NOT_FOUND_TEXT = re.compile(
    r"(原文|文本|参考文本|文中|材料|上文|资料).{0,6}(没有|未|并未|无|不)(提到|提及|说明|涉及|包含|给出|记载|交代)"
    r"|无法(从|根据).{0,8}(得知|确定|回答|判断)"
    r"|\b(the )?(reference )?(text|passage|context)s? (does not|doesn't|do not|don't) "
    r"(say|mention|state|contain|specify|provide)"
    r"|\bnot (mentioned|stated|specified|given) in the (reference )?(text|passage|context)",
    re.I,
)


def _verdict(value: Any) -> tuple[str, bool, str]:
    """(answer, found, reasoning) of an answer item's value."""
    value = value if isinstance(value, dict) else {}
    answer = str(value.get("answer") or "").strip()
    found = bool(_as_bool(value.get("found"))) and bool(answer)
    if found and len(answer) <= 60 and _NOT_FOUND_TEXT.search(answer):
        found = False
    reasoning = value.get("reasoning")
    return answer, found, reasoning.strip() if isinstance(reasoning, str) else ""


@dataclass
class _Question:
    key: str  # the answer item's key: f"{chunk}#{index}"
    text: str
    chunk: str
    source_id: int | None


def found_questions(store: Any, job: dict) -> list[Found]:
    """The questions the model wrote in the done items of a QA questions job, in order (at most
    the n asked for per chunk; cleaned; duplicates not removed)."""
    found: list[Found] = []
    after = 0
    while rows := store.done_items(job["id"], after_id=after, limit=PAGE):
        after = rows[-1]["id"]
        for r in rows:
            meta = (r["input"] or {}).get("meta") or {}
            chunk = meta.get("chunk") or r["key"]
            n = int(meta.get("n") or MAX_QUESTIONS)
            found.extend(Found(f"{chunk}#{i}", chunk, q) for i, q in _questions_in((r["output"] or {}).get("value"), n))
    return found


def question_dedup(job: dict) -> ExactDedup:
    return ExactDedup()


def question_scope(store: Any, job: dict) -> dict[str, str]:
    """chunk key → text of the chunks a QA questions job asks about, in order."""
    source_id = (job.get("params") or {}).get("source_id")
    return {c["key"]: c["text"] for c in chunks_of(store, source_id) if c["text"].strip()}


class GroundedAnswers:
    """The answers stage shared by the flows whose answers must come from retrieved text (QA,
    aspects): each answer item becomes a sample the moment it arrives, and done items without
    a sample get theirs at the start and end of a run. The flow provides ``_sample`` and may
    narrow :meth:`_grounded`.

    ``stop_after = "questions"``: the run ends after the questions stage, its questions stored for
    the user's review (core/flows/question_review.py); a run without it answers the questions
    left."""

    stop_after: str | None = None

    def questions_job(self) -> int | None:
        """The questions job of these options, where it exists (what the user reviews)."""
        return self._jobs()[0]

    def _stop_after_problems(self) -> list[str]:
        if self.stop_after not in (None, *STOP_AFTER):
            return [say("questions.bad_stop_after", got=str(self.stop_after), known=", ".join(STOP_AFTER)).render()]
        return []

    def _grounded(self, value: Any, meta: dict) -> bool:
        """Whether a done answer counts as found in the text."""
        return _verdict(value)[1]

    def _counted(self, meta: dict) -> bool:
        """Whether a done answer counts in the run's answered / not found (see QAFlow)."""
        return True

    def _echo_rule(self, stage: str) -> EchoRule:
        """Questions that are the template's own, answers that repeat its example or instructions
        (the reasoning is a note beside the answer: not checked)."""
        questions, answer = self.templates()
        if stage == "questions":
            return EchoRule.of(questions)
        return EchoRule.of(answer, ignore_keys=("reasoning",))

    def _item_arrived(self, stage: str, job_id: int, item_id: int, output: dict, meta: dict) -> None:
        """An answer item just finished: its sample, now (a failure here is mended at the end)."""
        if stage != "answers":
            return
        sample = keep_reasoning(self._sample(job_id, item_id, (output or {}).get("value"), meta), output)
        ids = self.store.add_samples([sample])
        self._new_samples += len(ids)
        self._emit("on_samples", ids)

    def _reconcile(self, job_id: int) -> tuple[list[int], int, int]:
        """Give every done answer item without a sample its sample; returns (new sample ids,
        answered, not found). Blocking: run it in a thread."""
        verdicts = {True: 0, False: 0}

        def count(value: Any, meta: dict) -> None:
            if self._counted(meta):
                verdicts[bool(self._grounded(value, meta))] += 1

        created = self._restore_samples(job_id, self._sample, count)
        return created, verdicts[True], verdicts[False]

    async def _reconcile_and_report(self, job_id: int) -> tuple[int, int]:
        created, answered, not_found = await asyncio.to_thread(self._reconcile, job_id)
        if created:
            self._new_samples += len(created)
            self._emit("on_samples", created)
        return answered, not_found


# ---- the flow -----------------------------------------------------------------------------------
class QAFlow(GroundedAnswers, StagedFlow):
    """Documents → questions → grounded answers → ``sft`` samples. See the module docstring.

    `client` is what :class:`Runner` takes: an AsyncOpenAI (left open) or a callable making one
    (a new client per stage, closed after it). `runner_options` are passed to each Runner
    (e.g. ``max_reasks``, ``backoff_base``)."""

    FLOW = "qa"
    STAGES = STAGES

    def __init__(self, store: Any, client: Any, settings: ProviderSettings, options: QAOptions,
                 events: FlowEvents | None = None, *, runner_options: dict | None = None,
                 stop_after: str | None = None):
        super().__init__(store, client, settings, events, runner_options)
        self.options = options
        self.stop_after = stop_after
        self._source_ids: set[int] = set()
        self._made: dict[str, Any] = {}
        self._chunk_keys: set[str] | None = None  # the chunks of this run (None: not read yet)

    def _counted(self, meta: dict) -> bool:
        """Answers about a chunk no longer in the document (edited since: `chunks` rejected their
        samples and said so) are not counted beside the questions of the chunks there are now."""
        return self._chunk_keys is None or meta.get("chunk") in self._chunk_keys

    # ---- inputs ------------------------------------------------------------------------------
    def chunks(self) -> list[dict]:
        """The input chunks ({"key", "text", "source_id", "doc"}), in import order."""
        return [c for c in chunks_of(self.store, self.options.source_id) if c["text"].strip()]

    def templates(self) -> tuple[Template, Template]:
        """(questions template, answer template) in effect: the project's copies or the built-ins."""
        lang = self.options.lang
        return (project_template(self.store, "qa_questions", lang),
                project_template(self.store, "qa_answer", lang))

    def validate(self) -> list[str]:
        """Problems that block a run (empty list: ready)."""
        o = self.options
        problems: list[str] = []
        if o.lang not in LANGS:
            problems.append(f"Unknown template language “{o.lang}”: choose one of {', '.join(LANGS)}.")
        if not isinstance(o.questions_per_chunk, int) or not 0 <= o.questions_per_chunk <= MAX_QUESTIONS:
            problems.append(f"Questions per chunk must be 0 (automatic) to {MAX_QUESTIONS} "
                            f"(got {o.questions_per_chunk!r}).")
        if not isinstance(o.top_k, int) or not 0 <= o.top_k <= MAX_TOP_K:
            problems.append(f"Retrieved chunks per answer (top k) must be 0 to {MAX_TOP_K} "
                            f"(got {o.top_k!r}).")
        sources = {s["id"]: s for s in self.store.sources()}
        if o.source_id is not None and o.source_id not in sources:
            problems.append(f"Source #{o.source_id} does not exist in this project.")
        elif not self.chunks():
            where = (f"Source “{sources[o.source_id]['name']}” has no text chunks"
                     if o.source_id is not None else "The project has no document text yet")
            problems.append(f"{where}: import a TXT file first.")
        if o.lang in LANGS:
            for t in self.templates():
                label = "Questions template" if t.name == "qa_questions" else "Answer template"
                problems.extend(f"{label} ({t.lang}): {p}" for p in validate_template(t))
        return problems + self._stop_after_problems()

    def preview_messages(self) -> list[dict]:
        """The questions prompt for the first chunk, as it will be sent ([] without chunks)."""
        chunks = self.chunks()
        if not chunks:
            return []
        qt, _ = self.templates()
        text = chunks[0]["text"]
        return render(qt, text=text, n=questions_for(text, self.options.questions_per_chunk))

    # ---- jobs --------------------------------------------------------------------------------
    def _questions_params(self, qt: Template) -> dict:
        o = self.options
        return {"source_id": o.source_id, "questions_per_chunk": o.questions_per_chunk, "lang": o.lang,
                "template": qt.digest()}

    def _answers_params(self, questions_job: int, at: Template) -> dict:
        o = self.options
        return {"questions_job": questions_job, "top_k": o.top_k, "lang": o.lang, "template": at.digest()}

    def _job_name(self, stage: str) -> str:
        o = self.options
        where = self._source_name(o.source_id)
        return f"QA {stage} · {where} · {o.lang}"

    def _jobs(self) -> tuple[int | None, int | None]:
        """(questions job, answers job) of these options, where they exist."""
        qt, at = self.templates()
        qjob = self._find_job("qa_questions", self._questions_params(qt))
        ajob = self._find_job("qa_answers", self._answers_params(qjob, at)) if qjob is not None else None
        return qjob, ajob

    # ---- building items ----------------------------------------------------------------------
    def _question_specs(self, qt: Template, chunks: list[dict]) -> list[JobItemSpec]:
        per = self.options.questions_per_chunk
        specs = []
        for c in chunks:
            n = questions_for(c["text"], per)
            specs.append(JobItemSpec(c["key"], render(qt, text=c["text"], n=n),
                                     {"chunk": c["key"], "source_id": c["source_id"], "n": n}))
        return specs

    def _collect_questions(self, qjob: int, claimed: set[str], chunk_keys: set[str], *, persist: bool = True
                           ) -> tuple[list[_Question], int, int]:
        """The questions as the user left them (core/flows/question_review.py; the model's are
        stored there first): (questions that need a new answer item, unique questions standing,
        duplicates). Questions that already have an answer item (`claimed` keys) keep it, so the
        choice of which copy of a duplicate is answered never changes. Deleted questions are not
        asked; edited ones are asked as edited. ``persist=False``: nothing written (estimates)."""
        job = {"id": qjob}
        found = [f for f in found_questions(self.store, job) if f.chunk in chunk_keys]
        rows = question_review.settle(self.store, qjob, found, claimed, ExactDedup(), persist=persist)
        rows = [r for r in rows if r["chunk"] in chunk_keys]  # a chunk's source removed since: not asked
        got = question_review.to_answer(rows, claimed, ExactDedup())
        sources = {c["key"]: c["source_id"] for c in self.chunks()}
        new = [_Question(r["key"], r["text"], r["chunk"], sources.get(r["chunk"])) for r in got.rows]
        model_rows = sum(1 for r in rows if r["asked"])
        return new, got.unique, len(found) - model_rows + got.dropped

    def _context_label(self, i: int, doc: str) -> str:
        head, src = CONTEXT_LABELS.get(self.options.lang, CONTEXT_LABELS["en"])
        return head.format(i=i) + (src.format(doc=doc) if doc else "")

    def _answer_specs(self, at: Template, questions: list[_Question],
                      chunks: list[dict]) -> list[JobItemSpec]:
        """One answer item per question: its chunk plus the top_k other chunks BM25 finds for it.
        Builds the index (slow: run this in a thread)."""
        by_key = {c["key"]: c for c in chunks}
        k = self.options.top_k
        index = None
        if k > 0 and len(chunks) > 1:
            from core.text.retrieval import ChunkIndex  # loads jieba: only when needed

            index = ChunkIndex((c["key"], c["text"]) for c in chunks)
        specs = []
        for q in questions:
            others = [key for key, _ in index.search(q.text, k, exclude={q.chunk})] if index else []
            parts = [by_key[q.chunk], *(by_key[key] for key in others)]
            context = "\n\n".join(f"{self._context_label(i, c.get('doc', ''))}\n{c['text']}"
                                  for i, c in enumerate(parts, 1))
            specs.append(JobItemSpec(q.key, render(at, question=q.text, context=context),
                                     {"question": q.text, "chunk": q.chunk, "source_id": q.source_id,
                                      "context": others}))
        return specs

    # ---- samples -----------------------------------------------------------------------------
    def _sample(self, job_id: int, item_id: int, value: Any, meta: dict) -> Sample:
        answer, found, reasoning = _verdict(value)
        smeta: dict[str, Any] = {"flow": "qa", "job_id": job_id, "job_item": item_id,
                                 "chunk": meta.get("chunk"), "made": self._made}
        if meta.get("context"):
            smeta["context"] = meta["context"]
        if reasoning:
            smeta["reasoning"] = reasoning
        source_id = meta.get("source_id")
        return Sample.qa(str(meta.get("question") or ""), answer, kind="sft",
                         status="pending" if found else "rejected", reason="" if found else NOT_FOUND_REASON,
                         source_id=source_id if source_id in self._source_ids else None, meta=smeta)

    # ---- estimate ----------------------------------------------------------------------------
    def estimate(self) -> CostEstimate:
        """Requests, tokens and money still to spend, both stages (see CostEstimate)."""
        questions, answers = self.estimate_stages()
        return CostEstimate(items=questions.items + answers.items, tokens_in=questions.tokens_in + answers.tokens_in,
                            tokens_out=questions.tokens_out + answers.tokens_out,
                            cost=questions.cost + answers.cost, waiting=questions.waiting + answers.waiting)

    def estimate_answers(self) -> CostEstimate:
        """The answers stage alone: the questions left after the user's review (deleted ones not
        counted, edited and added ones as they read), answer items queued, and the expected
        answers of chunks whose questions are not asked yet."""
        return self.estimate_stages()[1]

    def estimate_stages(self) -> tuple[CostEstimate, CostEstimate]:
        """(the questions stage, the answers stage): what each still costs. A request already out
        in an open batch (a --batch run collecting) is counted as waiting, not as still to send."""
        chunks = self.chunks()
        qt, at = self.templates()
        qjob, ajob = self._jobs()
        max_out = max(1, int(self.settings.max_tokens))
        per = self.options.questions_per_chunk
        done_q: set[str] = set()
        if qjob is not None:
            after = 0
            while rows := self.store.done_items(qjob, after_id=after, limit=PAGE):
                done_q.update(r["key"] for r in rows)
                after = rows[-1]["id"]
        chunk_tokens = {c["key"]: estimate_tokens(c["text"]) for c in chunks}
        avg = sum(chunk_tokens.values()) / len(chunks) if chunks else 0.0
        others = min(self.options.top_k, max(0, len(chunks) - 1))
        answer_base = estimate_message_tokens(render(at, question="", context="")) + 12

        def context_tokens(chunk: str) -> int:
            return chunk_tokens.get(chunk, int(avg)) + int(others * (avg + 12))

        q_base: dict[int, int] = {}
        q = [0, 0, 0, 0]  # items, tokens in, tokens out, waiting in a batch
        a = [0, 0, 0, 0]
        waiting_q = self._keys_waiting(qjob)  # chunks whose questions request is out in a batch (answers to come)
        for c in chunks:
            if c["key"] in done_q:
                continue
            n = questions_for(c["text"], per)
            if c["key"] in waiting_q:
                q[3] += 1
            else:
                if n not in q_base:
                    q_base[n] = estimate_message_tokens(render(qt, text="", n=n))
                q[0] += 1
                q[1] += q_base[n] + chunk_tokens[c["key"]]
                q[2] += min(max_out, EST_TOKENS_PER_QUESTION * n + 20)
            a[0] += n
            a[1] += n * (answer_base + EST_QUESTION_TOKENS + context_tokens(c["key"]))
            a[2] += n * min(max_out, EST_TOKENS_PER_ANSWER)
        if qjob is not None:
            new, _, _ = self._collect_questions(qjob, self._job_keys(ajob), set(chunk_tokens), persist=False)
            for question in new:
                a[0] += 1
                a[1] += answer_base + estimate_tokens(question.text) + context_tokens(question.chunk)
                a[2] += min(max_out, EST_TOKENS_PER_ANSWER)
        if ajob is not None:  # answer items queued but not done: their prompts are stored
            after = 0
            while rows := self.store.pending_items(ajob, True, after_id=after, limit=PAGE):
                after = rows[-1]["id"]
                for r in rows:
                    messages = (r["input"] or {}).get("messages") or []
                    if self._waits_in_batch(messages):
                        a[3] += 1
                        continue
                    a[0] += 1
                    a[1] += estimate_message_tokens(messages)
                    a[2] += min(max_out, EST_TOKENS_PER_ANSWER)
        return tuple(CostEstimate(items=n, tokens_in=tin, tokens_out=tout, cost=self.settings.cost(tin, tout),
                                  waiting=waiting)
                     for n, tin, tout, waiting in (q, a))

    # ---- run ---------------------------------------------------------------------------------
    async def _run(self, retry_failed: bool) -> QAResult:
        problems = await asyncio.to_thread(self.validate)
        if problems:
            raise InputError(" ".join(problems))
        qt, at = self.templates()
        self._made = self.provenance(qt, at, **asdict(self.options))
        chunks = await asyncio.to_thread(self.chunks)
        chunk_keys = self._chunk_keys = {c["key"] for c in chunks}
        self._source_ids = {s["id"] for s in self.store.sources()}
        result = QAResult(questions=0, duplicates=0, answered=0, not_found=0, samples=0)
        summaries: list[RunSummary] = []

        qparams = self._questions_params(qt)
        qjob = self._find_job("qa_questions", qparams)
        if qjob is None:
            qjob = self._create_job("qa_questions", self._job_name("questions"), qparams)
        result.questions_job = qjob
        aparams = self._answers_params(qjob, at)
        ajob = self._find_job("qa_answers", aparams)
        if ajob is not None:  # a crash may have left answers without their samples
            await self._reconcile_and_report(ajob)

        # 1. questions
        specs = await asyncio.to_thread(self._question_specs, qt, chunks)
        await asyncio.to_thread(add_items, self.store, qjob, specs)
        del specs
        if await self._gate():
            summaries.append(await self._run_stage("questions", qjob, retry_failed))

        # 2. answers (the questions as the user left them; with stop_after, only stored for review)
        claimed = await asyncio.to_thread(self._job_keys, ajob)
        new, result.questions, result.duplicates = await asyncio.to_thread(
            self._collect_questions, qjob, claimed, chunk_keys)
        result.deleted = await asyncio.to_thread(question_review.deleted_count, self.store, qjob, chunk_keys)
        if self.stop_after == "questions":
            result.stopped_after = "questions"  # no answers job or item is made before it is asked for
        elif not self._cancelled and (new or ajob is not None):
            if ajob is None:
                ajob = self._create_job("qa_answers", self._job_name("answers"), aparams)
            if new:
                specs = await asyncio.to_thread(self._answer_specs, at, new, chunks)
                await asyncio.to_thread(add_items, self.store, ajob, specs)
                del specs
            if await self._gate():
                summaries.append(await self._run_stage("answers", ajob, retry_failed))

        if ajob is not None:
            result.answered, result.not_found = await self._reconcile_and_report(ajob)
        return await self._finish(result, summaries)

    async def _finish(self, result: QAResult, summaries: list[RunSummary]) -> QAResult:
        result.samples = self._new_samples
        failed = await asyncio.to_thread(self.failed_items)
        result.failed = [(stage, key, reason) for stage, _, key, reason in failed]
        result.echoes = self.echoes(result.failed)
        result.cancelled = self._cancelled or any(s.cancelled for s in summaries)
        result.cost = sum(s.cost for s in summaries)
        result.calls = sum(s.calls for s in summaries)
        result.cached = sum(s.cached for s in summaries)
        return result

    async def _run_stage(self, stage: str, job_id: int, retry_failed: bool, validate: Any = None) -> RunSummary:
        validate = QUESTIONS_VALIDATOR if stage == "questions" else ANSWER_VALIDATOR
        return await super()._run_stage(stage, job_id, retry_failed, validate)


JOB_KINDS = ("qa_questions", "qa_answers")


def unfinished_work(store: Any) -> tuple[int, int]:
    """(pending, failed) items of this flow's jobs (see :func:`core.flows.staged.unfinished_work`)."""
    return staged.unfinished_work(store, JOB_KINDS)
