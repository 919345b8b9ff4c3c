"""The lines every `generate …` command prints the same way — stage names, the estimate, failed
items with their reasons, calls, cache, cost and how the run ended — in the reader's language
(core/messages, codes "flows.cli.*"). The per-flow counts are printed by each command."""

from __future__ import annotations

from typing import Any

from core.messages import Message, render, say

_STAGES = {
    "questions": say("flows.stage.questions"),
    "answers": say("flows.stage.answers"),
    "summaries": say("flows.stage.summaries"),
    "extract": say("flows.stage.extract"),
    "inputs": say("flows.stage.inputs"),
    "replies": say("flows.stage.replies"),
    "judge": say("judge.stage"),
}


def stage_label(stage: str) -> str:
    """A flow's stage as a reader names it (an unknown stage shows as the flow wrote it)."""
    label = _STAGES.get(stage)
    return label.render() if label is not None else stage


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return say("flows.cli.seconds", s=seconds).render()
    if seconds < 3600:
        return say("flows.cli.minutes", m=seconds // 60, s=f"{seconds % 60:02d}").render()
    return say("flows.cli.hours", h=seconds // 3600, m=f"{seconds % 3600 // 60:02d}").render()


def priced(settings: Any) -> bool:
    return settings.price_in_per_m > 0 or settings.price_out_per_m > 0


def estimate_line(est: Any, settings: Any) -> Message:
    money: Message | str = _estimate_money(est.cost, settings) if priced(settings) else ""
    if getattr(est, "waiting", 0):  # out in an open batch: not in the count above, and no new cost
        money = say("batch.estimate_waiting", money=money, n=est.waiting)
    return say("flows.cli.estimate", items=est.items, tokens_in=est.tokens_in, tokens_out=est.tokens_out,
               money=money)


def _estimate_money(cost: float, settings: Any) -> Message:
    """The cost at the service's prices; with time-of-day prices, at peak and at off-peak prices."""
    from core.llm.timeprices import price_range, schedule_of

    low, peak = price_range(cost, schedule_of(settings))
    if peak > low:
        return say("offpeak.estimate_cost", peak=f"{peak:.4f}", low=f"{low:.4f}")
    terms = settings.batch_terms()  # the provider's Batch API: its price beside the realtime one
    if terms is not None:
        return say("batch.estimate_cost", cost=f"{cost:.4f}", batch=f"{cost * terms.price_factor:.4f}")
    return say("flows.cli.estimate_cost", cost=f"{cost:.4f}")


def print_failed(result: Any) -> None:
    """How many items failed, then each with its stage, key and reason (stored reasons render in
    the reader's language; a provider's own words stay as they are), then the echo count."""
    print(say("flows.cli.failed", n=len(result.failed)))
    for stage, item_key, reason in result.failed:
        print(say("flows.cli.failed_item", stage=stage_label(stage), key=item_key, reason=render(reason)))
    if getattr(result, "echoes", 0):  # answers that only echoed the prompt (core/text/echo.py)
        print(say("echo.summary", n=result.echoes))


def print_costs(result: Any, settings: Any, calls: Message | None = None) -> None:
    print(calls or say("flows.cli.calls", n=result.calls))
    print(say("flows.cli.cached", n=result.cached))
    cost = f"{result.cost:.4f}"
    print(say("flows.cli.cost", cost=cost) if priced(settings) else say("flows.cli.cost_unpriced", cost=cost))


def print_finish(result: Any, chunks: bool = False) -> None:
    if result.cancelled:
        print(say("flows.cli.cancelled"))
    elif result.failed:
        n = len(result.failed)
        print(say("flows.cli.finished_failed_chunks", n=n) if chunks else say("flows.cli.finished_failed", n=n))
    else:
        from core.cli_batch import waiting_now

        if not waiting_now():  # else not finished: the batches' report after the run says what waits
            print(say("flows.cli.finished"))
