"""Bilibili video comments → raw comment trees → dialogue samples. Headless (httpx, no Qt).

- :mod:`.ids` — the inputs users paste, BV ↔ av (local), per-line errors;
- :mod:`.wbi` — WBI request signing;
- :mod:`.client` — the polite httpx client: pacing, backoff, error codes, cookies;
- :mod:`.crawl` — resumable, incremental crawling into the project store;
- :mod:`.dialogues` — stored comments → cleaned ``dialogue`` samples.
"""

from core.sources.bilibili.client import (
    ANONYMOUS_LIMITS,
    BilibiliError,
    BiliClient,
    Politeness,
    forget_cookies,
    parse_cookies,
    save_cookies,
    saved_cookies,
)
from core.sources.bilibili.crawl import (
    CrawlBatchReport,
    CrawlEvents,
    CrawlProgress,
    CrawlReport,
    crawl_comments,
    crawl_videos,
    status_message,
)
from core.sources.bilibili.dialogues import DialogueOptions, DialogueReport, build_dialogues, clean_comment
from core.sources.bilibili.ids import LineError, VideoRef, av_to_bv, bv_to_av, parse_inputs, parse_video

__all__ = [
    "ANONYMOUS_LIMITS", "BiliClient", "BilibiliError", "CrawlBatchReport", "CrawlEvents", "CrawlProgress",
    "CrawlReport", "DialogueOptions", "DialogueReport", "LineError", "Politeness", "VideoRef", "av_to_bv",
    "build_dialogues", "bv_to_av", "clean_comment", "crawl_comments", "crawl_videos", "forget_cookies",
    "parse_cookies", "parse_inputs", "parse_video", "save_cookies", "saved_cookies", "status_message",
]
