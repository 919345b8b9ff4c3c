"""A judged sample the user edits loses its score: the verdict was about the text it read. Review's
score column and filters, the threshold and the quality report stop counting it; the next judge run
scores the new text with one call; unedited samples keep their verdicts and cost nothing."""

from __future__ import annotations

import pytest
from test_judge import QA_SCORES, build_project, judge, judge_server, mark

from core.flows.judge import apply_threshold
from core.messages import set_language
from core.report.counts import build_report
from core.settings import AppSettings
from core.store import SampleFilter, Store
from ui.main_window import MainWindow
from ui.models.samples_table import SCORE_COLUMN


@pytest.fixture
def server():
    with judge_server() as s:
        yield s


@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "judge.corpus") as st:
        yield st


def score_row(store: Store, sid: int):
    return store.rows([sid])[sid][-1]  # Review's score column (ROW_COLUMNS ends with "score")


def test_an_edited_sample_loses_its_score_until_judged_again(store, server):
    ids = build_project(store)
    judge(store, server)
    assert server.calls == 10
    edited_id, kept_id, rejected_id = ids["qa"][4], ids["qa"][0], ids["qa"][3]  # scored 1, 5, 2
    kept_verdict = store.get_sample(kept_id).meta["judge"]

    # a status or reason change alone keeps the verdict (same text)
    store.set_status([rejected_id], "rejected", "审阅时拒绝")
    same = store.get_sample(kept_id)
    same.status = "accepted"
    store.update_sample(same)
    assert store.get_sample(kept_id).meta["judge"] == kept_verdict and score_row(store, kept_id) == 5

    edited = store.get_sample(edited_id)
    edited.turns[0].text = edited.turns[0].text.replace("[score 1]", "[score 4]")
    store.update_sample(edited)
    assert "judge" not in edited.meta and "judge" not in store.get_sample(edited_id).meta
    rejected = store.get_sample(rejected_id)  # the user rejected it, then edits it: still rejected
    rejected.system = "你是掌柜。"
    store.update_sample(rejected)
    after = store.get_sample(rejected_id)
    assert "judge" not in after.meta and (after.status, after.reason) == ("rejected", "审阅时拒绝")

    # Review: score column, score filters and counts
    assert score_row(store, edited_id) is None and score_row(store, rejected_id) is None
    unjudged = set(store.query_ids(SampleFilter(judged=False)))
    assert unjudged == {edited_id, rejected_id, *ids["plain"]}
    assert edited_id not in store.query_ids(SampleFilter(max_score=2))
    assert store.score_counts() == {None: 3, 2: 1, 3: 2, 4: 3, 5: 2}  # the only 1 was the edited one
    # the threshold does not reject on the old score
    report = apply_threshold(store, 2)
    assert report.rejected == 0 and store.get_sample(edited_id).status == "pending"
    # the quality report's score distribution
    total = build_report(store).total
    assert total.judged == 8 and total.scores == {1: 0, 2: 1, 3: 2, 4: 3, 5: 2}

    # judged again: only the two changed texts are asked about
    _, again = judge(store, server, flt=SampleFilter())  # every status, so the rejected one too
    assert server.calls == 12 and again.judged_now == 2 and again.calls == 2
    assert store.get_sample(edited_id).meta["judge"]["score"] == mark(store.get_sample(edited_id)) == 4
    assert score_row(store, rejected_id) == QA_SCORES[3]
    assert store.get_sample(kept_id).meta["judge"] == kept_verdict  # unedited: untouched, not re-asked
    assert build_report(store).total.judged == 10
    assert store.get_sample(rejected_id).status == "rejected"


def test_the_review_editor_drops_the_score_it_shows(qtbot, tmp_path, server):
    path = tmp_path / "review.corpus"
    with Store.create(path) as st:
        ids = build_project(st)
        judge(st, server)
    set_language("zh")
    w = MainWindow(AppSettings())
    qtbot.addWidget(w)
    w.resize(1400, 820)
    w.show()
    assert w.open_project(path)
    page = w.review
    row = next(r for r in range(page.model.rowCount()) if page.model.sample_id(r) == ids["qa"][1])
    page.table.selectRow(row)
    assert page.model.index(row, SCORE_COLUMN).data() == str(QA_SCORES[1])
    assert page.editor.origin.toPlainText().startswith("AI 评分")

    page.editor.turn_editors()[1].text.setPlainText("悦来客栈，卯时开门。")
    page.editor.save_button.click()
    assert page.model.index(row, SCORE_COLUMN).data() == ""
    assert "AI 评分" not in page.editor.origin.toPlainText()
    page.score_filter.setCurrentIndex(page.score_filter.findText("未评分"))
    assert {page.model.sample_id(r) for r in range(page.model.rowCount())} == {ids["qa"][1], *ids["plain"]}
    w.review.grab().save("/tmp/review_judge_edit.png")
