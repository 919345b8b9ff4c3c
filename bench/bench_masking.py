"""Masking recall per kind, precision and throughput on the planted personal-data chats
(tests/pii_fixtures.py), beside two baselines on the same texts:

- the masker before issue 15 (core/text/masking.py at commit b7fb81e, read from git), and
- a bare regex pass (mainland mobile numbers, e-mails, 18-digit runs, 16-19-digit runs).

Each chat is masked by one Masker (as the export does for a chat's sessions once it knows the
chat's values). A planted value counts as masked when it no longer appears in the chat's masked
text; precision counts the ordinary numbers (prices, dates, times, counts, versions, order
numbers) that come through unchanged.

    python bench/bench_masking.py [--chats 400] [--repeat 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.text.masking import Masker  # noqa: E402
from tests.pii_fixtures import PLANTED_KINDS, PlantedChat, planted_chats  # noqa: E402

OLD_COMMIT = "b7fb81e"
_BARE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
                   r"|(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])|(?<![0-9])[0-9]{16,19}(?![0-9])")


def _old_masker_class() -> type | None:
    try:
        source = subprocess.run(["git", "show", f"{OLD_COMMIT}:core/text/masking.py"], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    spec = importlib.util.spec_from_loader("masking_before_issue15", loader=None)
    module = importlib.util.module_from_spec(spec)
    sys.modules["masking_before_issue15"] = module  # dataclasses look their module up
    exec(compile(source, "masking_before_issue15.py", "exec"), module.__dict__)
    return module.Masker


def _measure(name: str, chats: list[PlantedChat], mask_chat: Callable[[PlantedChat], str], repeat: int) -> None:
    left, total = Counter(), Counter()
    lost = ordinary = 0
    chars = sum(len(t) for c in chats for _, t, _ in c.messages)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        outputs = [mask_chat(c) for c in chats]
        best = min(best, time.perf_counter() - start)
    for chat, out in zip(chats, outputs, strict=True):
        for p in chat.planted:
            total[p.kind] += 1
            left[p.kind] += p.value in out
        ordinary += len(chat.ordinary)
        lost += sum(o not in out for o in chat.ordinary)
    n = sum(total.values())
    recall = 1 - sum(left.values()) / n
    texts = sum(len(c.messages) for c in chats)
    print(f"\n{name}")
    print(f"  recall {recall:6.1%} of {n:,} planted values; precision: {ordinary - lost:,}/{ordinary:,} ordinary "
          f"numbers unchanged ({lost:,} touched)")
    print(f"  throughput {texts / best:,.0f} texts/s, {chars / best / 1e6:.2f} M chars/s ({texts:,} texts, best of {repeat})")
    print("  per kind: " + ", ".join(f"{k} {1 - left[k] / total[k]:.0%}" for k in PLANTED_KINDS if total[k]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chats", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    chats = planted_chats(seed=2024, n_chats=args.chats)

    def new(chat: PlantedChat) -> str:
        masker = Masker("surrogate", seed=chat.key)
        return "\n".join(masker.mask_text(t) for _, t, _ in chat.messages)

    _measure("Masker now (issue 15)", chats, new, args.repeat)
    old = _old_masker_class()
    if old is not None:
        def before(chat: PlantedChat) -> str:
            masker = old("surrogate", seed=chat.key)
            return "\n".join(masker.mask_text(t) for _, t, _ in chat.messages)

        _measure(f"Masker before issue 15 ({OLD_COMMIT})", chats, before, args.repeat)
    else:
        print(f"\n(no git history: the masker of {OLD_COMMIT} is not measured)")
    _measure("bare regex pass (mobile, e-mail, 18 digits, 16-19 digits)", chats,
             lambda chat: "\n".join(_BARE.sub("[X]", t) for _, t, _ in chat.messages), args.repeat)


if __name__ == "__main__":
    main()
