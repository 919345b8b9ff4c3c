"""The quality report's numbers: per source and flow, what was made and where it went.

For every group — a (source, flow) pair, each source, each flow, and the whole project —
these add up by construction::

    made = failed + Σ rejected[gate] + kept

- **made**: every sample the flow wrote that is still in the project, plus every item of the
  flow's jobs that failed (a unit of work that made nothing: a chunk whose questions never came
  counts once, whatever it would have made). Samples deleted in Review are gone and not
  counted; neither are the lines a builder drops before writing samples (its own command
  reports those), nor job items still waiting (``waiting``: not made yet).
- **failed**: those failed job items, with their stored reasons (the jobs of a flow are told by
  their kind, core.report.gates.JOB_FLOWS; the judge's and predictions' jobs make no sample and
  are left out; an item's source is its input's ``source_id``, else its job's).
- **rejected[gate]**: rejected samples, each under exactly one gate, read from its reason's
  message code (core.report.gates.gate_of): echo/empty, not found in the source, a flow's own
  checks, the quality rules, near duplicates, exact duplicates, the judge's threshold, the user
  (touched, and no gate's code), other.
- **kept**: samples not rejected (pending or accepted; ``accepted`` counts the latter).

And beside the identity: **exported** — the samples of the group the last export wrote (the
project's ``last_export`` record, core.report.exports; 0 when nothing was exported since the
record was kept, and possibly more than ``kept`` if samples were rejected after the export);
the judge's scores (1–5) of the group's samples; the lengths of the kept samples. The flow of a
sample is ``meta["flow"]``, else ``meta["made"]["flow"]``, else the builder ``meta["gen"]``.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from core.messages import catalogue, code_of, render, say
from core.report.exports import exported_by_group, last_export
from core.report.gates import GATES, flow_from, gate_of, job_flow

SCORES = (1, 2, 3, 4, 5)
LENGTH_BINS = 12
TOP_REASONS = 10
STEPS = ("made", "failed", *GATES)  # the funnel: what is left after each step


@dataclass
class Tally:
    """The counts of one group (see the module docstring)."""

    made: int = 0
    failed: int = 0
    rejected: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GATES, 0))
    kept: int = 0
    accepted: int = 0
    exported: int = 0
    judged: int = 0
    scores: dict[int, int] = field(default_factory=lambda: dict.fromkeys(SCORES, 0))
    kept_chars: list[int] = field(default_factory=list, repr=False)

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    def adds_up(self) -> bool:
        return self.made == self.failed + self.rejected_total + self.kept

    def share(self, n: int) -> float | None:
        """n as a share of what was made (None when nothing was made)."""
        return n / self.made if self.made else None

    def steps(self) -> list[tuple[str, int]]:
        """(step, what is left after it): made, then each of failed and the gates in order; the
        last one left is ``kept``."""
        left = self.made
        out = [("made", left)]
        left -= self.failed
        out.append(("failed", left))
        for gate in GATES:
            left -= self.rejected[gate]
            out.append((gate, left))
        return out

    def add(self, other: Tally) -> None:
        self.made += other.made
        self.failed += other.failed
        for gate, n in other.rejected.items():
            self.rejected[gate] += n
        self.kept += other.kept
        self.accepted += other.accepted
        self.exported += other.exported
        self.judged += other.judged
        for s, n in other.scores.items():
            self.scores[s] += n
        self.kept_chars.extend(other.kept_chars)

    def to_dict(self) -> dict[str, Any]:
        chars = sorted(self.kept_chars)
        return {
            "made": self.made, "failed": self.failed, "rejected": dict(self.rejected),
            "rejected_total": self.rejected_total, "kept": self.kept, "accepted": self.accepted,
            "exported": self.exported, "kept_share": _round(self.share(self.kept)),
            "exported_share": _round(self.share(self.exported)),
            "steps": [{"step": step, "left": left, "share": _round(self.share(left))} for step, left in self.steps()],
            "judged": self.judged, "scores": {str(s): n for s, n in self.scores.items()},
            "kept_chars": {"min": chars[0], "median": chars[len(chars) // 2], "max": chars[-1]} if chars else None,
            "adds_up": self.adds_up(),
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


@dataclass
class Group(Tally):
    source_id: int | None = None
    source: str = ""  # the source's name ("" for no source)
    flow: str = ""  # "" for samples no flow made (typed in, imported as they are)
    # None for a real (source, flow) group; "source" for a source's total over its flows, "flow" for
    # a flow's total over the sources — in JSON the summed-over side is null, never a group's name
    total: str | None = None

    def to_dict(self) -> dict[str, Any]:
        by_flow, by_source = self.total == "flow", self.total == "source"
        return {"total": self.total, "source_id": None if by_flow else self.source_id,
                "source": None if by_flow else self.source, "flow": None if by_source else self.flow,
                **super().to_dict()}


@dataclass
class Reason:
    gate: str  # a gate of GATES, or "failed"
    code: str | None  # its message code (None: plain text, e.g. a person's own words)
    example: str  # one stored reason of this kind (encoded; rendered in the reader's language)
    count: int = 0

    def text(self, lang: str | None = None) -> str:
        return render(self.example, lang)


@dataclass
class QualityReport:
    project: str
    path: str
    created: float
    groups: list[Group]
    sources: list[Group]
    flows: list[Group]
    total: Tally
    reasons: list[Reason]
    lengths: tuple[list[int], list[int]]  # (bin edges, counts) of the kept samples' lengths
    last_export: dict[str, Any] | None
    waiting: dict[str, int]  # flow → job items not done yet (not counted as made)

    def adds_up(self) -> bool:
        return all(g.adds_up() for g in (*self.groups, *self.sources, *self.flows, self.total))

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """Everything, JSON-ready; names and reasons rendered in `lang` beside their codes."""
        def named(g: Group) -> dict[str, Any]:
            return {**g.to_dict(), "source_label": None if g.total == "flow" else source_label(g, lang),
                    "flow_label": None if g.total == "source" else flow_label(g.flow, lang)}

        return {
            "project": self.project, "path": self.path,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(self.created)),
            "identity": "made = failed + sum(rejected) + kept",
            "gates": {gate: gate_label(gate, lang) for gate in GATES},
            "adds_up": self.adds_up(),
            "total": {"total": "all", "source_id": None, "source": None, "flow": None, **self.total.to_dict()},
            "groups": [named(g) for g in self.groups],
            "sources": [named(g) for g in self.sources],
            "flows": [named(g) for g in self.flows],
            "lengths": {"edges": self.lengths[0], "counts": self.lengths[1]},
            "top_reasons": [{"gate": r.gate, "code": r.code, "count": r.count, "text": r.text(lang)}
                            for r in self.reasons],
            "last_export": self.last_export,
            "waiting": self.waiting,
        }


# ---- names a reader sees --------------------------------------------------------------------
def gate_label(gate: str, lang: str | None = None) -> str:
    return render(say(f"report.gate.{gate}"), lang)


def flow_label(flow: str, lang: str | None = None) -> str:
    """A flow as a reader calls it (the names Review's provenance uses); an unknown one as stored."""
    if not flow:
        return render(say("report.no_flow"), lang)
    for code in (f"report.flow.{flow}", f"flows.made.flow_{flow}"):
        if code in catalogue():
            return render(say(code), lang)
    return flow


def source_label(group: Group, lang: str | None = None) -> str:
    if group.source_id is None:
        return render(say("report.no_source"), lang)
    return group.source or f"#{group.source_id}"


# ---- building ---------------------------------------------------------------------------------
def build_report(store: Any, *, top: int = TOP_REASONS) -> QualityReport:
    """Count the project (a read: safe on a store another thread writes to)."""
    names = {s["id"]: s["name"] for s in store.sources()}
    groups: dict[tuple[int | None, str], Group] = {}
    reasons: dict[tuple[str, str], Reason] = {}

    def group(sid: int | None, flow: str) -> Group:
        key = (sid if sid in names else None, flow)
        g = groups.get(key)
        if g is None:
            g = groups[key] = Group(source_id=key[0], source=names.get(key[0], ""), flow=flow)
        return g

    def reason(gate: str, text: str) -> None:
        code = code_of(text)
        key = (gate, code or text)
        r = reasons.get(key)
        if r is None:
            r = reasons[key] = Reason(gate, code, text)
        r.count += 1

    for rows in store.sample_facts():
        for _id, sid, status, why, touched, n_chars, flow, made_flow, gen, score in rows:
            g = group(sid, flow_from(flow, made_flow, gen))
            g.made += 1
            if status == "rejected":
                gate = gate_of(why, bool(touched))
                g.rejected[gate] += 1
                reason(gate, why or "")
            else:
                g.kept += 1
                g.kept_chars.append(int(n_chars))
                if status == "accepted":
                    g.accepted += 1
            if isinstance(score, int) and score in g.scores:
                g.judged += 1
                g.scores[score] += 1

    waiting: Counter[str] = Counter()
    for job in store.jobs():
        flow = job_flow(job["kind"])
        if flow is None:
            continue
        waiting[flow] += job["pending"]
        if not job["failed"]:
            continue
        job_source = (job.get("params") or {}).get("source_id")
        for item in store.failed_items(job["id"]):
            meta = (item.get("input") or {}).get("meta") or {}
            sid = meta.get("source_id", job_source)
            g = group(sid if isinstance(sid, int) else None, flow)
            g.made += 1
            g.failed += 1
            reason("failed", item.get("error") or "")

    record = last_export(store)
    for (sid, flow), n in exported_by_group(record).items():
        group(sid, flow).exported += n

    ordered = sorted(groups.values(), key=lambda g: (g.source_id is None, g.source_id or 0, g.flow))
    by_source: dict[int | None, Group] = {}
    by_flow: dict[str, Group] = {}
    total = Tally()
    for g in ordered:
        by_source.setdefault(g.source_id, Group(source_id=g.source_id, source=g.source, total="source")).add(g)
        by_flow.setdefault(g.flow, Group(flow=g.flow, total="flow")).add(g)
        total.add(g)
    top_reasons = sorted(reasons.values(), key=lambda r: (-r.count, r.gate, r.code or r.example))[:top]
    return QualityReport(
        project=store.name, path=str(store.path), created=time.time(), groups=ordered,
        sources=list(by_source.values()), flows=sorted(by_flow.values(), key=lambda g: g.flow),
        total=total, reasons=top_reasons, lengths=length_bins(total.kept_chars), last_export=record,
        waiting={k: v for k, v in sorted(waiting.items()) if v},
    )


def length_bins(chars: list[int], bins: int = LENGTH_BINS) -> tuple[list[int], list[int]]:
    """(edges, counts): `bins` equal bins from the shortest to the 99th percentile; the last bin
    holds the tail beyond it, so that one huge sample does not flatten the plot."""
    if not chars:
        return [0, 1], [0]
    ordered = sorted(chars)
    lo = ordered[0]
    p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)]
    width = max(1, -(-(p99 - lo + 1) // bins))
    counts = [0] * bins
    for n in ordered:
        counts[min((n - lo) // width, bins - 1)] += 1
    return [lo + i * width for i in range(bins + 1)], counts
