"""The quality report as one self-contained HTML file: inline CSS, inline SVG plots, no script,
nothing loaded from elsewhere — a user can mail it to a teammate who reads it offline."""

from __future__ import annotations

import os
import time
from html import escape
from pathlib import Path

from core import __version__
from core.export.atomic import StagedFiles
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

_CSS = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:24px auto;
max-width:1200px;padding:0 16px;color:#1d2330;background:#fff;line-height:1.5}
h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.2em;margin:28px 0 8px;border-bottom:1px solid #dde2ea;padding-bottom:4px}
.muted{color:#6b7383}.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid #dde2ea;border-radius:8px;padding:10px 16px;min-width:110px}
.card b{display:block;font-size:1.5em}.card span{color:#6b7383;font-size:.9em}
table{border-collapse:collapse;width:100%;font-size:.9em;margin:4px 0 8px}
th,td{border-bottom:1px solid #e6e9ef;padding:4px 6px;text-align:right;white-space:nowrap}
th{background:#f4f6fa;font-weight:600}td.l,th.l{text-align:left;white-space:normal}
tr.sum td{font-weight:600;background:#fafbfd}td.z{color:#b6bcc8}td.wrap{white-space:normal;text-align:left}
.plots{display:flex;flex-wrap:wrap;gap:24px}.plot{flex:1 1 420px}svg text{font-size:11px;fill:#1d2330}
.scroll{overflow-x:auto}.ok{color:#23803a}.bad{color:#b3261e;font-weight:600}footer{margin-top:32px;font-size:.85em;color:#6b7383}
"""

BAR = "#3d7bd9"
KEPT = "#2f9e55"


def _t(code: str, lang: str, **params) -> str:
    return escape(render(say(code, **params), lang))


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}" if x in (0, 1) else f"{x:.1%}"


def _num(n: int) -> str:
    return f"{n:,}"


def _cell(n: int) -> str:
    return "<td class='z'>0</td>" if n == 0 else f"<td>{_num(n)}</td>"


def _row(g: Tally, first: list[str], css: str = "") -> str:
    cells = "".join(f"<td class='l'>{c}</td>" for c in first)
    cells += _cell(g.made) + _cell(g.failed) + "".join(_cell(g.rejected[gate]) for gate in GATES)
    cells += _cell(g.kept) + f"<td>{_pct(g.share(g.kept))}</td>" + _cell(g.exported)
    return f"<tr{css}>{cells}</tr>"


def _table(groups: list[Group], total: Tally, heads: list[str], names, lang: str) -> str:
    head = "".join(f"<th class='l'>{h}</th>" for h in heads)
    head += "".join(f"<th>{_t(c, lang)}</th>" for c in ("report.col.made", "report.col.failed"))
    head += "".join(f"<th>{escape(gate_label(g, lang))}</th>" for g in GATES)
    head += "".join(f"<th>{_t(c, lang)}</th>" for c in ("report.col.kept", "report.col.kept_share",
                                                         "report.col.exported"))
    body = "".join(_row(g, names(g)) for g in groups)
    first = [_t("report.total", lang)] + [""] * (len(heads) - 1)
    body += _row(total, first, " class='sum'")
    return f"<div class='scroll'><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"


def bar_chart(labels: list[str], counts: list[int], *, title: str, x_title: str, y_title: str,
              color: str = BAR, width: int = 560, height: int = 240) -> str:
    """An inline SVG bar chart: one bar per label, its count above it."""
    left, right, top, bottom = 44, 10, 34, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(counts) if counts and max(counts) > 0 else 1
    n = max(1, len(counts))
    bar_w = plot_w / n
    # every label that fits: about 7 pixels a character, and a gap
    longest = max((len(label) for label in labels), default=1)
    step = max(1, -(-int(longest * 7 + 8) // max(1, int(bar_w))))
    parts = [f"<svg role='img' width='{width}' height='{height}' "
             f"viewBox='0 0 {width} {height}'><title>{escape(title)}</title>",
             f"<line x1='{left}' y1='{top + plot_h}' x2='{left + plot_w}' y2='{top + plot_h}' stroke='#6b7383'/>",
             f"<line x1='{left}' y1='{top}' x2='{left}' y2='{top + plot_h}' stroke='#6b7383'/>",
             f"<text x='{left - 6}' y='{top + 4}' text-anchor='end'>{_num(peak)}</text>",
             f"<text x='{left - 6}' y='{top + plot_h}' text-anchor='end'>0</text>",
             f"<text x='4' y='14'>{escape(y_title)}</text>",
             f"<text x='{left + plot_w / 2:.1f}' y='{height - 4}' text-anchor='middle'>{escape(x_title)}</text>"]
    for i, (label, c) in enumerate(zip(labels, counts, strict=True)):
        h = plot_h * c / peak
        x = left + i * bar_w
        parts.append(f"<rect x='{x + 1:.1f}' y='{top + plot_h - h:.1f}' width='{max(1.0, bar_w - 2):.1f}' "
                     f"height='{h:.1f}' fill='{color}'><title>{escape(label)}: {_num(c)}</title></rect>")
        if c and (n <= 12 or c == peak):
            parts.append(f"<text x='{x + bar_w / 2:.1f}' y='{top + plot_h - h - 3:.1f}' "
                         f"text-anchor='middle'>{_num(c)}</text>")
        if i % step == 0:
            parts.append(f"<text x='{x + bar_w / 2:.1f}' y='{top + plot_h + 14}' text-anchor='middle'>"
                         f"{escape(label)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def funnel_chart(report: QualityReport, lang: str, width: int = 560) -> str:
    """What is left after each step, as horizontal bars (share of made), then the exported."""
    t = report.total
    # a gate that stopped nothing is no step (the tables say it rejected nothing)
    rows = [(render(say("report.step.made"), lang) if step == "made" else
             render(say("report.step.after", gate=say(f"report.gate.{step}")), lang), left)
            for step, left in t.steps() if step in ("made", "failed") or t.rejected[step]]
    rows.append((render(say("report.step.exported"), lang), t.exported))
    label_w, bar_max, row_h = 150, width - 150 - 110, 22
    height = row_h * len(rows) + 8
    parts = [f"<svg role='img' width='{width}' height='{height}' "
             f"viewBox='0 0 {width} {height}'><title>{_t('report.funnel', lang)}</title>"]
    for i, (label, left) in enumerate(rows):
        y = 4 + i * row_h
        share = t.share(left)
        w = bar_max * (share or 0)
        color = KEPT if i == len(rows) - 2 else BAR
        parts.append(f"<text x='{label_w - 6}' y='{y + 15}' text-anchor='end'>{escape(label)}</text>")
        parts.append(f"<rect x='{label_w}' y='{y + 3}' width='{max(0.0, w):.1f}' height='{row_h - 6}' fill='{color}'/>")
        parts.append(f"<text x='{label_w + w + 6:.1f}' y='{y + 15}'>{_num(left)} · {_pct(share)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def report_html(report: QualityReport, lang: str | None = None) -> str:
    lang = lang or current_language()
    t = report.total
    created = time.strftime("%Y-%m-%d %H:%M", time.localtime(report.created))
    out = [f"<!DOCTYPE html><html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head><meta charset='utf-8'>",
           "<meta name='viewport' content='width=device-width, initial-scale=1'>",
           f"<title>{_t('report.title', lang, project=report.project)}</title><style>{_CSS}</style></head><body>",
           f"<h1>{_t('report.title', lang, project=report.project)}</h1>",
           f"<p class='muted'>{_t('report.created', lang, time=created)} · {escape(report.path)}</p>"]
    cards = [("report.col.made", _num(t.made)), ("report.col.failed", _num(t.failed)),
             ("report.col.rejected", _num(t.rejected_total)),
             ("report.col.kept", f"{_num(t.kept)} ({_pct(t.share(t.kept))})"),
             ("report.col.accepted", _num(t.accepted)), ("report.col.exported", _num(t.exported))]
    out.append("<div class='cards'>")
    for code, value in cards:
        out.append(f"<div class='card'><b>{value}</b><span>{_t(code, lang)}</span></div>")
    out.append("</div>")
    if not t.made:
        out.append(f"<p>{_t('report.empty', lang)}</p>")
    bad = [g for g in (*report.groups, *report.sources, *report.flows) if not g.adds_up()]
    out.append(f"<p class='ok'>{_t('report.identity', lang)}</p>" if report.adds_up() else
               f"<p class='bad'>{_t('report.identity_broken', lang, n=len(bad), rows=', '.join(source_label(g, lang) + '/' + flow_label(g.flow, lang) for g in bad))}</p>")
    out.append(f"<p class='muted'>{_t('report.definitions', lang)}</p>")

    src, flow = _t("report.col.source", lang), _t("report.col.flow", lang)
    out.append(f"<h2>{_t('report.by_group', lang)}</h2>")
    out.append(_table(report.groups, t, [src, flow], lambda g: [escape(source_label(g, lang)),
                                                              escape(flow_label(g.flow, lang))], lang))
    out.append(f"<h2>{_t('report.by_source', lang)}</h2>")
    out.append(_table(report.sources, t, [src], lambda g: [escape(source_label(g, lang))], lang))
    out.append(f"<h2>{_t('report.by_flow', lang)}</h2>")
    out.append(_table(report.flows, t, [flow], lambda g: [escape(flow_label(g.flow, lang))], lang))
    if report.waiting:
        flows = "、".join(f"{flow_label(f, lang)} {n}" for f, n in report.waiting.items())
        out.append(f"<p class='muted'>{_t('report.waiting', lang, n=sum(report.waiting.values()), flows=flows)}</p>")

    if t.made:
        out.append(f"<h2>{_t('report.funnel', lang)}</h2>")
        out.append(funnel_chart(report, lang))

    out.append("<div class='plots'><div class='plot'>")
    out.append(f"<h2>{_t('report.scores', lang, n=t.judged)}</h2>")
    if t.judged:
        out.append(bar_chart([render(say("report.score", score=s), lang) for s in SCORES],
                             [t.scores[s] for s in SCORES], title=render(say("report.scores", n=t.judged), lang),
                             x_title=render(say("report.col.score"), lang),
                             y_title=render(say("report.samples"), lang)))
    else:
        out.append(f"<p class='muted'>{_t('report.no_scores', lang)}</p>")
    out.append("</div><div class='plot'>")
    out.append(f"<h2>{_t('report.lengths', lang, n=t.kept)}</h2>")
    edges, counts = report.lengths
    if t.kept:
        labels = [f"{edges[i]}–{edges[i + 1] - 1}" if i < len(counts) - 1 else f"{edges[i]}+" for i in range(len(counts))]
        out.append(bar_chart(labels, counts, title=render(say("report.lengths", n=t.kept), lang),
                             x_title=render(say("report.chars"), lang), y_title=render(say("report.samples"), lang),
                             color=KEPT))
    else:
        out.append(f"<p class='muted'>{_t('report.no_lengths', lang)}</p>")
    out.append("</div></div>")

    out.append(f"<h2>{_t('report.top_reasons', lang)}</h2>")
    if report.reasons:
        rows = "".join(f"<tr><td>{_num(r.count)}</td><td class='l'>{escape(gate_label(r.gate, lang))}</td>"
                       f"<td class='wrap'>{escape(r.text(lang))}</td></tr>" for r in report.reasons)
        out.append(f"<table><thead><tr><th>{_t('report.col.count', lang)}</th><th class='l'>"
                   f"{_t('report.col.gate', lang)}</th><th class='l'>{_t('report.col.reason', lang)}</th></tr>"
                   f"</thead><tbody>{rows}</tbody></table>")
    else:
        out.append(f"<p class='muted'>{_t('report.no_reasons', lang)}</p>")

    out.append(f"<h2>{_t('report.col.exported', lang)}</h2><p>{escape(export_line(report, lang))}</p>")
    out.append(f"<footer>{_t('report.html_footer', lang, version=__version__)}</footer></body></html>\n")
    return "".join(out)


def export_line(report: QualityReport, lang: str | None = None) -> str:
    """The last export in one or two sentences, or that there is none."""
    lang = lang or current_language()
    r = report.last_export
    if not r:
        return render(say("report.never_exported"), lang)
    files = ("、" if lang == "zh" else ", ").join(Path(f).name for f in r.get("files") or []) or "–"
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(r.get("time") or 0))
    line = render(say("report.last_export", time=when, format=r.get("format", ""), rows=r.get("rows", 0),
                      samples=r.get("samples", 0), files=files), lang)
    if r.get("repeated"):
        line += (" " if lang == "en" else "") + render(say("report.last_export_repeated", n=r["repeated"]), lang)
    return line


def write_report_html(report: QualityReport, path: str | os.PathLike, lang: str | None = None) -> Path:
    """Write the HTML file whole or not at all (a temp file beside it, then one rename)."""
    target = Path(path).expanduser().absolute()
    with StagedFiles() as staged:
        staged.write_text(target, report_html(report, lang))
        staged.commit()
    return target
