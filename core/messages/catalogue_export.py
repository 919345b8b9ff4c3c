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
    # ---- the report after writing ----
    "export.nothing_written": ("没有写入任何文件。", "Nothing was written."),
    "export.wrote": ("已把 {n:,} 条样本写入 {file}。", "Wrote {n:,} samples to {file}."),
    "export.wrote_split": ("已把 {n:,} 条样本写入 {folder}：{train:,} 条训练用，在 {train_file}；{test:,} 条测试用，在 {test_file}。",
                           "Wrote {n:,} samples to {folder}: {train:,} for training in {train_file}, "
                           "{test:,} for testing in {test_file}."),
    "export.repaired_some": ("写入前修复了 {n:,} 条样本，例如 {examples}。",
                             "Repaired {n:,} samples before writing, e.g. {examples}."),
    "export.skipped_some": ("跳过了 {n:,} 条无法用于训练的样本（没有写入），例如 {examples}。请在审阅页修改后重新导出。",
                            "Skipped {n:,} samples that would not train (not written), e.g. {examples}. "
                            "Fix them in Review and export again."),
    "export.over_cap_some": (
        "有 {n:,} 条样本超过了平台的长度上限，例如 {examples}。可以先做摘要（群聊：摘要），或切得更短（更短的会话），"
        "或在导出时选择不写入超长的样本。",
        "{n:,} samples are longer than the platform limit, e.g. {examples}. Summarise them (Group chat: "
        "summary pass) or split them (shorter sessions), or leave them out with the over-limit option.",
    ),
    "export.example": ("样本 #{id}：{why}", "#{id}: {why}"),
    "export.examples_more": ("（还有 {n:,} 条）", "(and {n:,} more)"),
    "export.chars": ("{n:,} 字", "{n:,} characters"),
    "export.repeated": ("按要求重复了若干行以达到最少行数：共补了 {n:,} 行（记录在 {file}）。",
                        "Rows repeated on request to reach the minimum: {n:,} copies added (recorded in {file})."),
    "export.registered": ("LLaMA-Factory：已在 {path} 里登记 {names}。", "LLaMA-Factory: registered {names} in {path}."),
    # ---- notes in the report ----
    "export.note.pretrain_left_out": ("有 {n:,} 条预训练文本样本没有放进这个对话文件；请把类型选为 pretrain 单独导出",
                                      "{n:,} pretrain text samples were left out of this conversation file; "
                                      "export them on their own with kind pretrain"),
    "export.note.no_dataset_info": ("{format}：LLaMA-Factory 不读这种格式，所以没有写 dataset_info 条目",
                                    "{format}: LLaMA-Factory does not read this format; no dataset_info entry"),
    "export.note.csv_jsonl": ("csv：“JSON Lines”选项对 CSV 不起作用", "csv: the JSON Lines option does not apply to CSV"),
    "export.note.split_empty": ("{split}部分是空的（{why}），没有写 {file}。",
                                "The {split} split is empty ({why}); {file} was not written."),
    "export.split.train": ("训练", "train"),
    "export.split.test": ("测试", "test"),
    "export.split_why.one_sample": ("只选中了 1 条样本", "only 1 sample selected"),
    "export.split_why.all_skipped": ("分到这一部分的样本都被跳过了", "every sample drawn for it was skipped"),
    "export.note.history_moved": ("alpaca JSON Lines：第一条带历史对话的样本被移到了 {file} 的最前面，好让 `datasets` 读出 history 列。",
                                  "alpaca JSON Lines: the first sample with a history was moved to the top of "
                                  "{file} so that `datasets` reads the history column."),
    # ---- why a sample is not written, or what was fixed before writing ----
    "export.skip.no_turns": ("没有任何对话轮次", "has no turns"),
    "export.skip.all_empty": ("每一轮都是空的", "every turn is empty"),
    "export.skip.starts_with_assistant": ("以助手的回答开头（第一个回答前没有提问）；请在审阅页补上提问或删掉这一轮",
                                          "starts with an assistant turn (no question before the first answer); "
                                          "add the question or delete the turn in Review"),
    "export.skip.no_answer": ("有提问但没有回答", "has a question but no answer"),
    "export.skip.no_text": ("没有文字", "has no text"),
    "export.skip.text_empty": ("文字是空的", "its text is empty"),
    "export.skip.over_cap": ("{chars:,} 字，超过上限 {cap:,}", "{chars:,} characters, over the limit of {cap:,}"),
    "export.repair.removed_empty": ("删掉了 {n} 个空轮次", {"one": "removed {n} empty turn", "other": "removed {n} empty turns"}),
    "export.repair.merged": ("把连续 {n} 个{role}轮次合成了一个", "merged {n} consecutive {role} turns"),
    "export.repair.merged_speakers": ("把不同说话人连续的 {n} 个{role}轮次合成了一个",
                                      "merged {n} consecutive {role} turns of different speakers"),
    "export.repair.dropped_last": ("去掉了最后一个没有回答的提问", "dropped the last user turn (it has no answer)"),
    "export.role.user": ("用户", "user"),
    "export.role.assistant": ("助手", "assistant"),
    # ---- why nothing was written (ExportError) ----
    "export.unknown_format": ("未知的导出格式 {format}。可选：{formats}。", "Unknown export format {format}. Choose one of: {formats}."),
    "export.unknown_scope": ("未知的样本范围 {scope}：请用 'accepted'（已接受）或 'non_rejected'（已接受 + 待审）。",
                             "Unknown sample scope {scope}: use 'accepted' or 'non_rejected' (accepted + pending)."),
    "export.unknown_kind": ("未知的样本类型 {kind}。可选：{kinds}，或全部。", "Unknown sample kind {kind}. Choose one of: {kinds}, or all."),
    "export.bad_ratio": ("测试集比例 {ratio} 超出范围：填 0 表示不拆分，或填小于 1 的小数，例如 0.1 表示 10% 做测试。",
                         "Test split {ratio} is out of range: use 0 for no split, or a fraction "
                         "below 1 such as 0.1 for 10% test samples."),
    "export.no_output": ("还没有输出文件：请选择导出到哪里。", "No output file: choose where to save the export."),
    "export.bad_char_cap": ("字数上限要填 0（不检查）或更大的数（现在是 {value}）。",
                            "The character limit must be 0 (no check) or more (got {value})."),
    "export.unknown_mask": ("未知的脱敏方式 {value}：请用 'surrogate'（逼真替身）、'tag'（标签）或 'off'（不脱敏）。",
                            "Unknown masking {value}: use 'surrogate', 'tag' or 'off'."),
    "export.unknown_over_cap": ("未知的超长处理 {value}：请用 'keep'（保留并提醒）或 'skip'（不写入）。",
                                "Unknown over-limit choice {value}: use 'keep' (warn) or 'skip'."),
    "export.bad_repeat_to": ("“重复到行数”要填 0（从不）或一个行数（现在是 {value}）。",
                             "“Repeat rows up to” must be 0 (never) or a row count (got {value})."),
    "export.out_is_folder": ("“{path}”是文件夹。请在里面起一个文件名，例如“{example}”。",
                             "“{path}” is a folder. Choose a file name inside it, e.g. “{example}”."),
    "export.folder_create_failed": ("无法写入“{name}”：文件夹“{folder}”建不出来（{error}）。请换一个文件夹。",
                                    "Cannot write “{name}”: the folder “{folder}” cannot be created ({error}). "
                                    "Choose another folder."),
    "export.folder_is_file": ("无法写入“{name}”：“{folder}”是文件，不是文件夹。请换一个文件夹。",
                              "Cannot write “{name}”: “{folder}” is a file, not a folder. Choose another folder."),
    "export.folder_not_writable": ("无法写入“{name}”：文件夹“{folder}”不可写。请换一个可以写入的文件夹。",
                                   "Cannot write “{name}”: the folder “{folder}” is not writable. "
                                   "Choose a folder you can write to."),
    "export.dataset_info_unreadable": ("“{path}”已存在，但读不成 JSON（{error}）。请修好或删掉它，或关掉“写 dataset_info.json”；什么都没有写入。",
                                       "“{path}” exists but cannot be read as JSON ({error}). Fix or delete it, or turn off "
                                       "writing dataset_info.json; nothing was written."),
    "export.dataset_info_not_object": ("“{path}”不是 LLaMA-Factory 的 dataset_info.json（它不是 JSON 对象）。请把它移开，或关掉“写 dataset_info.json”；什么都没有写入。",
                                       "“{path}” is not a LLaMA-Factory dataset_info.json (it is not a JSON object). "
                                       "Move it away, or turn off writing dataset_info.json; nothing was written."),
    "export.none_selected": ("没有可导出的内容：项目“{project}”里没有已接受或待审的样本。",
                             "Nothing to export: project “{project}” has no accepted or pending samples."),
    "export.none_selected_kind": ("没有可导出的内容：项目“{project}”里没有已接受或待审的 {kind} 样本。",
                                  "Nothing to export: project “{project}” has no accepted or pending {kind} samples."),
    "export.pretrain_format": (
        "{format} 格式放不下纯文本，而选中的是预训练（pretrain）文本。请用 alpaca（LLaMA-Factory 读的只有 text 一栏的行）"
        "或 xtuner 导出预训练文本，或换一种样本类型。",
        "The {format} format has no place for plain text, and the selection is pretrain "
        "text. Export pretrain text as alpaca (rows with one \"text\" field, for LLaMA-Factory) or xtuner, "
        "or pick another kind.",
    ),
    "export.reserved_name": ("“{name}”是 LLaMA-Factory 的数据集索引文件名，不能用作数据文件名。请换一个名字。",
                             "“{name}” is LLaMA-Factory's dataset index, not a data file name. Choose another name."),
    "export.is_project": ("“{path}”就是项目文件本身。请换一个输出文件。", "“{path}” is the project file itself. Choose another output file."),
    "export.none_writable": ("选中的 {n:,} 条样本都不能导出，例如 {examples}。请在审阅页修改；什么都没有写入。",
                             "None of the {n:,} selected samples can be exported, e.g. {examples}. "
                             "Fix them in Review; nothing was written."),
    "export.write_failed": ("写不了“{path}”：{error}。请检查磁盘空间和文件夹权限；没有改动任何文件。",
                            "Could not write “{path}”: {error}. Check the disk space and permissions "
                            "of the folder; no file was changed."),
}
