"""What the Export page says about a format (who reads it) and about a finished export (the counts).

The hints say only what shared/formats/exports.md and the writer establish: which trainer reads
the format, and whether LLaMA-Factory's dataset_info.json can describe it.
"""

from __future__ import annotations

from collections import defaultdict

from core.export import ExportOptions, ExportReport
from core.messages import render
from ui.qt import QCoreApplication

_IDS_SHOWN = 5  # sample numbers listed per reason; the Review page finds the rest by reason
_ROWS_SHOWN = 50  # over-limit samples listed one by one


def format_hint(fmt: str) -> str:
    """One line: which trainer or platform reads this format."""
    hints = {
        "alpaca": QCoreApplication.translate(
            "ExportHelp",
            "谁来读：LLaMA-Factory（alpaca 格式：instruction 指令 / input 输入 / output 回答），最常见的问答格式。"),
        "sharegpt": QCoreApplication.translate(
            "ExportHelp",
            "谁来读：LLaMA-Factory（sharegpt 格式：conversations 里 human 与 gpt 轮流说话），适合多轮对话。"),
        "openai": QCoreApplication.translate(
            "ExportHelp",
            "谁来读：OpenAI 等在线微调平台和 XTuner 新版（都要 JSON Lines，一行一条）；LLaMA-Factory 也能读。"),
        "xtuner": QCoreApplication.translate(
            "ExportHelp", "谁来读：XTuner（conversation 格式，JSON 数组）。LLaMA-Factory 不读这种格式。"),
        "aquila": QCoreApplication.translate(
            "ExportHelp", "Aquila 格式：每轮写明说话人的名字（群聊、剧本里的角色）。LLaMA-Factory 不读这种格式。"),
        "csv": QCoreApplication.translate(
            "ExportHelp",
            "两列 input（问）和 target（答）：表格软件能直接打开，也用于要求上传 CSV 的平台；LLaMA-Factory 也能读。"),
    }
    return hints.get(fmt, "")


def dataset_info_off_reason(fmt: str) -> str:
    text = QCoreApplication.translate("ExportHelp", "LLaMA-Factory 不读 {0} 格式，所以不写 dataset_info.json。")
    return text.format(fmt)


def _n(count: int) -> str:
    return f"{count:,}"


def _bullet(text: str) -> str:
    return "  • " + text


def _ids(ids: list[int]) -> str:
    shown = QCoreApplication.translate("ExportHelp", "、").join(f"#{i}" for i in ids[:_IDS_SHOWN])
    return shown + (QCoreApplication.translate("ExportHelp", " 等") if len(ids) > _IDS_SHOWN else "")


def _grouped(items: list[tuple[int, str]]) -> list[str]:
    """One line per reason, most frequent first: "• reason：3 条（#1、#4、#9）"."""
    by_reason: dict[str, list[int]] = defaultdict(list)
    for sample_id, why in items:
        by_reason[render(why)].append(sample_id)
    ordered = sorted(by_reason.items(), key=lambda kv: -len(kv[1]))
    line = QCoreApplication.translate("ExportHelp", "{0}：{1} 条（{2}）")
    return [_bullet(line.format(why, _n(len(ids)), _ids(ids))) for why, ids in ordered]


def report_lines(report: ExportReport, options: ExportOptions) -> list[str]:
    """The export's counts as a list: written (per file), repaired, skipped with reasons, rows over
    the length limit, masked values, repeated rows, dataset_info.json and other notes."""
    if not report.files:
        return [QCoreApplication.translate("ExportHelp", "没有写入任何文件。")]
    lines = [QCoreApplication.translate("ExportHelp", "已写入：{0} 条").format(_n(report.written))]
    if report.test and len(report.files) == 2:
        train, test = report.files
        train_line = QCoreApplication.translate("ExportHelp", "训练集 {0} 条：{1}")
        test_line = QCoreApplication.translate("ExportHelp", "测试集 {0} 条：{1}")
        lines += [_bullet(train_line.format(_n(report.train), train)), _bullet(test_line.format(_n(report.test), test))]
    else:
        lines += [_bullet(str(path)) for path in report.files]
    if report.repaired:
        lines.append(QCoreApplication.translate("ExportHelp", "修复后写入：{0} 条").format(_n(len(report.repaired))))
        lines += _grouped(report.repaired)
    # samples over the length limit left out are also skips: listed once, under the limit
    long_left_out = options.over_cap == "skip"
    over_ids = {i for i, _ in report.over_cap} if long_left_out else set()
    if report.skipped:
        skipped = QCoreApplication.translate("ExportHelp", "跳过（未写入）：{0} 条")
        lines.append(skipped.format(_n(len(report.skipped))))
        other = [(i, why) for i, why in report.skipped if i not in over_ids]
        lines += _grouped(other)
        if len(other) < len(report.skipped):
            too_long = QCoreApplication.translate("ExportHelp", "超过长度上限：{0} 条（见下）")
            lines.append(_bullet(too_long.format(_n(len(report.skipped) - len(other)))))
    if report.over_cap:
        if long_left_out:
            head = QCoreApplication.translate("ExportHelp", "超过每行长度上限（{0} 字）：{1} 条，未写入")
        else:
            head = QCoreApplication.translate("ExportHelp", "超过每行长度上限（{0} 字）：{1} 条，仍已写入")
        lines.append(head.format(_n(options.char_cap), _n(len(report.over_cap))))
        row = QCoreApplication.translate("ExportHelp", "#{0}：{1} 字")
        lines += [_bullet(row.format(i, _n(n))) for i, n in report.over_cap[:_ROWS_SHOWN]]
        if len(report.over_cap) > _ROWS_SHOWN:
            more = QCoreApplication.translate("ExportHelp", "……另有 {0} 条")
            lines.append(_bullet(more.format(_n(len(report.over_cap) - _ROWS_SHOWN))))
    if any(report.masked.values()):
        from core.text.masking import masked_counts_list

        masked = QCoreApplication.translate("ExportHelp", "已脱敏：{0}")
        lines.append(masked.format(masked_counts_list(report.masked)))
    if report.repeated:
        where = report.metadata.name if report.metadata else ""
        repeated = QCoreApplication.translate("ExportHelp", "按要求重复的行：{0} 行（记录在 {1}）")
        lines.append(repeated.format(_n(report.repeated), where))
    if report.dataset_info:
        registered = QCoreApplication.translate("ExportHelp", "已登记到 LLaMA-Factory：{0}")
        lines.append(registered.format(report.dataset_info))
    if report.notes:
        lines.append(QCoreApplication.translate("ExportHelp", "说明："))
        lines += [_bullet(render(note)) for note in report.notes]
    return lines
