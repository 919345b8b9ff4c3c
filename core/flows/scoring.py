"""Score extraction predictions against labels, field by field.

Inputs are ``{index: [record, …]}`` (one list of records — customers — per chat), read from
the competition's files by :func:`load_predictions` (the submission layout
``[{"infos": [...], "index": N}]``) and :func:`load_labels` (``train.json``: a list of
``{"chat_text", "infos"}`` numbered from 1 in file order, or the submission layout).

How :func:`score` counts:

- **Field methods.** Values are compared after NFKC and trimming; two empty values always
  match (1.0), one empty value never does (0.0).
  ``exact``: 1 if the normalised values are equal (a list field: the same set of items).
  ``set``: F1 of the two sets of items, 2·|A∩B| / (|A|+|B|) — F1 rather than Jaccard so that
  one right item out of two scores 0.67, not 0.5; a text field is a set of one item.
  ``similarity``: rapidfuzz ``fuzz.ratio`` / 100, the Indel similarity 2·LCS / (|a|+|b|) —
  the measure difflib's SequenceMatcher.ratio approximates; lists are joined with "、".
- **Records.** In each chat, predicted records are paired with label records greedily: the pair
  with the highest record similarity (the weighted mean of its field scores) first, then the
  next best among the records left, ties broken by position. A record left unpaired on either
  side (a customer missed, or one made up) counts as a pair scoring 0 on every field.
- **Chats.** A label index with no prediction is *missing*: each of its label records scores 0.
  Prediction indexes not in the labels are *extra*: reported and ignored. A chat whose label
  and prediction are both empty adds no pair (nothing to get wrong; a missing chat whose label
  is empty likewise adds none, though it is listed as missing).
- **Totals.** A field's score is its mean over all counted record pairs; the total is the
  weighted mean of the field scores (the schema's weights).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from core.errors import InputError
from core.flows.extract_schema import BUILTIN_SCHEMA, ExtractionSchema, SchemaField
from core.messages import Message, say
from core.sources.chats.labels import label_key, unwrap_json_text
from core.sources.chats.wording import json_kind as _kind

LIST_JOINER = "、"
SHOWN_INDEXES = 10  # table(): how many missing / extra indexes are listed by number

Norm = Callable[[Any], Any]  # raw field value -> comparable form
Compare = Callable[[Any, Any], float]  # two comparable forms -> 0..1


@dataclass
class FieldScore:
    name: str
    method: str
    weight: float
    score: float  # mean over matched record pairs and unmatched records, 0..1
    n: int  # record pairs counted


@dataclass
class ScoreReport:
    fields: list[FieldScore]
    total: float  # weighted mean of field scores
    n_chats: int  # label chats scored
    n_records: int  # record pairs counted (matched pairs + unmatched records on either side)
    missing: list[int]  # label indexes without a prediction
    extra: list[int]  # prediction indexes not in the labels (ignored)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def table(self, lang: str | None = None) -> str:
        """An aligned plain-text table (CJK characters count two columns) with the total."""
        header = [m.render(lang) for m in (say("chats.score.col.field"), say("chats.score.col.method"),
                                           say("chats.score.col.weight"), say("chats.score.col.score"),
                                           say("chats.score.col.n"))]
        rows = [[f.name, f.method, f"{f.weight:g}", f"{f.score:.4f}", str(f.n)] for f in self.fields]
        rows.append([say("chats.score.total").render(lang), "", "", f"{self.total:.4f}", str(self.n_records)])
        widths = [max(_width(r[c]) for r in [header, *rows]) for c in range(len(header))]
        right = (False, False, True, True, True)
        lines = [_row(header, widths, right)]
        lines.append("  ".join("-" * w for w in widths))
        lines.extend(_row(r, widths, right) for r in rows[:-1])
        lines.append("  ".join("-" * w for w in widths))
        lines.append(_row(rows[-1], widths, right))
        lines.append(say("chats.score.counts", chats=self.n_chats, pairs=self.n_records).render(lang))
        lines.append(say("chats.score.missing", n=len(self.missing), some=_some(self.missing)).render(lang))
        lines.append(say("chats.score.extra", n=len(self.extra), some=_some(self.extra)).render(lang))
        return "\n".join(lines)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap


def _row(cells: list[str], widths: list[int], right: tuple[bool, ...]) -> str:
    return "  ".join(_pad(c, w, r) for c, w, r in zip(cells, widths, right, strict=True)).rstrip()


def _some(indexes: list[int]) -> Message | str:
    if not indexes:
        return ""
    shown = ", ".join(str(i) for i in indexes[:SHOWN_INDEXES])
    return say("chats.score.some", shown=shown, more=", …" if len(indexes) > SHOWN_INDEXES else "")


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


def load_predictions(path: str | Path) -> dict[int, list[dict]]:
    """Read a submission file ``[{"infos": [...], "index": N}]`` into ``{N: infos}``."""
    path = Path(path)
    data = _read_json_array(path, say("chats.score.what.predictions"), say("chats.score.hint.submission"))
    return _from_submission(path, data)


def load_labels(path: str | Path) -> dict[int, list[dict]]:
    """Read labels: the training layout (index = 1-based position) or the submission layout."""
    path = Path(path)
    data = _read_json_array(path, say("chats.score.what.labels"), say("chats.score.hint.labels"))
    first = data[0]
    if isinstance(first, dict) and "index" in first and "chat_text" not in first:
        return _from_submission(path, data)
    return _from_training(path, data)


def _read_json_array(path: Path, what: Message, hint: Message) -> list[Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise InputError(say("chats.score.unreadable", what=what, path=str(path), error=str(e.strerror or e))) from None
    except UnicodeDecodeError:
        raise InputError(say("chats.score.not_utf8", what=what, path=str(path))) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(say("chats.score.bad_json", what=what, path=str(path), line=e.lineno, column=e.colno,
                             error=e.msg)) from None
    if not isinstance(data, list):
        raise InputError(say("chats.score.wrong_shape", what=what, path=str(path), hint=hint, kind=_kind(data)))
    if not data:
        raise InputError(say("chats.score.empty", what=what, path=str(path)))
    return data


def _from_submission(path: Path, data: list[Any]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for n, item in enumerate(data, 1):
        where = say("chats.score.where", name=path.name, n=n)
        if not isinstance(item, dict):
            raise InputError(say("chats.score.submission_record", where=where, kind=_kind(item)))
        index = _index_of(item.get("index"), where)
        if index in out:
            raise InputError(say("chats.score.index_twice", where=where, index=index))
        out[index] = _infos_of(item, where)
    return out


def _from_training(path: Path, data: list[Any]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for n, item in enumerate(data, 1):
        where = say("chats.score.where", name=path.name, n=n)
        if not isinstance(item, dict):
            raise InputError(say("chats.score.training_record", where=where, kind=_kind(item)))
        if label_key(item) is None:
            raise InputError(say("chats.score.unlabelled", where=where))
        out[n] = _infos_of(item, where)
    return out


def _index_of(value: Any, where: Message) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        shown = say("chats.score.index_missing") if value is None else json.dumps(value, ensure_ascii=False)
        raise InputError(say("chats.score.bad_index", where=where, shown=shown))
    return value


def _infos_of(item: dict[str, Any], where: Message) -> list[dict]:
    # the labels under any of the readers' spellings ("Infos", "labels", "标注" …), JSON text unwrapped
    key = label_key(item)
    infos = unwrap_json_text(item[key]) if key is not None else None
    if infos is None:
        raise InputError(say("chats.score.no_infos", where=where))
    if isinstance(infos, dict):
        infos = [infos]  # one record given bare
    if not isinstance(infos, list):
        raise InputError(say("chats.score.infos_not_list", where=where, kind=_kind(infos)))
    for k, rec in enumerate(infos, 1):
        if not isinstance(rec, dict):
            raise InputError(say("chats.score.infos_item", where=where, k=k, kind=_kind(rec)))
    return infos


# ---------------------------------------------------------------------------------------------
# Field comparison
# ---------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value).strip()
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_JOINER.join(t for t in map(_text, value) if t)
    return unicodedata.normalize("NFKC", str(value)).strip()


def _items(value: Any) -> frozenset[str]:
    if isinstance(value, list):
        return frozenset(t for t in map(_text, value) if t)
    text = _text(value)
    return frozenset((text,)) if text else frozenset()


def _same(a: Any, b: Any) -> float:
    return 1.0 if a == b else 0.0


def _f1(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def _similar(a: str, b: str) -> float:
    if a == b:
        return 1.0  # also two empties
    if not a or not b:
        return 0.0
    return fuzz.ratio(a, b) / 100.0


def _method(f: SchemaField) -> tuple[Norm, Compare]:
    if f.score == "set":
        return _items, _f1
    if f.score == "similarity":
        return _text, _similar
    return (_items if f.type == "list" else _text), _same


@dataclass
class _Plan:
    """The schema compiled for speed: one normaliser and comparer per field, and weights."""

    names: list[str]
    norms: list[Norm]
    compares: list[Compare]
    weights: list[float]
    weight_sum: float

    @classmethod
    def of(cls, schema: ExtractionSchema) -> _Plan:
        methods = [_method(f) for f in schema.fields]
        weights = [f.weight for f in schema.fields]
        total = sum(weights) or 1.0  # all-zero weights: the total stays 0 instead of dividing by 0
        return cls([f.name for f in schema.fields], [m[0] for m in methods], [m[1] for m in methods], weights,
                   total)

    def normalise(self, record: dict) -> list[Any]:
        return [norm(record.get(name)) for name, norm in zip(self.names, self.norms, strict=True)]

    def pair(self, a: list[Any], b: list[Any]) -> list[float]:
        return [cmp(x, y) for cmp, x, y in zip(self.compares, a, b, strict=True)]

    def similarity(self, scores: list[float]) -> float:
        return sum(w * s for w, s in zip(self.weights, scores, strict=True)) / self.weight_sum


# ---------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------


def score(
    predictions: dict[int, list[dict]],
    labels: dict[int, list[dict]],
    schema: ExtractionSchema = BUILTIN_SCHEMA,
) -> ScoreReport:
    """Score predictions against labels field by field (see the module docstring for the rules)."""
    plan = _Plan.of(schema)
    sums = [0.0] * len(plan.names)
    pairs = 0
    missing = []
    for index in sorted(labels):
        label_records = [plan.normalise(r) for r in labels[index]]
        if index not in predictions:
            missing.append(index)
            pairs += len(label_records)  # every field of every label record scores 0
            continue
        predicted = [plan.normalise(r) for r in predictions[index]]
        matched, unmatched = _match(plan, predicted, label_records)
        for scores in matched:
            for k, s in enumerate(scores):
                sums[k] += s
        pairs += len(matched) + unmatched
    extra = sorted(i for i in predictions if i not in labels)
    return _report(schema, plan, sums, pairs, len(labels), missing, extra)


def _match(plan: _Plan, predicted: list[list[Any]], label: list[list[Any]]) -> tuple[list[list[float]], int]:
    """Greedy pairing by record similarity: the field scores of each pair, and the number of
    records left unpaired on either side."""
    if len(predicted) == 1 and len(label) == 1:  # the common case: no choice to make
        return [plan.pair(predicted[0], label[0])], 0
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(label):
            scores = plan.pair(p, g)
            candidates.append((-plan.similarity(scores), i, j, scores))
    candidates.sort(key=lambda c: c[:3])
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched = []
    for _, i, j, scores in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            matched.append(scores)
    unmatched = len(predicted) + len(label) - 2 * len(matched)
    return matched, unmatched


def _report(
    schema: ExtractionSchema,
    plan: _Plan,
    sums: list[float],
    pairs: int,
    n_chats: int,
    missing: list[int],
    extra: list[int],
) -> ScoreReport:
    # No record pair at all (every chat empty on both sides): nothing was got wrong, unless a
    # prediction was missing.
    empty = 0.0 if missing else 1.0
    fields = [
        FieldScore(f.name, f.score, f.weight, (s / pairs) if pairs else empty, pairs)
        for f, s in zip(schema.fields, sums, strict=True)
    ]
    total = sum(f.weight * f.score for f in fields) / plan.weight_sum
    return ScoreReport(fields, total, n_chats, pairs, missing, extra)
