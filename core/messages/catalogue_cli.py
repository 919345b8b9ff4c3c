"""What the headless commands print around core's own messages. (code → (Chinese, English))"""

MESSAGES = {
    "cli.error": ("错误：{message}", "error: {message}"),
    "cli.interrupted": ("已中断；已完成的部分都保存在项目里", "interrupted; finished work is saved in the project"),
    "cli.progress": ("{label}进度：{done}/{total}", "{label}: {done}/{total}"),
    "cli.progress.export": ("导出", "export"),
    # stats
    "cli.stats.project": ("项目：{path}", "project: {path}"),
    "cli.stats.samples": ("样本：{n}", "samples: {n}"),
    "cli.stats.by_status": ("按状态：", "by status:"),
    "cli.stats.by_kind": ("按类型：", "by kind:"),
    "cli.stats.by_source": ("按来源：", "by source:"),
    "cli.stats.chars": ("每条样本的字数：最少 {min}，平均 {mean:.0f}，最多 {max}",
                        "characters per sample: min {min}, mean {mean:.0f}, max {max}"),
    "cli.stats.status.pending": ("待审", "pending"),
    "cli.stats.status.accepted": ("已接受", "accepted"),
    "cli.stats.status.rejected": ("已拒绝", "rejected"),
    # a sample kind as the user meets it, with the name --kind takes
    "cli.stats.kind.sft": ("问答（sft）", "sft"),
    "cli.stats.kind.dialogue": ("多轮对话（dialogue）", "dialogue"),
    "cli.stats.kind.pretrain": ("预训练文本（pretrain）", "pretrain"),
    "cli.stats.no_source": ("（无来源）", "(none)"),
    # export
    "cli.export.skipped_sample": ("  跳过样本 #{id}：{reason}", "  skipped sample #{id}: {reason}"),
    # import
    "cli.import.progress": ("导入：{percent}%", "import: {percent}%"),
    "cli.import.note": ("提示：{note}", "note: {note}"),
    "cli.import.failed_count": ("{total} 个文件中有 {n} 个没有导入", "{n} of {total} file(s) not imported"),
}
