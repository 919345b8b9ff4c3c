"""Messages of reviewing generated questions between the questions and the answers stage: edits, deletions, additions. (code → (Chinese, English))"""

MESSAGES: dict = {
    # ---- what the review refuses, and why (core/flows/question_review.py)
    "questions.bad_stop_after": ("不能停在“{got}”之后：只能停在 {known} 之后。",
                                 "Cannot stop after “{got}”: a run can stop after {known} only."),
    "questions.no_job": ("#{id} 不是文档问答或按方面提问的出题任务。",
                         "Job #{id} is not the questions job of a QA or aspects run."),
    "questions.no_question": ("没有编号为 {id} 的问题：先用 `questions --project …` 看看有哪些编号。",
                              "There is no question #{id}: list them with `questions --project …`."),
    "questions.empty": ("问题不能是空的（只有标点或编号也不行）。",
                        "A question cannot be empty (nor only punctuation or a list number)."),
    "questions.duplicate": ("问题 #{id} 改成这样就和问题 #{other}“{text}”重复了：重复的问题只答一次，请换个问法或删掉其中一个。",
                            "Question #{id} would then repeat question #{other} “{text}”: a question is answered "
                            "once; word it otherwise or delete one of them."),
    "questions.duplicate_new": ("这个问题和问题 #{other}“{text}”重复了：重复的问题只答一次，请换个问法。",
                                "This question repeats question #{other} “{text}”: a question is answered once; "
                                "word it otherwise."),
    "questions.answered_edit": ("问题 #{id} 已经有回答了，改问题不会重答：请到“审阅”页编辑这条样本。",
                                "Question #{id} is already answered, and changing it would not answer it again: "
                                "edit its sample in Review instead."),
    "questions.answered_delete": ("问题 #{id} 已经有回答了（费用已付）：请到“审阅”页拒绝或删除这条样本。",
                                  "Question #{id} is already answered (and paid for): reject or delete its sample "
                                  "in Review instead."),
    "questions.deleted_edit": ("问题 #{id} 已删除：先恢复再修改。",
                               "Question #{id} is deleted: restore it before editing it."),
    "questions.no_chunk": ("出题任务 #{id} 里没有“{chunk}”这个文本段或方面。",
                           "The questions job #{id} has no chunk or aspect “{chunk}”."),
    "questions.no_chunk_anywhere": ("没有哪次出题用到“{chunk}”这个文本段或方面：先用 `questions --project …` 看看有哪些。",
                                    "No questions run has a chunk or aspect “{chunk}”: list them with "
                                    "`questions --project …`."),
    "questions.bad_id": ("“{got}”不是问题编号（编号是数字，如 12 或 #12）。",
                         "“{got}” is not a question id (ids are numbers, like 12 or #12)."),
    # ---- a question's status, as listed (CLI and window)
    "questions.status.asked": ("待答", "asked"),
    "questions.status.accepted": ("已接受", "accepted"),
    "questions.status.edited": ("已修改", "edited"),
    "questions.status.added": ("新加的", "added"),
    "questions.status.deleted": ("已删除", "deleted"),
    "questions.status.answered": ("已回答", "answered"),
    # ---- generate qa|aspects --stop-after questions
    "questions.cli.stopped": (
        "按要求在出题后停下：{n} 个问题等你审阅（出题任务 #{job}）",
        {"one": "stopped after the questions stage, as asked: {n} question to review (questions job #{job})",
         "other": "stopped after the questions stage, as asked: {n} questions to review (questions job #{job})"}),
    "questions.cli.answers_estimate": ("作答阶段{estimate}", "answers stage: {estimate}"),
    "questions.cli.next_review": ("审阅问题：python main.py questions --project {project}（可加 --delete ID …、--edit ID 文字、"
                                  "--add 文本段 文字、--accept-all）",
                                  "review them: python main.py questions --project {project} (with --delete ID …, "
                                  "--edit ID TEXT, --add CHUNK TEXT or --accept-all)"),
    "questions.cli.next_answer": ("然后去掉 --stop-after 再运行同一条命令，就只回答留下的问题（删掉的不会发送，改过的按改后的问）",
                                  "then run the same command again without --stop-after: it answers exactly the "
                                  "questions left (deleted ones are never sent, edited ones are asked as edited)"),
    # ---- the questions command
    "questions.cli.none": ("项目 {project} 里还没有问题：先运行 generate qa（或 aspects）… --stop-after questions",
                           "No questions in {project} yet: run generate qa (or aspects) … --stop-after questions first"),
    "questions.cli.job": ("{name}（出题任务 #{id}）：{n} 个问题：{counts}", "{name} (questions job #{id}): {n} question(s): {counts}"),
    # a questions job named in the reader's language (the stored job name is English)
    "questions.cli.job_qa": ("文档问答 · {where} · 提示词 {lang}", "document QA · {where} · {lang} prompts"),
    "questions.cli.job_aspects": ("按方面问答 · {topic} · 提示词 {lang}", "aspects QA · {topic} · {lang} prompts"),
    "questions.cli.all_documents": ("全部文档", "all documents"),
    # generate qa|aspects after a review: the questions the user deleted, left out of the count above
    "questions.cli.deleted_count": ("你删掉的问题：{n} 个（不发送）", "deleted:    {n} (by you: never sent)"),
    "questions.cli.chunk": ("  文本段 {chunk}「{text}」", "  chunk {chunk} “{text}”"),
    "questions.cli.aspect": ("  方面 {aspect}", "  aspect {aspect}"),
    "questions.cli.question": ("    #{id} [{status}] {text}", "    #{id} [{status}] {text}"),
    "questions.cli.question_was": ("{line}（原问题：{asked}）", "{line} (was: {asked})"),
    "questions.cli.deleted": ("已删除问题 #{id}：不会再问", "deleted question #{id}: it will not be asked"),
    "questions.cli.restored": ("已恢复问题 #{id}", "restored question #{id}"),
    "questions.cli.edited": ("已修改问题 #{id}：{text}", "edited question #{id}: {text}"),
    "questions.cli.added": ("已添加问题 #{id}（{chunk}）：{text}", "added question #{id} ({chunk}): {text}"),
    "questions.cli.accepted": ("已接受 {n} 个问题", {"one": "accepted {n} question", "other": "accepted {n} questions"}),
}
