"""Job, job-item and LLM-cache tables: what makes a job resumable and a re-run free."""

from __future__ import annotations


class JobsMixin:
    """Methods of Store for jobs, job items and the LLM response cache.

    Uses Store's `_tx()` (one write transaction) and `_q(sql, args)` (a read).
    """
