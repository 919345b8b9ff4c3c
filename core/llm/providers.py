"""OpenAI-compatible provider presets and the settings of one LLM connection.

Settings never hold the API key: it lives in keyring (see core/llm/secrets.py), looked up by
the provider profile's name.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class BatchTerms:
    """A provider's OpenAI-compatible Batch API (a JSONL of requests uploaded, a batch created,
    polled, its output file downloaded): the price as a share of the realtime price, and the
    limits of one input file (a larger run is split into several batches)."""

    max_lines: int = 50_000
    max_bytes: int = 100 * 1024 * 1024
    price_factor: float = 0.5
    window: str = "24h"


@dataclass(frozen=True)
class ProviderPreset:
    name: str
    base_url: str
    models: tuple[str, ...] = ()
    supports_json_mode: bool = True  # accepts response_format={"type": "json_object"}
    needs_key: bool = True  # local servers accept any key
    # an OpenAI-compatible Batch API (half price, within 24 h): its terms; None = none
    batch: BatchTerms | None = None
    # prices by the hour (core/llm/timeprices.py): {"tz", "windows": [{"start", "end", "factor"}]}
    # times the service's own prices; a service copies it when the user edits it
    time_prices: dict[str, Any] | None = field(default=None, hash=False, compare=False)


# DeepSeek (from its V4 release, July 2026): twice the off-peak rate in two Beijing daytime windows,
# for input (cache hit and miss) and output alike. Prices change: this is data the user edits.
DEEPSEEK_TIME_PRICES = {"tz": "Asia/Shanghai", "windows": [{"start": "09:00", "end": "12:00", "factor": 2.0},
                                                           {"start": "14:00", "end": "18:00", "factor": 2.0}]}

# In the order a user in mainland China meets them: the domestic clouds first (DeepSeek, the
# first choice for a new user: cheap, fast, reachable without a proxy), then OpenAI, then servers
# on the user's own machine, then any other OpenAI-compatible URL.
PRESETS: tuple[ProviderPreset, ...] = (
    ProviderPreset("DeepSeek", "https://api.deepseek.com/v1", ("deepseek-chat", "deepseek-reasoner"),
                   time_prices=DEEPSEEK_TIME_PRICES),
    ProviderPreset("Qwen (DashScope)", "https://dashscope.aliyuncs.com/compatible-mode/v1",
                   ("qwen-plus", "qwen-turbo", "qwen-max"), batch=BatchTerms()),
    ProviderPreset("SiliconFlow", "https://api.siliconflow.cn/v1",
                   ("deepseek-ai/DeepSeek-V3", "Qwen/Qwen2.5-72B-Instruct", "Qwen/Qwen2.5-7B-Instruct",
                    "THUDM/glm-4-9b-chat"), batch=BatchTerms(max_lines=5_000, max_bytes=1024 ** 3)),
    ProviderPreset("Zhipu GLM", "https://open.bigmodel.cn/api/paas/v4",
                   ("glm-4-flash", "glm-4-air", "glm-4-plus"), batch=BatchTerms()),
    ProviderPreset("Moonshot", "https://api.moonshot.cn/v1",
                   ("moonshot-v1-8k", "moonshot-v1-32k", "moonshot-v1-128k")),
    ProviderPreset("iFlytek Spark", "https://spark-api-open.xf-yun.com/v1",
                   ("lite", "generalv3", "pro-128k", "generalv3.5", "max-32k", "4.0Ultra"),
                   supports_json_mode=False),
    ProviderPreset("OpenAI", "https://api.openai.com/v1",
                   ("gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "gpt-4.1"), batch=BatchTerms()),
    ProviderPreset("Ollama", "http://localhost:11434/v1", ("qwen2.5:7b", "llama3.1:8b"), needs_key=False),
    ProviderPreset("LM Studio", "http://localhost:1234/v1", (), supports_json_mode=False, needs_key=False),
    ProviderPreset("vLLM", "http://localhost:8000/v1", (), needs_key=False),
    ProviderPreset("llama.cpp", "http://localhost:8080/v1", (), needs_key=False),
    ProviderPreset("Custom", "", (), supports_json_mode=True, needs_key=True),
)

CUSTOM = "Custom"
DEFAULT_PRESET = "DeepSeek"  # a new user's first model service


def preset(name: str) -> ProviderPreset | None:
    for p in PRESETS:
        if p.name == name:
            return p
    return None


def preset_for_url(base_url: str) -> ProviderPreset | None:
    url = normalize_base_url(base_url)
    for p in PRESETS:
        if p.base_url and normalize_base_url(p.base_url) == url:
            return p
    return None


def normalize_base_url(url: str) -> str:
    return url.strip().rstrip("/")


@dataclass
class ProviderSettings:
    """One LLM connection as the runner uses it. Never contains the API key."""

    base_url: str
    model: str
    temperature: float = 0.7
    max_tokens: int = 1024
    concurrency: int = 8
    rpm: int = 0  # requests per minute, 0 = unlimited
    tpm: int = 0  # tokens per minute, 0 = unlimited
    timeout: float = 60.0  # seconds for one request
    price_in_per_m: float = 0.0  # money per million prompt tokens
    price_out_per_m: float = 0.0  # money per million completion tokens
    json_mode: bool = True  # ask for response_format json_object where the provider supports it
    provider: str = ""  # preset name ("" = guess from base_url); decides JSON-mode support
    extra: dict[str, Any] = field(default_factory=dict)  # reserved for provider-specific options
    # prices by the hour (core/llm/timeprices.py): None = the preset's, {} = one price all day
    time_prices: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProviderSettings:
        """Unknown keys (an "api_key" among them) are dropped, never kept."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    @classmethod
    def from_preset(cls, name: str, model: str | None = None, **kw: Any) -> ProviderSettings:
        p = preset(name)
        if p is None:
            raise ValueError(f"unknown provider preset {name!r}")
        return cls(base_url=p.base_url, model=model or (p.models[0] if p.models else ""), provider=name, **kw)

    def preset(self) -> ProviderPreset | None:
        return preset(self.provider) if self.provider else preset_for_url(self.base_url)

    def supports_json_mode(self) -> bool:
        p = self.preset()
        return True if p is None else p.supports_json_mode

    def use_json_mode(self) -> bool:
        """Send response_format json_object: asked for, and the provider is known to take it
        (an unknown server is trusted; the runner drops the option if the server refuses it)."""
        return self.json_mode and self.supports_json_mode()

    def cost(self, tokens_in: int, tokens_out: int) -> float:
        return tokens_in * self.price_in_per_m / 1e6 + tokens_out * self.price_out_per_m / 1e6

    def batch_terms(self, asked: bool = False) -> BatchTerms | None:
        """The Batch API terms of this service: its preset's (None where the provider has no Batch
        API); a custom URL gets the common terms when the user asks for batch mode."""
        p = self.preset()
        if p is not None and p.name != CUSTOM:
            return p.batch
        return BatchTerms() if asked else None

    def cost_at(self, tokens_in: int, tokens_out: int, when: datetime) -> float:
        """What the tokens cost at the price in effect at `when` (time-of-day prices)."""
        from core.llm.timeprices import schedule_of

        schedule = schedule_of(self)
        return self.cost(tokens_in, tokens_out) * (schedule.factor_at(when) if schedule is not None else 1.0)


def key_name(settings: ProviderSettings) -> str:
    """Under which name the API key of these settings is kept in the keyring: the preset's name,
    or the base URL for a custom endpoint (two custom servers must not share one key)."""
    if settings.provider and settings.provider != CUSTOM:
        return settings.provider
    return normalize_base_url(settings.base_url)
