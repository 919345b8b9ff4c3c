"""Style augmentation: everyday user messages answered in a chosen voice, each reply validated.

**Styles** are presets (:class:`StylePreset`): a name, a system prompt, a few example exchanges
(user → assistant), the sampling temperature, a length range, keywords of which a reply must hold
at least one, and a similarity threshold. Two ship under ``resources/styles/`` (``温柔`` and
``毒舌``, :func:`builtin_styles`); a project keeps its own (edited copies, or new ones) in its meta
table (:func:`save_project_style`, :func:`project_styles`, :func:`delete_project_style`); a
project style of the same name as a built-in one replaces it (:func:`find_style`). The examples
can come from an imported script: :func:`examples_from_script` takes 2–5 real lines of a
character with the line said to them before each.

**The flow** (:class:`StyleFlow`, ``FLOW = "style"``) has two stages:

1. **inputs** (job kind ``style_inputs``): the user's pool (:attr:`StyleOptions.inputs`, cleaned and
   deduplicated ignoring case, width, spaces and punctuation) is topped up, when it holds fewer
   inputs than the attempt budget, with messages the LLM writes (template ``style_inputs``, JSON
   ``{"inputs": [...]}``, 20 a request; each request has the topics in another order, so no two
   prompts are the same and the cache never answers one with another's list). The generated
   inputs are deduplicated against the pool and each other. This job does not depend on the
   style: every style of the project draws on the same generated inputs.
2. **replies** (job kind ``style_replies``, one job per style version and embedding model): one
   item per input, the messages being the style's system prompt, its example exchanges as chat
   turns and the input; plain text (no JSON), at the style's temperature.

**Validation.** Each reply is checked the moment it arrives, in this order (the first failing
check is the reason): not empty (after trimming whitespace, one pair of wrapping quotes and an
inline ``<think>…</think>`` block); length within ``min_chars..max_chars`` characters; at least one
of the keywords (when the style has any); not a near-duplicate of a reply already accepted for
the style (rapidfuzz ratio ≥ 90); similar enough to the style's example replies:

- with an embedding model (:attr:`StyleOptions.embedding_model`), the **maximum** cosine similarity
  of the reply's embedding to the example replies' embeddings (``/v1/embeddings``). The maximum,
  not the mean: a reply only has to sound like *one* of the examples, and the examples are about
  different things (a mean is dragged down by their topics, not by the voice). The examples are
  embedded once and kept in the project meta (keyed by endpoint, model and texts), replies are
  embedded in batches of at most 16 as they come in;
- without one (none set, or the provider answers 400/404/405/422/501 or says embeddings are not
  supported), a **lexical** similarity stands in, labelled as such in every reason and sample
  (``meta["similarity"] = "lexical"``): the cosine of character (1-gram) counts of the reply and of
  the example replies taken together. Character bigrams barely overlap between short Chinese
  replies on different topics (0.0–0.2 even in the same voice), while the single characters
  that carry a voice — particles (呢、呀、哦), kaomoji, slang — do; on the shipped presets this
  puts replies in the style around 0.45–0.6 and replies in another voice or a neutral tone
  around 0.15–0.4, so the one threshold serves both measures. It is a weak proxy: use an
  embedding model where the provider has one.

An accepted reply becomes a ``pending`` ``sft`` sample (user input → reply, the style's system
prompt as the sample's system); a failing one a ``rejected`` sample whose reason names the check
and the measured value (``length 3 < 5``, ``no keyword of 呢/呀/哦``, ``similarity 0.21 < 0.40
(embeddings)``, ``near-duplicate of #12 (ratio 96)``) — nothing is dropped, so a user can see why and
relax the style. An empty answer from the model is a *failed item* of the engine (retryable with
``retry_failed``), not a sample.

**Stopping.** The run asks in rounds: each round queues exactly as many new inputs as accepted
replies are still missing (at most what the attempt budget leaves), runs them, and waits for
their validation. So it stops when :attr:`StyleOptions.count` replies are accepted — never more
— or when ``max_attempts`` reply requests (default 3 × count) are spent, or when the inputs run
out; no request is sent and then thrown away, and unused inputs stay in the pool for the next
run. (Items left pending by a cancelled run are finished first by the next one, even if that
accepts more than asked.) ``count`` and ``max_attempts`` are totals of the style's job: running
the same command again after it finished sends nothing; a larger count continues.
:meth:`FlowEvents.on_style_progress` ``(accepted, attempted)`` hears of every verdict (attempted =
replies validated), the live acceptance rate.

**Resume.** Jobs are found again by their parameters (the style's digest, so an edited style is
a new job — whose replies the response cache answers for free —, the embedding model; the
topics, language and template for the inputs). Done items keep their answers; at the start and
end of a run every done reply without a sample is validated and gets one, so a crash loses
nothing and nothing is asked twice. A sample *deleted* in Review stays deleted (the store marks
its item); an accepted one deleted no longer counts, so the next run asks for a replacement.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import inspect
import json
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import openai

from core.errors import InputError
from core.flows import staged
from core.flows.qa import clean_question, question_key
from core.flows.staged import FlowEvents, StagedFlow
from core.llm.client import describe_error, is_retryable
from core.llm.parse import json_validator
from core.llm.providers import ProviderSettings, normalize_base_url
from core.llm.runner import JobItemSpec, RunSummary, add_items
from core.llm.templates import LANGS, Template, project_template, render, validate_template
from core.messages import say
from core.model import Sample
from core.paths import resource_path
from core.text.echo import EchoRule, reply_echo
from core.text.reasoning import keep_reasoning, split_reasoning

log = logging.getLogger("corpusmith.flows.style")

# ---- limits and defaults ------------------------------------------------------------------------
MAX_NAME_CHARS = 40
MAX_EXAMPLES = 10
MIN_EXAMPLE_CHARS = 4  # a script line shorter than this is no use as an example reply
MAX_EXAMPLE_CHARS = 150
NEAR_DUPLICATE = 90  # rapidfuzz ratio (0..100) from which a reply repeats an accepted one
INPUTS_PER_REQUEST = 20
MAX_INPUT_CHARS = 200  # generated inputs longer than this are not everyday messages: dropped
INPUT_ROUNDS = 3  # requests for more inputs when deduplication left too few
EMBED_BATCH = 16  # replies per embeddings request
EMBED_RETRIES = 3
MAX_ATTEMPTS_FACTOR = 3  # max_attempts = 0 → 3 × count
PAGE = 500
BUILTIN_ORDER = ("温柔", "毒舌")
STYLES_META = "styles"  # project meta: {name: preset JSON}
EMBED_CACHE_META = "style_embeddings:"  # + key: the example replies' vectors
# answers meaning "this endpoint has no embeddings (for that model)": the lexical measure stands in
FALLBACK_STATUSES = (400, 404, 405, 415, 422, 501)

CHECKS = ("empty", "length", "keywords", "echo", "near-duplicate", "similarity")
EMBEDDINGS, LEXICAL = "embeddings", "lexical"
STOP_COUNT, STOP_ATTEMPTS, STOP_INPUTS = "count", "max_attempts", "inputs"
STOP_CANCELLED, STOP_FAILED, STOP_ERROR = "cancelled", "failed", "error"
STOP_BATCH = "batch"  # batch mode: the round's requests wait in a provider batch (the next run collects)


# ---- presets --------------------------------------------------------------------------------------
@dataclass
class StylePreset:
    """A voice to answer in, and the checks its replies must pass (see the module docstring)."""

    name: str
    system: str
    examples: list[tuple[str, str]]  # (user, assistant) exchanges shown to the model
    temperature: float = 0.9
    min_chars: int = 5
    max_chars: int = 150
    keywords: list[str] = field(default_factory=list)  # any-of; [] = no keyword check
    threshold: float = 0.4  # similarity to the example replies, 0..1
    description: str = ""  # one line for the style list

    def problems(self) -> list[str]:
        """What makes the preset unusable, as sentences (empty list: fine)."""
        out: list[str] = []
        name = self.name.strip() if isinstance(self.name, str) else ""
        if not name:
            out.append("The name is empty.")
        elif len(name) > MAX_NAME_CHARS:
            out.append(f"The name is {len(name)} characters long; at most {MAX_NAME_CHARS} are allowed.")
        elif any(ch in name for ch in "\r\n\t"):
            out.append("The name must be one line.")
        if not isinstance(self.system, str) or not self.system.strip():
            out.append("The system prompt is empty: describe the voice the replies must have.")
        if not isinstance(self.examples, list) or not self.examples:
            out.append("There are no example exchanges: give at least one (user → assistant).")
        else:
            if len(self.examples) > MAX_EXAMPLES:
                out.append(f"There are {len(self.examples)} example exchanges; at most {MAX_EXAMPLES} "
                           "are allowed (each one is sent with every request).")
            for i, ex in enumerate(self.examples, 1):
                if not (isinstance(ex, list | tuple) and len(ex) == 2 and all(isinstance(x, str) for x in ex)):
                    out.append(f"Example {i} must be a pair of texts (user, assistant).")
                    continue
                if not ex[0].strip():
                    out.append(f"Example {i}: the user's message is empty.")
                if not ex[1].strip():
                    out.append(f"Example {i}: the assistant's reply is empty.")
        if not _is_number(self.temperature) or not 0 <= self.temperature <= 2:
            out.append(f"The temperature must be between 0 and 2 (got {self.temperature!r}).")
        lengths_ok = True
        for label, v, low in (("min_chars", self.min_chars, 0), ("max_chars", self.max_chars, 1)):
            if not _is_int(v) or v < low:
                out.append(f"“{label}” must be a whole number of at least {low} (got {v!r}).")
                lengths_ok = False
        if lengths_ok and self.min_chars > self.max_chars:
            out.append(f"The length range is empty: min_chars {self.min_chars} > max_chars {self.max_chars}.")
        if not isinstance(self.keywords, list) or not all(isinstance(k, str) for k in self.keywords):
            out.append("“keywords” must be a list of texts.")
        else:
            for i, k in enumerate(self.keywords, 1):
                if not k.strip():
                    out.append(f"Keyword {i} is empty.")
        if not _is_number(self.threshold) or not 0 <= self.threshold <= 1:
            out.append(f"The similarity threshold must be between 0 and 1 (got {self.threshold!r}).")
        return out

    def check(self) -> StylePreset:
        """Self, or InputError naming every problem."""
        problems = self.problems()
        if problems:
            raise InputError(f"Style “{self.name}”: " + " ".join(problems))
        return self

    def example_replies(self) -> list[str]:
        return [a for _, a in self.examples]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict, the layout of the files under resources/styles/."""
        data: dict[str, Any] = {"name": self.name}
        if self.description:
            data["description"] = self.description
        data.update({
            "system": self.system,
            "examples": [{"user": u, "assistant": a} for u, a in self.examples],
            "temperature": self.temperature, "min_chars": self.min_chars, "max_chars": self.max_chars,
            "keywords": list(self.keywords), "threshold": self.threshold,
        })
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any] | str, where: str = "") -> StylePreset:
        """A checked preset from a dict (or JSON text) in the layout of :meth:`to_json`; examples
        may also be ``[user, assistant]`` pairs. Raises InputError naming every problem; `where`
        (a file name) is said in it."""
        label = f" ({where})" if where else ""
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError as e:
                raise InputError(f"The style{label} is not valid JSON: {e}.") from None
        if not isinstance(data, dict):
            raise InputError(f"The style{label} must be a JSON object, not {type(data).__name__}.")
        name = data.get("name")
        title = f"Style “{name}”{label}" if isinstance(name, str) and name.strip() else f"The style{label}"
        known = [f.name for f in dataclasses.fields(cls)]
        problems: list[str] = []
        for k in data:
            if k not in known:
                problems.append(f"Unknown field “{k}” (known: {', '.join(known)}).")
        for k in ("name", "system", "examples"):
            if k not in data:
                problems.append(f"The field “{k}” is missing.")
        for k in ("name", "system", "description"):
            if k in data and not isinstance(data[k], str):
                problems.append(f"“{k}” must be a text (got {_shown(data[k])}).")
        for k in ("temperature", "threshold"):
            if k in data and not _is_number(data[k]):
                problems.append(f"“{k}” must be a number (got {_shown(data[k])}).")
        for k in ("min_chars", "max_chars"):
            if k in data and not _is_int(data[k]):
                problems.append(f"“{k}” must be a whole number (got {_shown(data[k])}).")
        if "keywords" in data and not (isinstance(data["keywords"], list)
                                       and all(isinstance(k, str) for k in data["keywords"])):
            problems.append(f"“keywords” must be a list of texts (got {_shown(data['keywords'])}).")
        examples: list[tuple[str, str]] = []
        raw = data.get("examples")
        if "examples" in data and not isinstance(raw, list):
            problems.append(f"“examples” must be a list of {{\"user\", \"assistant\"}} objects (got {_shown(raw)}).")
        for i, ex in enumerate(raw if isinstance(raw, list) else [], 1):
            if isinstance(ex, dict):
                extra = sorted(set(ex) - {"user", "assistant"})
                if extra:
                    problems.append(f"Example {i} has unknown field(s) {', '.join(extra)} (known: user, assistant).")
                u, a = ex.get("user"), ex.get("assistant")
            elif isinstance(ex, list) and len(ex) == 2:
                u, a = ex
            else:
                problems.append(f"Example {i} must be an object {{\"user\": …, \"assistant\": …}} "
                                f"(got {_shown(ex)}).")
                continue
            if not isinstance(u, str) or not isinstance(a, str):
                problems.append(f"Example {i} needs a text for both “user” and “assistant”.")
                continue
            examples.append((u, a))
        if problems:
            raise InputError(f"{title}: " + " ".join(problems))
        values = {k: data[k] for k in known if k in data and k != "examples"}
        if "keywords" in values:
            values["keywords"] = list(values["keywords"])
        preset = cls(examples=examples, **values)
        preset.name = preset.name.strip()
        problems = preset.problems()
        if problems:
            raise InputError(f"{title}: " + " ".join(problems))
        return preset

    def digest(self) -> str:
        """A short hash of everything that shapes the replies or their checks."""
        raw = json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(raw.encode()).hexdigest()[:16]


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _shown(v: Any) -> str:
    text = json.dumps(v, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def builtin_styles() -> list[StylePreset]:
    """The presets shipped under resources/styles/ (温柔 and 毒舌 first)."""
    folder = resource_path("styles")
    presets: list[StylePreset] = []
    for path in sorted(folder.glob("*.json")):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as e:
            raise InputError(f"The built-in style “{path}” cannot be read ({e.strerror or e}). "
                             "Reinstall Corpusmith.") from None
        presets.append(StylePreset.from_json(text, where=path.name))
    rank = {n: i for i, n in enumerate(BUILTIN_ORDER)}
    return sorted(presets, key=lambda p: (rank.get(p.name, len(rank)), p.name))


def project_styles(store: Any) -> list[StylePreset]:
    """The project's own styles, in the order they were first saved. A stored one that no longer
    reads as a style is left out (and logged)."""
    out: list[StylePreset] = []
    data = store.get_meta(STYLES_META)
    for name, raw in (data.items() if isinstance(data, dict) else ()):
        try:
            out.append(StylePreset.from_json(raw))
        except InputError as e:
            log.warning("project style %r skipped: %s", name, e)
    return out


def save_project_style(store: Any, preset: StylePreset) -> None:
    """Keep `preset` in the project (replacing one of that name; a built-in of that name is
    then hidden). Raises InputError naming the problems if it is not valid."""
    preset = StylePreset.from_json(preset.to_json())  # checked, and a copy
    data = store.get_meta(STYLES_META)
    data = dict(data) if isinstance(data, dict) else {}
    data[preset.name] = preset.to_json()
    store.set_meta(STYLES_META, data)


def delete_project_style(store: Any, name: str) -> bool:
    """Forget the project's style `name` (a built-in of that name applies again). False when the
    project has none of that name."""
    data = store.get_meta(STYLES_META)
    if not isinstance(data, dict) or name not in data:
        return False
    data = {k: v for k, v in data.items() if k != name}
    store.set_meta(STYLES_META, data)
    return True


def available_styles(store: Any | None = None) -> list[StylePreset]:
    """Built-in styles (each replaced by the project's style of its name), then the project's own."""
    own = {p.name: p for p in project_styles(store)} if store is not None else {}
    out = [own.pop(p.name, p) for p in builtin_styles()]
    return out + list(own.values())


def find_style(store: Any | None, name: str) -> StylePreset:
    """The style called `name` (the project's first, then the built-ins); InputError listing the
    known ones otherwise."""
    styles = available_styles(store)
    for p in styles:
        if p.name == name.strip():
            return p
    raise InputError(f"There is no style “{name}”. Known styles: "
                     + "、".join(p.name for p in styles) + ".")


# ---- examples from a script -----------------------------------------------------------------------
def examples_from_script(store: Any, source_id: int, character: str, n: int = 3) -> list[tuple[str, str]]:
    """`n` (2–5) real exchanges of `character` from the imported script `source_id`: a line of the
    character as the reply, the line said just before it in the same scene by someone else as the
    user side. Replies of 4–150 characters, each once; the picks are spread evenly over the
    script. Fewer than `n` when the script has fewer (but at least 2, else InputError)."""
    from core.flows.script import parse_source

    if not _is_int(n) or not 2 <= n <= 5:
        raise InputError(f"Take 2 to 5 lines of the character as examples (got {n!r}).")
    script = parse_source(store, source_id)
    table = script.character_table()
    if not any(r.name == character for r in table):
        top = "、".join(f"{r.name} ({r.lines})" for r in table[:12]) or "no speakers found"
        raise InputError(f"“{character}” does not speak in source #{source_id}. Characters found: {top}.")
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for scene in script.scenes:
        for before, line in zip(scene.lines, scene.lines[1:], strict=False):
            if line.speaker != character or before.speaker == character:
                continue
            user, reply = before.text.strip(), line.text.strip()
            if not user or not MIN_EXAMPLE_CHARS <= len(reply) <= MAX_EXAMPLE_CHARS or reply in seen:
                continue
            seen.add(reply)
            pairs.append((user, reply))
    if len(pairs) < 2:
        raise InputError(f"“{character}” answers someone else in only {len(pairs)} usable line(s) of source "
                         f"#{source_id} (replies of {MIN_EXAMPLE_CHARS}–{MAX_EXAMPLE_CHARS} characters "
                         "after another speaker's line); at least 2 are needed.")
    if len(pairs) <= n:
        return pairs
    picks = sorted({round(i * (len(pairs) - 1) / (n - 1)) for i in range(n)})
    return [pairs[i] for i in picks]


def preset_from_script(store: Any, source_id: int, character: str, n: int = 3,
                       name: str | None = None) -> StylePreset:
    """A style speaking as `character`, with :func:`examples_from_script` as its examples and no
    keyword check (checked; save it with :func:`save_project_style`)."""
    examples = examples_from_script(store, source_id, character, n)
    return StylePreset(name=(name or character).strip(),
                       system=f"现在你要扮演{character}。用{character}的语气、口吻和说话习惯回复对方，不要跳出角色。",
                       examples=examples, keywords=[]).check()


# ---- the checks ------------------------------------------------------------------------------------
_QUOTES = {"“": "”", '"': '"', "「": "」", "『": "』", "'": "'", "‘": "’"}


def clean_reply(text: str) -> str:
    """The reply as it is kept: trimmed, any ``<think>…</think>`` reasoning (kept apart on the
    sample, see core.text.reasoning) and one pair of quotes around the whole of it removed."""
    text = split_reasoning(text or "")[0].strip()
    if len(text) >= 2 and _QUOTES.get(text[0]) == text[-1] and text[-1] not in text[1:-1]:
        text = text[1:-1].strip()
    return text


def cosine(a: Iterable[float], b: Iterable[float]) -> float:
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise ValueError(f"vectors of different sizes ({len(a)} and {len(b)})")
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(x * x for x in b))
    if na == 0 or nb == 0:
        return 0.0
    return sum(x * y for x, y in zip(a, b, strict=True)) / (na * nb)


def _char_counts(text: str) -> Counter[str]:
    return Counter(ch for ch in text if not ch.isspace())


def lexical_similarity(text: str, references: Iterable[str]) -> float:
    """The stand-in for embeddings: cosine of the character counts of `text` and of all
    `references` taken together (0..1; see the module docstring for why single characters)."""
    a, b = _char_counts(text), _char_counts("".join(references))
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _threshold_text(threshold: float) -> str:
    return f"{threshold:.2f}" if round(threshold, 2) == threshold else f"{threshold:g}"


def _score_text(score: float, threshold: float) -> str:
    """A score below `threshold` as said in a reason: truncated (never rounded up to read as the
    threshold itself) to the threshold's decimals, at least two."""
    decimals = max(2, len(_threshold_text(threshold).partition(".")[2]))
    factor = 10 ** decimals
    return f"{math.floor(score * factor) / factor:.{decimals}f}"


def check_reply(text: str, preset: StylePreset) -> tuple[str, str] | None:
    """The local checks (empty, length, keywords): (check, reason) of the first that fails, or None."""
    if not text:
        return "empty", say("style.reply.empty").encode()
    n = len(text)
    if n < preset.min_chars:
        return "length", say("style.reply.too_short", n=n, limit=preset.min_chars).encode()
    if n > preset.max_chars:
        return "length", say("style.reply.too_long", n=n, limit=preset.max_chars).encode()
    if preset.keywords and not any(k in text for k in preset.keywords):
        return "keywords", say("style.reply.no_keyword", keywords="/".join(preset.keywords)).encode()
    return None


# ---- options, results ----------------------------------------------------------------------------
@dataclass
class StyleOptions:
    style: str  # the style's name (the project's, else a built-in)
    count: int = 50  # accepted samples wanted (a total of the style's job: a rerun continues)
    max_attempts: int = 0  # reply requests at most, in total; 0 = 3 × count
    inputs: list[str] = field(default_factory=list)  # the user's pool, one message each
    generate_inputs: bool = True  # top the pool up with LLM-written messages when it is short
    topics: str = "日常生活、学习、工作、情绪、天气、美食"  # what generated inputs are about
    embedding_model: str = ""  # "" = the lexical similarity
    lang: str = "zh"  # language of the inputs prompt

    def attempts(self) -> int:
        return self.max_attempts if self.max_attempts > 0 else MAX_ATTEMPTS_FACTOR * self.count


@dataclass
class StyleResult:
    style: str
    accepted: int = 0  # replies accepted for the style (its job, all runs)
    attempted: int = 0  # replies validated (accepted + rejected), all runs
    rejected: dict[str, int] = field(default_factory=dict)  # check → replies it rejected, all runs
    requests: int = 0  # reply items queued in the job (the attempt budget spent), all runs
    inputs: int = 0  # unique inputs in the pool (the user's and generated)
    generated_inputs: int = 0
    input_duplicates: int = 0  # generated inputs dropped as repeats of the pool or of each other
    samples: int = 0  # samples written by this run (including ones restored after a crash)
    similarity: str = ""  # "embeddings" or "lexical": the measure this run used ("" = none needed)
    similarity_note: str = ""  # why the lexical measure stood in
    stopped: str = ""  # count | max_attempts | inputs | cancelled | failed | error
    error: str = ""  # what stopped the run, for stopped == "error"
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (stage, key, reason)
    echoes: int = 0  # echoes of the prompt: replies rejected as "echo" (all runs) and failed input items
    cancelled: bool = False
    cost: float = 0.0  # this run's
    calls: int = 0  # chat requests of this run
    cached: int = 0
    embedding_calls: int = 0  # embeddings requests of this run

    @property
    def acceptance_rate(self) -> float:
        return self.accepted / self.attempted if self.attempted else 0.0


@dataclass
class _Arrival:
    item_id: int
    output: dict
    meta: dict


class _EmbeddingsFailed(Exception):
    pass


class _NoEmbeddings(Exception):
    pass


def _check_inputs(value: Any) -> str | None:
    items = value.get("inputs") if isinstance(value, dict) else value
    if isinstance(value, dict) and "inputs" not in value:
        return "the answer is missing the field “inputs”"
    if not isinstance(items, list):
        return "“inputs” must be an array of strings"
    if not any(isinstance(x, str) and x.strip() for x in items):
        return "“inputs” holds no message"
    return None


INPUTS_VALIDATOR = json_validator(_check_inputs)  # {"inputs": [str]} (a bare array is accepted too)


def _clean_input(text: str) -> str:
    return clean_question(text) if isinstance(text, str) else ""


def _input_key(text: str) -> str:
    return "in:" + hashlib.blake2b(question_key(text).encode(), digest_size=8).hexdigest()


def _split_topics(topics: str) -> list[str]:
    return [t.strip() for t in re.split(r"[、,，;；/\n]+", topics) if t.strip()]


# ---- the flow --------------------------------------------------------------------------------------
class StyleFlow(StagedFlow):
    """Inputs → replies in a style, each validated as it arrives (see the module docstring).
    `preset` overrides looking the style up by ``options.style`` (e.g. an unsaved edit)."""

    FLOW = "style"

    def __init__(self, store: Any, client: Any, settings: ProviderSettings, options: StyleOptions,
                 events: FlowEvents | None = None, runner_options: dict | None = None,
                 preset: StylePreset | None = None):
        super().__init__(store, client, settings, events, runner_options)
        self.options = options
        self._preset = preset
        self._reset_run_state()

    def _reset_run_state(self) -> None:
        self._arrivals: list[_Arrival] = []
        self._vtask: asyncio.Task | None = None
        self._halt = ""  # why validation stopped the run
        self._accepted_texts: list[str] = []
        self._accepted_ids: list[int] = []
        self._tally: Counter[str] = Counter()  # "accepted" and the check names
        self._have: set[int] = set()  # reply items with a sample
        self._mode = ""
        self._note = ""
        self._example_vecs: list[list[float]] | None = None
        self._eclient: Any = None
        self._eowned = False
        self._embedding_calls = 0

    # ---- inspection ----------------------------------------------------------------------
    def preset(self) -> StylePreset:
        return self._preset if self._preset is not None else find_style(self.store, self.options.style)

    def inputs_template(self) -> Template:
        return project_template(self.store, "style_inputs", self.options.lang)

    def _echo_rule(self, stage: str) -> EchoRule | None:
        return EchoRule.of(self.inputs_template()) if stage == "inputs" else None  # replies: checked as they arrive

    def validate(self) -> list[str]:
        """Problems that stop a run, as sentences (empty list: ready)."""
        o = self.options
        problems: list[str] = []
        try:
            problems.extend(self.preset().problems())
        except InputError as e:
            problems.append(str(e))
        if not _is_int(o.count) or o.count < 1:
            problems.append(say("style.count_range", got=repr(o.count)).render())
        if not _is_int(o.max_attempts) or o.max_attempts < 0:
            problems.append(say("style.max_attempts_range", got=repr(o.max_attempts)).render())
        elif o.max_attempts and _is_int(o.count) and o.max_attempts < o.count:
            problems.append(say("style.max_attempts_below_count", max_attempts=o.max_attempts,
                                count=o.count).render())
        if o.lang not in LANGS:
            problems.append(say("style.unknown_lang", lang=o.lang, known=", ".join(LANGS)).render())
        pool = self.pool()
        if not pool and not o.generate_inputs:
            problems.append(say("style.no_inputs").render())
        if o.generate_inputs and not _split_topics(o.topics or ""):
            problems.append(say("style.no_topic").render())
        if o.generate_inputs and o.lang in LANGS:
            problems.extend(validate_template(self.inputs_template()))
        return problems

    def pool(self) -> list[str]:
        """The user's inputs, cleaned (numbering, spaces) and deduplicated, in their order."""
        out: list[str] = []
        seen: set[str] = set()
        for raw in self.options.inputs:
            text = _clean_input(raw)
            k = question_key(text)
            if text and k and k not in seen:
                seen.add(k)
                out.append(text)
        return out

    def preview_messages(self, user_input: str = "") -> list[dict]:
        """The messages one reply request sends (with `user_input`, or the first of the pool)."""
        text = user_input or next(iter(self.pool()), "……")
        return self._reply_messages(self.preset(), text)

    # ---- jobs ----------------------------------------------------------------------------
    def _inputs_params(self, t: Template) -> dict:
        o = self.options
        return {"topics": o.topics, "lang": o.lang, "template": t.digest(), "per_request": INPUTS_PER_REQUEST}

    def _replies_params(self, preset: StylePreset) -> dict:
        return {"style": preset.name, "style_digest": preset.digest(),
                "embedding_model": self.options.embedding_model.strip()}

    def _jobs(self) -> tuple[int | None, int | None]:
        ijob = self._find_job("style_inputs", self._inputs_params(self.inputs_template())) \
            if self.options.lang in LANGS else None
        return ijob, self._find_job("style_replies", self._replies_params(self.preset()))

    def failed_items(self) -> list[tuple[str, int, str, str]]:
        """(stage, item_id, key, reason) of the failed items of both jobs."""
        out: list[tuple[str, int, str, str]] = []
        for stage, job in zip(("inputs", "replies"), self._jobs(), strict=True):
            if job is not None:
                out.extend((stage, f["id"], f["key"], f["error"]) for f in self.store.failed_items(job))
        return out

    def _items(self, job_id: int | None) -> list[dict]:
        """Every item of a job (done, failed and pending), in id order."""
        if job_id is None:
            return []
        rows: list[dict] = []
        for fetch in (lambda a: self.store.pending_items(job_id, True, after_id=a, limit=PAGE),
                      lambda a: self.store.done_items(job_id, after_id=a, limit=PAGE)):
            after = 0
            while batch := fetch(after):
                rows.extend(batch)
                after = batch[-1]["id"]
        return sorted(rows, key=lambda r: r["id"])

    # ---- inputs --------------------------------------------------------------------------
    def _batch_topics(self, i: int) -> str:
        parts = _split_topics(self.options.topics)
        k = i % len(parts)
        sep = "、" if self.options.lang == "zh" else ", "
        text = sep.join(parts[k:] + parts[:k])
        lap = i // len(parts)
        if lap:
            text += (f"（第 {lap + 1} 轮：换一些新的场景和说法）" if self.options.lang == "zh"
                     else f" (round {lap + 1}: new situations and wordings)")
        return text

    def _generated(self, ijob: int | None, pool: list[str]) -> tuple[list[str], int]:
        """(unique generated inputs not in the pool, duplicates dropped), in item order."""
        seen = {question_key(p) for p in pool}
        out: list[str] = []
        dups = 0
        if ijob is None:
            return out, dups
        after = 0
        while rows := self.store.done_items(ijob, after_id=after, limit=PAGE):
            after = rows[-1]["id"]
            for r in rows:
                value = (r["output"] or {}).get("value")
                items = value.get("inputs") if isinstance(value, dict) else value
                for x in items if isinstance(items, list) else []:
                    text = _clean_input(x)
                    k = question_key(text)
                    if not text or not k or len(text) > MAX_INPUT_CHARS:
                        continue
                    if k in seen:
                        dups += 1
                        continue
                    seen.add(k)
                    out.append(text)
        return out, dups

    async def _inputs_stage(self, pool: list[str], used: set[str], wanted: int, retry_failed: bool,
                            summaries: list[RunSummary]) -> tuple[list[str], int]:
        """Generate inputs until the pool and the generated ones hold `wanted` inputs not used by
        the replies job yet (`used`: its item keys); returns (generated, duplicates)."""
        t = self.inputs_template()
        params = self._inputs_params(t)
        ijob = self._find_job("style_inputs", params)
        fresh_pool = sum(1 for x in pool if _input_key(x) not in used)
        generated, dups = await asyncio.to_thread(self._generated, ijob, pool)
        for rnd in range(INPUT_ROUNDS):
            missing = wanted - fresh_pool - sum(1 for x in generated if _input_key(x) not in used)
            if missing <= 0 or self._cancelled:
                break
            if ijob is None:
                ijob = self._create_job("style_inputs", f"Style inputs · {self.options.topics[:24]} · "
                                             f"{self.options.lang}", params)
            counts = self.store.job_counts(ijob)
            waiting = counts["pending"] + (counts["failed"] if retry_failed and rnd == 0 else 0)
            start = sum(counts.values())
            new = max(0, math.ceil(missing / INPUTS_PER_REQUEST) - waiting)
            specs = [JobItemSpec(f"batch-{i:04d}", render(t, n=INPUTS_PER_REQUEST, topics=self._batch_topics(i)),
                                 {"batch": i, "n": INPUTS_PER_REQUEST}) for i in range(start, start + new)]
            await asyncio.to_thread(add_items, self.store, ijob, specs)
            if not await self._gate():
                break
            summary = await self._run_stage("inputs", ijob, retry_failed and rnd == 0, INPUTS_VALIDATOR)
            summaries.append(summary)
            generated, dups = await asyncio.to_thread(self._generated, ijob, pool)
            if summary.cancelled or summary.done_now == 0:
                break
        return generated, dups

    # ---- replies: items ------------------------------------------------------------------
    @staticmethod
    def _reply_messages(preset: StylePreset, text: str) -> list[dict]:
        messages = [{"role": "system", "content": preset.system.strip()}]
        for u, a in preset.examples:
            messages += [{"role": "user", "content": u}, {"role": "assistant", "content": a}]
        messages.append({"role": "user", "content": text})
        return messages

    def _reply_settings(self, preset: StylePreset) -> ProviderSettings:
        return dataclasses.replace(self.settings, temperature=float(preset.temperature))

    # ---- replies: validation -------------------------------------------------------------
    def _item_arrived(self, stage: str, job_id: int, item_id: int, output: dict, meta: dict) -> None:
        """A reply just arrived: queued for validation, which starts at once (a batch for the
        embeddings gathers while the previous one is checked)."""
        if stage != "replies":
            return
        self._arrivals.append(_Arrival(item_id, output or {}, meta or {}))
        self._kick()

    def _kick(self) -> None:
        if self._halt or not self._arrivals:
            return
        if self._vtask is None or self._vtask.done():
            self._vtask = asyncio.get_running_loop().create_task(self._drain(), name="style-validate")

    async def _settle(self) -> None:
        """Wait until every reply that arrived is validated (or validation stopped the run)."""
        while True:
            task = self._vtask
            if task is not None and not task.done():
                await task
                continue
            if self._arrivals and not self._halt:
                self._kick()
                continue
            return

    async def _drain(self) -> None:
        while self._arrivals and not self._halt:
            batch = self._arrivals[:EMBED_BATCH]
            del self._arrivals[:EMBED_BATCH]
            try:
                await self._validate_batch(batch)
            except _EmbeddingsFailed as e:
                self._stop_for(e.args[0].encode(), batch)
            except Exception as e:  # a bug: stop, leave the replies for the next run
                log.exception("validating style replies failed")
                self._stop_for(say("style.internal_error", kind=type(e).__name__, text=str(e)).encode(), batch)

    def _stop_for(self, reason: str, batch: list[_Arrival]) -> None:
        # `reason` is an encoded message: the CLI and the window render it in the reader's language
        """Validation cannot go on: stop the run; the replies stay stored without a sample, and
        the next run validates them."""
        self._halt = reason
        n = len(batch) + len(self._arrivals)
        self._arrivals.clear()
        log.warning("style run stopped: %s (%s reply/replies left for the next run)", reason, n)
        if self._runner is not None:
            self._runner.cancel()

    async def _validate_batch(self, batch: list[_Arrival]) -> None:
        preset = self._run_preset
        texts: dict[int, str] = {}
        verdicts: dict[int, tuple[str, str]] = {}
        dups: dict[int, int] = {}
        seen = len(self._accepted_texts)

        def local_checks() -> None:  # what fails them is never embedded
            for a in batch:
                text = texts[a.item_id] = clean_reply(str(a.output.get("content") or ""))
                bad = check_reply(text, preset)
                if bad is None and (echo := reply_echo(text, preset.system, preset.example_replies(),
                                                       str(a.meta.get("input") or ""))) is not None:
                    bad = "echo", echo.message().encode()
                if bad is None and (dup := self._near_duplicate(text)) is not None:
                    bad, dups[a.item_id] = dup[:2], dup[2]
                if bad is not None:
                    verdicts[a.item_id] = bad

        # against thousands of accepted replies the near-duplicate search takes a while: off the
        # event loop (the UI's), which only appends to the accepted list after this returns
        await asyncio.to_thread(local_checks)
        todo = [a for a in batch if a.item_id not in verdicts]
        scores: dict[int, float] = {}
        if todo:
            values = await self._similarities([texts[a.item_id] for a in todo])
            scores = {a.item_id: s for a, s in zip(todo, values, strict=True)}
        for a in batch:  # in arrival order: a reply may repeat one accepted just before it
            text, verdict, score = texts[a.item_id], verdicts.get(a.item_id), scores.get(a.item_id)
            if verdict is None and (dup := self._near_duplicate(text, seen)) is not None:  # accepted since
                verdict, dups[a.item_id] = dup[:2], dup[2]
            if verdict is None and score is not None and score < preset.threshold:
                verdict = ("similarity", say("style.reply.not_similar", score=_score_text(score, preset.threshold),
                                             threshold=_threshold_text(preset.threshold), mode=self._mode).encode())
            self._write(a, text, verdict, score, dups.get(a.item_id))

    def _near_duplicate(self, text: str, start: int = 0) -> tuple[str, str, int] | None:
        """The accepted reply (from index `start` on) this one nearly repeats, as a verdict."""
        if len(self._accepted_texts) <= start or not text:
            return None
        from rapidfuzz import fuzz, process

        hit = process.extractOne(text, self._accepted_texts[start:], scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE)
        if hit is None:
            return None
        sid = self._accepted_ids[start + hit[2]]
        return "near-duplicate", say("style.reply.near_duplicate", id=sid, ratio=f"{hit[1]:.0f}").encode(), sid

    def _write(self, a: _Arrival, text: str, verdict: tuple[str, str] | None, score: float | None,
               dup_of: int | None) -> None:
        ok = verdict is None
        sample = keep_reasoning(self._sample(self._job_id, a.item_id, a.meta, text, verdict, score, dup_of), a.output)
        ids = self.store.add_samples([sample])
        self._have.add(a.item_id)
        self._tally["accepted" if ok else verdict[0]] += 1  # type: ignore[index]
        if ok:
            self._accepted_texts.append(text)
            self._accepted_ids.append(ids[0])
        self._new_samples += len(ids)
        self._emit("on_samples", ids)
        self._emit("on_style_progress", self._tally["accepted"], self._attempted())

    def _attempted(self) -> int:
        return sum(self._tally.values())

    def _sample(self, job_id: int, item_id: int, meta: dict, text: str, verdict: tuple[str, str] | None,
                score: float | None, dup_of: int | None) -> Sample:
        preset = self._run_preset
        smeta: dict[str, Any] = {
            "flow": "style", "job_id": job_id, "job_item": item_id, "style": preset.name,
            "style_ok": verdict is None, "check": verdict[0] if verdict else None,
            "input_origin": meta.get("origin"),
            "similarity": self._mode if score is not None else None,
            "similarity_score": round(score, 4) if score is not None else None,
            "made": self._made,
        }
        if dup_of is not None:
            smeta["near_duplicate_of"] = dup_of
        return Sample.qa(str(meta.get("input") or ""), text, kind="sft", system=preset.system.strip(),
                         status="pending" if verdict is None else "rejected",
                         reason="" if verdict is None else verdict[1], meta=smeta)

    # ---- similarity ----------------------------------------------------------------------
    async def _similarities(self, texts: list[str]) -> list[float]:
        references = self._run_preset.example_replies()
        if self._mode == EMBEDDINGS:
            try:
                if self._example_vecs is None:
                    self._example_vecs = await self._example_vectors(references)
                vecs = await self._embed(texts)
                return [max(cosine(v, e) for e in self._example_vecs) for v in vecs]
            except _NoEmbeddings as e:
                self._mode = LEXICAL
                self._note = e.args[0].encode()  # an encoded message: rendered where it is shown
                log.warning("%s: the lexical similarity (character n-grams) stands in", e)
        return [lexical_similarity(t, references) for t in texts]

    def _embed_cache_key(self, texts: list[str]) -> str:
        raw = json.dumps([normalize_base_url(self.settings.base_url), self.options.embedding_model.strip(), texts],
                         ensure_ascii=False)
        return EMBED_CACHE_META + hashlib.sha256(raw.encode()).hexdigest()[:32]

    async def _example_vectors(self, texts: list[str]) -> list[list[float]]:
        """The example replies' embeddings: from the project meta, or asked once and kept there."""
        key = self._embed_cache_key(texts)
        hit = self.store.get_meta(key)
        if isinstance(hit, dict) and isinstance(hit.get("vectors"), list) and len(hit["vectors"]) == len(texts):
            return hit["vectors"]
        vecs = await self._embed(texts)
        self.store.set_meta(key, {"model": self.options.embedding_model.strip(),
                                  "base_url": normalize_base_url(self.settings.base_url), "vectors": vecs})
        return vecs

    async def _embedding_client(self) -> Any:
        if self._eclient is None:
            src = self.client
            if isinstance(src, openai.AsyncOpenAI) or not callable(src):
                self._eclient, self._eowned = src, False
            else:
                made = src()
                self._eclient = await made if inspect.isawaitable(made) else made
                self._eowned = True
        return self._eclient

    async def _embed(self, texts: list[str]) -> list[list[float]]:
        client = await self._embedding_client()
        model = self.options.embedding_model.strip()
        attempt = 0
        while True:
            self._embedding_calls += 1
            try:
                resp = await client.embeddings.create(model=model, input=texts, timeout=self.settings.timeout)
                data = sorted(resp.data, key=lambda d: d.index)
                if len(data) != len(texts):
                    raise _EmbeddingsFailed(say("style.embeddings_count", n=len(data), texts=len(texts)))
                return [list(d.embedding) for d in data]
            except (_EmbeddingsFailed, asyncio.CancelledError):
                raise
            except Exception as e:
                status = getattr(e, "status_code", None)
                said = f"{getattr(e, 'message', '')} {getattr(e, 'body', '')}".lower()
                if status in FALLBACK_STATUSES or "not support" in said:
                    url = normalize_base_url(self.settings.base_url)
                    raise _NoEmbeddings(say("style.no_embeddings_http", model=model, url=url, status=status)
                                        if status else say("style.no_embeddings", model=model, url=url)) from e
                reason = describe_error(e, self.settings)
                attempt += 1
                if not is_retryable(e) or attempt > EMBED_RETRIES:
                    raise _EmbeddingsFailed(say("style.embeddings_failed", reason=reason)) from e
                base = float(self.runner_options.get("backoff_base", 1.0))
                await asyncio.sleep(min(30.0, base * 2 ** (attempt - 1)))

    # ---- tally and reconcile -------------------------------------------------------------
    def _load_tally(self, job_id: int) -> None:
        """Verdicts and accepted replies of the job's samples so far (blocking)."""
        from core.store import SampleFilter

        rows = []
        for s in self.store.iter_samples(SampleFilter(kind="sft")):
            m = s.meta
            if m.get("flow") == "style" and m.get("job_id") == job_id:
                rows.append((s.id, m.get("style_ok"), m.get("check"), s.turns[-1].text if s.turns else ""))
        for sid, ok, check, text in sorted(rows, key=lambda r: r[0]):
            if ok:
                self._tally["accepted"] += 1
                self._accepted_texts.append(text)
                self._accepted_ids.append(sid)
            else:
                self._tally[check if check in CHECKS else "other"] += 1
        self._have = self.store.sample_job_items(job_id)

    def _unsampled(self, job_id: int) -> list[_Arrival]:
        """Done reply items without a sample (a crash, or a stop, between answer and verdict)."""
        out: list[_Arrival] = []
        after = 0
        while rows := self.store.done_items(job_id, after_id=after, limit=PAGE):
            after = rows[-1]["id"]
            out.extend(_Arrival(r["id"], r["output"] or {}, (r["input"] or {}).get("meta") or {})
                       for r in rows if r["id"] not in self._have)
        return out

    async def _reconcile(self, job_id: int) -> None:
        missing = await asyncio.to_thread(self._unsampled, job_id)
        if missing:
            log.info("style replies job %s: validating %s stored reply/replies without a sample", job_id,
                     len(missing))
            self._arrivals.extend(missing)
            await self._settle()

    # ---- run -----------------------------------------------------------------------------
    async def _run_stage(self, stage: str, job_id: int, retry_failed: bool, validate: Any = None) -> RunSummary:
        if stage != "replies":
            return await super()._run_stage(stage, job_id, retry_failed, validate)
        saved = self.settings
        self.settings = self._reply_settings(self._run_preset)  # the style's temperature
        try:
            return await super()._run_stage(stage, job_id, retry_failed, None)  # plain text
        finally:
            self.settings = saved

    async def _run(self, retry_failed: bool) -> StyleResult:
        problems = await asyncio.to_thread(self.validate)
        if problems:
            raise InputError(" ".join(problems))
        self._reset_run_state()
        try:
            return await self._run_checked(retry_failed)
        finally:
            if self._vtask is not None and not self._vtask.done():
                self._vtask.cancel()
                await asyncio.gather(self._vtask, return_exceptions=True)
            if self._eowned and self._eclient is not None:
                try:
                    await self._eclient.close()
                except Exception:
                    log.debug("closing the embeddings client failed", exc_info=True)
            self._eclient = None

    async def _run_checked(self, retry_failed: bool) -> StyleResult:
        o = self.options
        preset = self._run_preset = self.preset()
        budget = o.attempts()
        self._mode = EMBEDDINGS if o.embedding_model.strip() else LEXICAL
        self._note = "" if self._mode == EMBEDDINGS else say("style.no_embedding_model").encode()
        it = self.inputs_template() if o.generate_inputs else None
        params = {"style": preset.name, "style_digest": preset.digest(), "count": o.count, "max_attempts": budget,
                  "generate_inputs": o.generate_inputs, "topics": o.topics if o.generate_inputs else "",
                  "embedding_model": o.embedding_model.strip(), "lang": o.lang, "inputs": len(o.inputs)}
        self._made = self.provenance(it, **params)
        self._made["temperature"] = preset.temperature
        result = StyleResult(style=preset.name)
        summaries: list[RunSummary] = []

        rparams = self._replies_params(preset)
        rjob = self._find_job("style_replies", rparams)
        self._job_id = rjob or 0
        if rjob is not None:
            await asyncio.to_thread(self._load_tally, rjob)
            await self._reconcile(rjob)  # a crash may have left replies without their verdict
        self._emit("on_style_progress", self._tally["accepted"], self._attempted())

        # 1. inputs: enough unused ones for the rest of the attempt budget
        pool = self.pool()
        used: set[str] = set()
        if rjob is not None:
            used = {r["key"] for r in await asyncio.to_thread(self._items, rjob)}
        generated: list[str] = []
        if o.generate_inputs:
            if self._tally["accepted"] < o.count and not self._halt:
                generated, result.input_duplicates = await self._inputs_stage(
                    pool, used, budget - len(used), retry_failed, summaries)
            else:
                ijob = self._find_job("style_inputs", self._inputs_params(self.inputs_template()))
                generated, result.input_duplicates = await asyncio.to_thread(self._generated, ijob, pool)
        result.inputs, result.generated_inputs = len(pool) + len(generated), len(generated)
        fresh = [(t, origin) for t, origin in [(t, "pool") for t in pool] + [(t, "generated") for t in generated]
                 if _input_key(t) not in used]

        # 2. replies, in rounds of exactly the missing count
        first = True
        stopped = ""
        while not stopped:
            if self._halt:
                stopped = STOP_ERROR
            elif self._cancelled:
                stopped = STOP_CANCELLED
            elif self._tally["accepted"] >= o.count:
                stopped = STOP_COUNT
            if stopped:
                break
            need = o.count - self._tally["accepted"]
            if rjob is not None:
                counts = self.store.job_counts(rjob)
                waiting = counts["pending"] + (counts["failed"] if retry_failed and first else 0)
                total = sum(counts.values())
            else:
                waiting = total = 0
            take = max(0, min(need - waiting, budget - total, len(fresh)))
            if take == 0 and waiting == 0:
                stopped = STOP_ATTEMPTS if total >= budget else STOP_INPUTS
                break
            if rjob is None:
                rjob = self._create_job("style_replies", f"Style replies · {preset.name}", rparams)
                self._job_id = rjob
            batch, fresh = fresh[:take], fresh[take:]
            specs = [JobItemSpec(_input_key(t), self._reply_messages(preset, t), {"input": t, "origin": origin})
                     for t, origin in batch]
            await asyncio.to_thread(add_items, self.store, rjob, specs)
            if not await self._gate():
                continue
            summary = await self._run_stage("replies", rjob, retry_failed and first)
            summaries.append(summary)
            first = False
            await self._settle()
            if summary.cancelled and not self._halt and not self._cancelled:
                stopped = STOP_CANCELLED
            elif summary.done_now == 0 and summary.failed_now > 0 and not self._halt:
                stopped = STOP_FAILED  # every request of the round failed: asking more would too
            elif summary.waiting and summary.done_now == 0 and not self._halt:
                stopped = STOP_BATCH  # nothing of the round is back yet: another round would only poll

        if rjob is not None and not self._halt:
            await self._reconcile(rjob)
        if self._halt:
            stopped = STOP_ERROR
        result.stopped = stopped
        result.error = self._halt
        result.accepted = self._tally["accepted"]
        result.attempted = self._attempted()
        result.rejected = {k: v for k, v in self._tally.items() if k != "accepted" and v}
        result.requests = sum(self.store.job_counts(rjob).values()) if rjob is not None else 0
        result.samples = self._new_samples
        result.similarity = self._mode if self._embedding_calls or self._new_samples else ""
        if result.similarity == LEXICAL:
            result.similarity_note = self._note
        failed = await asyncio.to_thread(self.failed_items)
        result.failed = [(stage, key, reason) for stage, _, key, reason in failed]
        result.echoes = self.echoes(result.failed) + self._tally["echo"]
        result.cancelled = stopped in (STOP_CANCELLED, STOP_ERROR)
        result.cost = sum(s.cost for s in summaries)
        result.calls = sum(s.calls for s in summaries)
        result.cached = sum(s.cached for s in summaries)
        result.embedding_calls = self._embedding_calls
        return result


JOB_KINDS = ("style_inputs", "style_replies")


def unfinished_work(store: Any) -> tuple[int, int]:
    """(pending, failed) items of this flow's jobs (see :func:`core.flows.staged.unfinished_work`)."""
    return staged.unfinished_work(store, JOB_KINDS)
