"""`filter`: quality rules and near-duplicates. Counts first; rejects only with --apply."""

from __future__ import annotations

import argparse
import sys
import textwrap

from core.errors import InputError
from core.messages import Message, say

SHOW_IDS = 8  # sample ids printed per rule


def _progress(label: Message):
    def show(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print("\r" + say("cli.progress", label=label, done=done, total=total).render(),
                  end="" if done < total else "\n", file=sys.stderr)

    return show


def _rules(args: argparse.Namespace) -> dict[str, dict]:
    from core.text.quality import RULES

    spec = args.rules.strip().lower()
    if spec in ("", "none"):
        names: list[str] = []
    elif spec == "all":
        names = list(RULES)
    else:
        names = [n.strip() for n in spec.split(",") if n.strip()]
        unknown = [n for n in names if n not in RULES]
        if unknown:
            raise InputError(say("cli.filter.unknown_rule", rules=", ".join(unknown), known=", ".join(RULES)))
    rules: dict[str, dict] = {n: {} for n in names}
    if args.min_chars is not None and "too_short" in rules:
        rules["too_short"] = {"min_chars": args.min_chars}
    if args.max_chars is not None and "too_long" in rules:
        rules["too_long"] = {"max_chars": args.max_chars}
    return rules


def _ids(ids: list[int]) -> str:
    shown = ", ".join(f"#{i}" for i in ids[:SHOW_IDS])
    more = say("cli.filter.more_ids", n=f"{len(ids) - SHOW_IDS:,}")
    return shown + (f", {more}" if len(ids) > SHOW_IDS else "")


def _print_groups(store, groups, show: int) -> None:
    for n, g in enumerate(groups[:show], 1):
        rows = store.rows(g.ids)
        print(say("cli.filter.group", index=n, n=len(g.ids), similarity=f"{g.similarity:.2f}"))
        for sid, score in zip(g.ids, g.scores or [g.similarity] * len(g.ids), strict=True):
            preview = rows[sid][4] if sid in rows else ""
            mark = say("cli.filter.keep").render() if sid == g.keep else f"{score:.2f}"
            print(f"    {mark:>5}  #{sid:<8} {preview[:60]}")
    if len(groups) > show:
        print(say("cli.filter.more_groups", n=f"{len(groups) - show:,}"))


def cmd_filter(args: argparse.Namespace) -> int:
    from core.messages import render
    from core.store import SampleFilter, Store
    from core.text.neardup import find_near_duplicates, reject_near_duplicates
    from core.text.quality import apply, scan

    rules = _rules(args)
    near = args.near_dup
    if not 0 <= near <= 1:
        raise InputError(say("cli.filter.near_dup_range", value=near))

    with Store(args.project, readonly=not args.apply) as store:
        live = store.count(SampleFilter(statuses=("pending", "accepted")))
        print(say("cli.filter.project", path=store.path, n=f"{live:,}"))
        hits = scan(store, rules, progress=_progress(say("cli.filter.progress_rules"))) if rules else {}
        if hits:
            print(say("cli.filter.rules"))
            for name, found in hits.items():
                ids = [h.sample_id for h in found]
                print(f"  {name:<24}{len(found):>8,}" + (f"  {_ids(ids)}" if ids else ""))
                if found:
                    print(f"  {'':<24}{'':>8}  " + say("cli.filter.example", detail=render(found[0].detail)).render())
        if args.apply and hits:
            n = apply(store, hits, list(hits))
            print(say("cli.filter.rejected_rules", n=f"{n:,}"))

        if near:
            groups = find_near_duplicates(store, threshold=near, ngram=args.ngram,
                                          progress=_progress(say("cli.filter.progress_near")))
            extra = sum(len(g.ids) - 1 for g in groups)
            print(say("cli.filter.near_found", ngram=args.ngram, threshold=near, groups=f"{len(groups):,}",
                      extra=f"{extra:,}"))
            _print_groups(store, groups, args.show)
            if args.apply and groups:
                n = reject_near_duplicates(store, groups)
                print(say("cli.filter.rejected_near", n=f"{n:,}"))

        if not args.apply:
            print(say("cli.filter.dry_run_both") if hits and near else say("cli.filter.dry_run"))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from core.text.quality import RULES

    rule_help = "\n".join(textwrap.fill(r.description, 78, initial_indent=f"  {name}: ",
                                       subsequent_indent="    ") for name, r in RULES.items())
    p = subparsers.add_parser(
        "filter", help="quality rules and near-duplicates: counts, then reject with --apply",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=textwrap.fill(
            "Count the samples each quality rule would reject and the groups of near-duplicate samples, "
            "and change nothing; with --apply, reject them (rules first, then near-duplicates among the "
            "samples left), each with its reason. Rejected samples are never looked at.", 78)
        + "\n\nrules:\n" + rule_help,
    )
    p.add_argument("--project", required=True, help="the .corpus project file")
    p.add_argument("--rules", default="all", metavar="LIST",
                   help=f"comma-separated rules ({','.join(RULES)}), all (default) or none")
    p.add_argument("--near-dup", type=float, default=0.7, metavar="THRESHOLD",
                   help="estimated Jaccard similarity of character n-grams from which two samples are "
                   "near-duplicates (default 0.7; 0 = do not look for near-duplicates)")
    p.add_argument("--ngram", type=int, default=3, metavar="N", help="characters per n-gram (default 3)")
    p.add_argument("--min-chars", type=int, metavar="N",
                   help="too_short: fewer characters than N (default 5)")
    p.add_argument("--max-chars", type=int, metavar="N",
                   help="too_long: more characters than N (default 8000)")
    p.add_argument("--show", type=int, default=5, metavar="N",
                   help="near-duplicate groups to print (default 5)")
    p.add_argument("--apply", action="store_true", help="reject what was found (default: a dry run)")
    p.set_defaults(func=cmd_filter)
