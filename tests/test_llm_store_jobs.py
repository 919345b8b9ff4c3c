"""Store side of jobs: items, idempotent re-adding, failure reasons, the response cache."""

from __future__ import annotations

import pytest

from core.store import Store


@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "j.corpus") as st:
        yield st


def test_items_lifecycle(store):
    job = store.create_job("questions", "Q from chapter 1", {"per_chunk": 3})
    assert store.add_job_items(job, [(f"k{i}", {"messages": [], "i": i}) for i in range(5)]) == 5
    assert store.add_job_items(job, [(f"k{i}", {"changed": True}) for i in range(7)]) == 2  # only new keys
    assert store.job_counts(job) == {"pending": 7, "done": 0, "failed": 0}
    items = store.pending_items(job)
    assert [it["key"] for it in items] == [f"k{i}" for i in range(5)] + ["k5", "k6"]
    assert items[0]["input"] == {"messages": [], "i": 0}  # re-adding did not overwrite
    page = store.pending_items(job, after_id=items[2]["id"], limit=2)
    assert [it["key"] for it in page] == ["k3", "k4"]

    store.finish_item(items[0]["id"], {"content": "答"}, 10, 5, attempts=2)
    store.fail_item(items[1]["id"], "No valid answer after 3 tries: missing field", attempts=3)
    store.fail_item(items[2]["id"], "   ")
    assert store.job_counts(job) == {"pending": 4, "done": 1, "failed": 2}
    failed = store.failed_items(job)
    assert [f["error"] for f in failed] == ["No valid answer after 3 tries: missing field",
                                           "failed (no reason given)"]
    assert len(store.pending_items(job)) == 4 and len(store.pending_items(job, include_failed=True)) == 6
    done = store.done_items(job)
    assert done[0]["output"] == {"content": "答"} and done[0]["tokens_in"] == 10
    assert store.job_item(items[0]["id"])["attempts"] == 2
    assert store.job_tokens(job) == (10, 5)

    assert store.reset_failed(job) == 2
    assert store.job_counts(job) == {"pending": 6, "done": 1, "failed": 0}
    assert store.job_item(items[1]["id"])["error"] == ""

    store.set_job_status(job, "running")
    with pytest.raises(ValueError):
        store.set_job_status(job, "exploded")
    [j] = store.jobs()
    assert (j["name"], j["status"], j["params"], j["pending"], j["done"]) == (
        "Q from chapter 1", "running", {"per_chunk": 3}, 6, 1)
    store.delete_job(job)
    assert store.jobs() == [] and store.job(job) is None


def test_same_key_in_two_jobs_is_two_items(store):
    a, b = store.create_job("x"), store.create_job("x")
    assert store.add_job_items(a, [("k", {})]) == 1 and store.add_job_items(b, [("k", {})]) == 1
    assert [j["id"] for j in store.jobs()] == [b, a]


def test_cache(store):
    assert store.cache_get("h1") is None
    store.cache_put("h1", {"content": "你好", "reasoning": None}, 12, 3)
    assert store.cache_get("h1") == {"response": {"content": "你好", "reasoning": None}, "tokens_in": 12,
                                     "tokens_out": 3}
    store.cache_put("h1", {"content": "v2"}, 1, 1)
    assert store.cache_get("h1")["response"] == {"content": "v2"}
    store.cache_put("h2", {"content": "x"})
    assert store.cache_size() == 2
    assert store.cache_delete(["h1", "nope"]) == 1 and store.cache_delete([]) == 0
    assert store.cache_get("h1") is None and store.clear_cache() == 1
