"""The user's review of a run's questions, between the questions and the answers stage (QA and
aspects flows).

The questions a questions job produced are kept in the project's ``questions`` table the first
time a flow (or the ``questions`` command) reads them: one row per question left after
deduplication, with an id the user names it by. The user may then edit a question's text,
delete it, add one to a chunk (an aspect, for the aspects flow) or accept them all. The answers
stage answers exactly the rows left — not deleted, as they now read — so a deleted question is
never sent and an edited one is asked and stored as edited.

A question that already has an answer (a done item in an answers job built on this questions job)
is not changed here: its sample is edited, rejected or deleted in Review. One whose answer is only
queued (pending, or failed) is: the queued item is dropped, and the next run asks it as it reads
now (or not at all).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from core.errors import InputError
from core.messages import say

# questions job kind → (flow, answers job kind)
QUESTION_KINDS = {"qa_questions": ("qa", "qa_answers"), "aspect_questions": ("aspects", "aspect_answers")}
STATUSES = ("asked", "accepted", "edited", "added", "deleted", "answered")


class Dedup(Protocol):
    def seen(self, text: str) -> bool: ...

    def add(self, text: str) -> None: ...

    def match(self, text: str) -> int | None:
        """Which added text (by the order of add calls) `text` duplicates, if any."""


class ExactDedup:
    """Duplicates by :func:`core.flows.qa.question_key` (case, width, spaces, punctuation ignored)."""

    def __init__(self) -> None:
        self._keys: dict[str, int] = {}
        self._n = 0

    def seen(self, text: str) -> bool:
        return self.match(text) is not None

    def match(self, text: str) -> int | None:
        from core.flows.qa import question_key

        return self._keys.get(question_key(text))

    def add(self, text: str) -> None:
        from core.flows.qa import question_key

        self._keys.setdefault(question_key(text), self._n)
        self._n += 1


@dataclass(frozen=True)
class Found:
    """A question the model wrote: its answer item's key, its chunk (or aspect), its text."""

    key: str
    chunk: str
    text: str


@dataclass
class ReviewedQuestion:
    id: int
    job_id: int  # the questions job
    flow: str  # "qa" or "aspects"
    chunk: str  # the chunk key (qa) or the aspect (aspects)
    key: str  # its answer item's key
    text: str  # what the answers stage asks
    asked: str  # as the model wrote it ("" when the user added it)
    status: str  # one of STATUSES

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# ---- what the flows call --------------------------------------------------------------------------
def settle(store: Any, job_id: int, found: Iterable[Found], claimed: set[str], dedup: Dedup, *,
           persist: bool = True) -> list[dict]:
    """The job's question rows, after the model's questions not stored yet are added — those that
    duplicate neither a stored one nor an earlier one (a question that already has an answer item,
    in `claimed`, goes first: which copy of a duplicate is answered never changes). With
    ``persist=False`` nothing is written (an estimate): the rows that would be added have id None."""
    rows = store.question_rows(job_id)
    known = {r["key"] for r in rows}
    fresh = [f for f in found if f.key not in known]
    if not fresh:
        return rows
    for r in rows:  # a deleted question stays deleted: a later copy of it is a duplicate too
        for text in {r["asked"], r["text"]} - {""}:
            dedup.add(text)
    order = {f.key: i for i, f in enumerate(fresh)}
    keep: list[Found] = []
    for f in sorted(fresh, key=lambda f: f.key not in claimed):  # stable: claimed first, then in order
        if dedup.seen(f.text):
            continue
        dedup.add(f.text)
        keep.append(f)
    keep.sort(key=lambda f: order[f.key])
    if persist:
        store.add_model_questions(job_id, [(f.key, f.chunk, f.text) for f in keep])
        return store.question_rows(job_id)
    return rows + [{"id": None, "job_id": job_id, "key": f.key, "chunk": f.chunk, "asked": f.text, "text": f.text,
                    "deleted": False, "accepted": False} for f in keep]


@dataclass
class ToAnswer:
    rows: list[dict]  # rows that need a new answer item, in order
    unique: int  # questions standing (not deleted), with or without an answer item
    dropped: int  # rows left out as duplicates of another standing one (see settle: rare)


def to_answer(rows: list[dict], claimed: set[str], dedup: Dedup) -> ToAnswer:
    """Of the rows in scope: those not deleted, as they now read, that have no answer item yet."""
    live = [r for r in rows if not r["deleted"]]
    for r in live:
        if r["key"] in claimed:
            dedup.add(r["text"])
    out = ToAnswer([], 0, 0)
    for r in live:
        if r["key"] in claimed:
            out.unique += 1
            continue
        if dedup.seen(r["text"]):  # edits and additions are checked, so only a guard
            out.dropped += 1
            continue
        dedup.add(r["text"])
        out.unique += 1
        out.rows.append(r)
    return out


# ---- listing ----------------------------------------------------------------------------------------
def _kind(store: Any, job_id: int) -> dict:
    job = store.job(job_id)
    if job is None or job["kind"] not in QUESTION_KINDS:
        raise InputError(say("questions.no_job", id=job_id))
    return job


def _flow_module(kind: str) -> Any:
    if kind == "qa_questions":
        from core.flows import qa

        return qa
    from core.flows import aspects

    return aspects


def deleted_count(store: Any, job_id: int, scope: set[str]) -> int:
    """The questions of the job in `scope` (its chunks or aspects) the user deleted: never asked,
    so a run's count of questions leaves them out and says them apart."""
    return sum(1 for r in store.question_rows(job_id) if r["deleted"] and r["chunk"] in scope)


def question_jobs(store: Any) -> list[dict]:
    """The project's questions jobs (QA and aspects), newest first."""
    return [j for j in store.jobs() if j["kind"] in QUESTION_KINDS]


def sync(store: Any, job_id: int) -> list[dict]:
    """The job's rows, with the model's questions stored (a project whose questions were made
    before this review existed, or by a run that stopped before reading them)."""
    job = _kind(store, job_id)
    module = _flow_module(job["kind"])
    claimed = set(store.answer_item_states(job_id, QUESTION_KINDS[job["kind"]][1]))
    scope = module.question_scope(store, job)  # as the flow reads them: chunks still in the project
    found = [f for f in module.found_questions(store, job) if f.chunk in scope]
    return settle(store, job_id, found, claimed, module.question_dedup(job))


def status_of(row: dict, answers: dict[str, set[str]]) -> str:
    if row["deleted"]:
        return "deleted"
    if "done" in answers.get(row["key"], ()):
        return "answered"
    if not row["asked"]:
        return "added"
    if row["text"] != row["asked"]:
        return "edited"
    return "accepted" if row["accepted"] else "asked"


def review(store: Any, job_id: int) -> list[ReviewedQuestion]:
    """Every question of a questions job (deleted ones too), chunk by chunk in the chunks' order."""
    job = _kind(store, job_id)
    flow, answers_kind = QUESTION_KINDS[job["kind"]]
    rows = sync(store, job_id)
    answers = store.answer_item_states(job_id, answers_kind)
    scope = _flow_module(job["kind"]).question_scope(store, job)
    order = {chunk: i for i, chunk in enumerate(scope)}
    rows = sorted((r for r in rows if r["chunk"] in order), key=lambda r: (order[r["chunk"]], r["id"]))
    return [ReviewedQuestion(r["id"], job_id, flow, r["chunk"], r["key"], r["text"], r["asked"],
                             status_of(r, answers)) for r in rows]


def chunk_texts(store: Any, job_id: int) -> dict[str, str]:
    """The text beside each chunk of a QA questions job (the aspects flow's 'chunks' are its
    aspects, which have none: {})."""
    job = _kind(store, job_id)
    return _flow_module(job["kind"]).question_scope(store, job) if job["kind"] == "qa_questions" else {}


# ---- the user's decisions -------------------------------------------------------------------------
def _row(store: Any, question_id: int) -> tuple[dict, str]:
    row = store.question(question_id)
    if row is None:
        raise InputError(say("questions.no_question", id=question_id))
    return row, QUESTION_KINDS[row["job_kind"]][1]


def _clean(text: str) -> str:
    from core.flows.qa import clean_question, question_key

    text = clean_question(str(text or ""))
    if not text or not question_key(text):
        raise InputError(say("questions.empty"))
    return text


def _answered(store: Any, row: dict, answers_kind: str) -> bool:
    return "done" in store.answer_item_states(row["job_id"], answers_kind).get(row["key"], ())


def _check_duplicate(store: Any, job_id: int, text: str, but: int | None, code_id: int | None) -> None:
    """A question may not read like another one standing in the same run."""
    job = _kind(store, job_id)
    dedup = _flow_module(job["kind"]).question_dedup(job)
    others = [r for r in store.question_rows(job_id) if not r["deleted"] and r["id"] != but]
    for r in others:
        dedup.add(r["text"])
    i = dedup.match(text)
    if i is not None:
        if code_id is None:
            raise InputError(say("questions.duplicate_new", other=others[i]["id"], text=others[i]["text"]))
        raise InputError(say("questions.duplicate", id=code_id, other=others[i]["id"], text=others[i]["text"]))


def edit(store: Any, question_id: int, text: str) -> dict:
    """A question's new text (queued answers to it are dropped: the next run asks the new text)."""
    row, answers_kind = _row(store, question_id)
    text = _clean(text)
    if _answered(store, row, answers_kind):
        raise InputError(say("questions.answered_edit", id=question_id))
    if row["deleted"]:
        raise InputError(say("questions.deleted_edit", id=question_id))
    if text == row["text"]:
        return row
    _check_duplicate(store, row["job_id"], text, question_id, question_id)
    store.update_question(question_id, text=text, accepted=True)
    store.drop_open_answer_items(row["job_id"], answers_kind, row["key"])
    return store.question(question_id)


def delete(store: Any, question_id: int) -> dict:
    """The question is not asked (queued answers to it are dropped). Deleting twice is fine."""
    row, answers_kind = _row(store, question_id)
    if _answered(store, row, answers_kind):
        raise InputError(say("questions.answered_delete", id=question_id))
    if not row["deleted"]:
        store.update_question(question_id, deleted=True)
        store.drop_open_answer_items(row["job_id"], answers_kind, row["key"])
    return store.question(question_id)


def restore(store: Any, question_id: int) -> dict:
    """A deleted question stands again (unless another standing one reads like it)."""
    row, _ = _row(store, question_id)
    if row["deleted"]:
        _check_duplicate(store, row["job_id"], row["text"], question_id, question_id)
        store.update_question(question_id, deleted=False)
    return store.question(question_id)


def add(store: Any, job_id: int, chunk: str, text: str) -> dict:
    """A question of the user's on a chunk (QA: a chunk key; aspects: an aspect) of the run."""
    job = _kind(store, job_id)
    text = _clean(text)
    if chunk not in _flow_module(job["kind"]).question_scope(store, job):
        raise InputError(say("questions.no_chunk", chunk=chunk, id=job_id))
    _check_duplicate(store, job_id, text, None, None)
    return store.question(store.add_user_question(job_id, chunk, text))


def accept_all(store: Any, job_id: int) -> int:
    """Every question of the run still standing is accepted as it reads; returns how many were not yet."""
    _kind(store, job_id)
    sync(store, job_id)
    return store.accept_questions(job_id)


def job_of_chunk(store: Any, chunk: str) -> int:
    """The newest questions job that has `chunk` (a chunk key or an aspect) among its inputs."""
    for job in question_jobs(store):
        if chunk in _flow_module(job["kind"]).question_scope(store, job):
            return job["id"]
    raise InputError(say("questions.no_chunk_anywhere", chunk=chunk))
