"""LLM access: provider presets, keys, the client, rate limits, parsing and the job runner.

Headless (no Qt): the UI listens to the runner through RunnerEvents.
"""

from core.llm.client import describe_error, make_client, test_connection
from core.llm.limits import RateLimiter, estimate_message_tokens, estimate_tokens
from core.llm.parse import check_shape, json_validator, parse_json, shape_validator
from core.llm.providers import PRESETS, ProviderPreset, ProviderSettings, preset
from core.llm.runner import (
    JobItemSpec,
    ProgressSnapshot,
    Runner,
    RunnerEvents,
    RunSummary,
    add_items,
    cache_key,
    estimate_cost,
)
from core.llm.secrets import (
    SecretFilter,
    delete_api_key,
    get_api_key,
    install_secret_filter,
    redact,
    secrets_backend_notice,
    set_api_key,
)

__all__ = [
    "PRESETS",
    "JobItemSpec",
    "ProgressSnapshot",
    "ProviderPreset",
    "ProviderSettings",
    "RateLimiter",
    "RunSummary",
    "Runner",
    "RunnerEvents",
    "SecretFilter",
    "add_items",
    "cache_key",
    "check_shape",
    "delete_api_key",
    "describe_error",
    "estimate_cost",
    "estimate_message_tokens",
    "estimate_tokens",
    "get_api_key",
    "install_secret_filter",
    "json_validator",
    "make_client",
    "parse_json",
    "preset",
    "redact",
    "secrets_backend_notice",
    "set_api_key",
    "shape_validator",
    "test_connection",
]
