"""The quality report as text for a terminal: tables in columns (a Chinese character takes two),
the funnel and the distributions as bars, the top reasons — in the reader's language."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable

from core.messages import current_language, render, say
from core.report.counts import (
    GATES,
    SCORES,
    Group,
    QualityReport,
    Tally,
    flow_label,
    gate_label,
    source_label,
)
from core.report.html import export_line

BAR_WIDTH = 30
NAME_WIDTH = 24  # a source's or flow's name is cut to this many columns


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, columns: int) -> str:
    if width(text) <= columns:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > columns - 1:
            break
        out += ch
    return out + "…"


def _pad(text: str, columns: int, right: bool) -> str:
    space = " " * max(0, columns - width(text))
    return space + text if right else text + space


def columns(rows: list[list[str]], left: int, bars: bool = False) -> list[str]:
    """Rows of cells in aligned columns: the first `left` columns flush left, the others right
    (with `bars`, the last column is a bar, flush left)."""
    widths = [max(width(r[i]) for r in rows) for i in range(len(rows[0]))]
    last = len(widths) - 1
    return ["  ".join(_pad(c, widths[i], i >= left and not (bars and i == last)) for i, c in enumerate(r)).rstrip()
            for r in rows]


def _share(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}" if x in (0, 1) else f"{x:.1%}"


def _bar(n: int, peak: int) -> str:
    return "█" * max(1 if n else 0, round(BAR_WIDTH * n / peak)) if peak else ""


def table(groups: list[Group], total: Tally, heads: list[str], names: Callable[[Group], list[str]],
          gates: list[str], lang: str) -> list[str]:
    def say_(code: str) -> str:
        return render(say(code), lang)

    head = [*heads, say_("report.col.made"), say_("report.col.failed"), *(gate_label(g, lang) for g in gates),
            say_("report.col.kept"), say_("report.col.kept_share"), say_("report.col.exported")]

    def row(g: Tally, first: list[str]) -> list[str]:
        return [*first, f"{g.made:,}", f"{g.failed:,}", *(f"{g.rejected[x]:,}" for x in gates), f"{g.kept:,}",
                _share(g.share(g.kept)), f"{g.exported:,}"]

    rows = [head] + [row(g, [clip(n, NAME_WIDTH) for n in names(g)]) for g in groups]
    rows.append(row(total, [say_("report.total")] + [""] * (len(heads) - 1)))
    lines = columns(rows, len(heads))
    rule = "─" * max(width(line) for line in lines)
    return ["  " + line for line in [lines[0], rule, *lines[1:-1], rule, lines[-1]]]


def report_text(report: QualityReport, lang: str | None = None) -> str:
    lang = lang or current_language()

    def t(code: str, **params) -> str:
        return render(say(code, **params), lang)

    total = report.total
    created = time.strftime("%Y-%m-%d %H:%M", time.localtime(report.created))
    out = [t("report.title", project=report.project), t("report.created", time=created), ""]
    if not total.made:
        out += [t("report.empty"), "", export_line(report, lang)]
        return "\n".join(out) + "\n"
    # a gate that stopped nothing anywhere is named once below the tables, not given a column of zeros
    gates = [g for g in GATES if total.rejected[g]]
    src, flow = t("report.col.source"), t("report.col.flow")
    out.append(t("report.by_group"))
    out += table(report.groups, total, [src, flow], lambda g: [source_label(g, lang), flow_label(g.flow, lang)],
                 gates, lang)
    if len(report.sources) > 1:
        out += ["", t("report.by_source")]
        out += table(report.sources, total, [src], lambda g: [source_label(g, lang)], gates, lang)
    if len(report.flows) > 1:
        out += ["", t("report.by_flow")]
        out += table(report.flows, total, [flow], lambda g: [flow_label(g.flow, lang)], gates, lang)
    idle = [gate_label(g, lang) for g in GATES if not total.rejected[g]]
    if idle:
        out.append(t("report.idle_gates", gates=("、" if lang == "zh" else ", ").join(idle)))
    if report.adds_up():
        out.append(t("report.identity"))
    else:
        bad = [g for g in (*report.groups, *report.sources, *report.flows) if not g.adds_up()]
        out.append(t("report.identity_broken", n=len(bad),
                     rows=", ".join(f"{source_label(g, lang)}/{flow_label(g.flow, lang)}" for g in bad)))
    if report.waiting:
        flows = ("、" if lang == "zh" else ", ").join(f"{flow_label(f, lang)} {n}" for f, n in report.waiting.items())
        out.append(t("report.waiting", n=sum(report.waiting.values()), flows=flows))

    out += ["", t("report.funnel")]
    steps = [(t("report.step.made"), total.made)]
    steps += [(t("report.step.after", gate=say(f"report.gate.{step}")), left) for step, left in total.steps()[1:]
              if step == "failed" or total.rejected[step]]
    steps.append((t("report.step.exported"), total.exported))
    out += ["  " + line for line in columns([[name, f"{n:,}", _share(total.share(n)), _bar(n, total.made)]
                                            for name, n in steps], 1, bars=True)]

    out += ["", t("report.scores", n=total.judged)]
    if total.judged:
        peak = max(total.scores.values())
        out += ["  " + line for line in columns([[t("report.score", score=s), f"{total.scores[s]:,}",
                                                 _bar(total.scores[s], peak)] for s in SCORES], 1, bars=True)]
    else:
        out.append("  " + t("report.no_scores"))

    out += ["", t("report.lengths", n=total.kept)]
    edges, counts = report.lengths
    if total.kept:
        peak = max(counts)
        labels = [f"{edges[i]}–{edges[i + 1] - 1}" if i < len(counts) - 1 else f"{edges[i]}+" for i in range(len(counts))]
        out += ["  " + line for line in columns([[label, f"{n:,}", _bar(n, peak)] for label, n in zip(labels, counts,
                                                                                                        strict=True)], 1, bars=True)]
    else:
        out.append("  " + t("report.no_lengths"))

    out += ["", t("report.top_reasons")]
    if report.reasons:
        for r in report.reasons:
            text = " ".join(r.text(lang).split())
            out.append("  " + t("report.reason_line", count=f"{r.count:,}", gate=gate_label(r.gate, lang),
                                text=clip(text, 100)))
    else:
        out.append("  " + t("report.no_reasons"))
    out += ["", export_line(report, lang)]
    return "\n".join(out) + "\n"
