"""Review → 质量筛查: rule counts before any change, applying with reasons, near-duplicate groups
where the user chooses the one to keep."""

from __future__ import annotations

from core.messages import render
from core.model import Sample
from core.store import SampleFilter, Store
from ui.widgets.quality_dialog import QualityDialog

BASE = "林晚在洛阳开了一家客栈，名叫悦来，伙计阿福每天早上擦桌子，掌柜的账本记得清清楚楚。"


def test_rules_are_counted_first_then_applied_with_reasons(qtbot, tmp_path, qt_run):
    with Store(tmp_path / "q.corpus", create=True) as store:
        store.add_samples([
            Sample.qa("好", "嗯"),  # too short
            Sample.qa("客栈叫什么名字？", "作为一个AI，我无法回答这个问题。"),  # refusal
            Sample.qa("客栈在哪里？", "客栈在洛阳城东，门口有两棵槐树。"),  # fine
            Sample.qa("客栈的伙计每天做什么？", BASE),  # fine
            Sample.qa("客栈的伙计每天做什么？", BASE.replace("早上", "晚上")),  # a near copy of the one above
        ])
        dialog = QualityDialog(store)
        qtbot.addWidget(dialog)
        hits = qt_run(dialog.scan_rules())
        assert [h.sample_id for h in hits["too_short"]] == [1] and [h.sample_id for h in hits["refusal"]] == [2]
        assert store.count(SampleFilter(statuses=("rejected",))) == 0  # counting changed nothing
        assert "太短：1 条" in dialog.rules_result.text()
        assert qt_run(dialog.apply_rules()) == 2
        reasons = {s.id: s.reason for s in store.iter_samples(SampleFilter(statuses=("rejected",)))}
        # stored as codes: the reader's language decides how they read
        assert render(reasons[1], "en").startswith("too_short: ") and render(reasons[2], "en").startswith("refusal: ")
        assert render(reasons[1], "zh").startswith("太短：") and render(reasons[2], "zh").startswith("拒答或自称 AI：")

        groups = qt_run(dialog.find_groups())
        assert [sorted(g.ids) for g in groups] == [[4, 5]]
        top = dialog.groups.topLevelItem(0)
        assert top.childCount() == 2
        # unticking every member dismisses the group: nothing is rejected
        for i in range(2):
            top.child(i).setCheckState(0, top.child(i).checkState(0).Unchecked)
        assert dialog.kept() == {} and qt_run(dialog.keep_one()) == 0
        groups = qt_run(dialog.find_groups())
        top = dialog.groups.topLevelItem(0)
        # the user keeps the other member: checking it unchecks the suggested one
        other = next(top.child(i) for i in range(2) if top.child(i).data(0, 0x0100) != groups[0].keep)
        other.setCheckState(0, other.checkState(0).Checked)
        kept = other.data(0, 0x0100)
        assert dialog.kept() == {groups[0].ids[0]: kept}
        assert qt_run(dialog.keep_one()) == 1
        gone = next(s for s in store.iter_samples(SampleFilter(statuses=("rejected",))) if s.id in (4, 5))
        assert gone.id != kept and render(gone.reason, "en").startswith(f"near-duplicate of #{kept}")
        assert dialog.changed
