"""Export messages. (code → (Chinese, English))"""

MESSAGES = {
    "export.none_accepted": (
        "没有可导出的内容：项目“{project}”里还没有已接受的样本。请先在审阅页接受一些，或在导出时选择“全部未拒绝的”把待审的也包括进来。",
        "Nothing to export: project “{project}” has no accepted samples yet. Accept some in Review, "
        "or choose “all non-rejected” to include pending ones.",
    ),
    # {kind} is a sample kind as the user picked it (sft, dialogue, pretrain)
    "export.none_accepted_kind": (
        "没有可导出的内容：项目“{project}”里还没有已接受的 {kind} 样本。请先在审阅页接受一些，或在导出时选择“全部未拒绝的”。",
        "Nothing to export: project “{project}” has no accepted {kind} samples yet. Accept some in Review, "
        "or choose “all non-rejected” to include pending ones.",
    ),
    "cli.export.none_accepted": (
        "没有可导出的内容：项目“{project}”里还没有已接受的样本。请先接受一些（应用的审阅页），或加 --all 把待审的也导出。",
        "Nothing to export: project “{project}” has no accepted samples yet. Accept some (Review in the app), "
        "or add --all to export pending ones too.",
    ),
    "cli.export.none_accepted_kind": (
        "没有可导出的内容：项目“{project}”里还没有已接受的 {kind} 样本。请先接受一些（应用的审阅页），或加 --all 把待审的也导出。",
        "Nothing to export: project “{project}” has no accepted {kind} samples yet. Accept some (Review in the app), "
        "or add --all to export pending ones too.",
    ),
}
