"""Messages of editing a document's chunks by hand: split points moved, chunks merged or split, re-chunking, and what a change will regenerate. (code → (Chinese, English))

{number} is a chunk's place in its document, from 1; {at} a character offset inside a chunk."""

MESSAGES: dict = {
    # ---- a sample's reason (stored encoded) ----
    "chunks.source_changed": ("出自的文本段已改动（合并、切分或重新分段），下次生成问答会按新的文本段重新提问",
                              "its chunk was changed (merged, split or re-chunked); the next QA run asks about the "
                              "new chunks"),
    # ---- the plan, shown before anything is written ----
    "chunks.plan.merge": ("合并第 {number} 段和第 {next} 段。", "Merge chunk {number} with chunk {next}."),
    "chunks.plan.split": ("在第 {number} 段的第 {at} 个字处把它切成两段。",
                          "Split chunk {number} in two at character {at}."),
    "chunks.plan.move": ("把第 {number} 段和第 {next} 段的分界移到第 {number} 段开头往后第 {at} 个字处。",
                         "Move the split between chunks {number} and {next} to character {at} from the start of "
                         "chunk {number}."),
    "chunks.plan.rechunk": ("按每段最多 {size} 字、相邻段重叠 {overlap} 字重新分段：现在 {before} 段，分段后 {after} 段。",
                            "Chunk the document again at {size} characters with {overlap} shared: {before} chunks "
                            "now, {after} after."),
    "chunks.plan.nothing": ("分段不会有任何变化。", "The chunks would stay exactly as they are."),
    "chunks.plan.counts": ("{n} 段改动或去掉，新生成 {added} 段；{kept} 段原样保留（它们的问题和回答照旧有效）。改后共 {total} 段。",
                           {"one": "{n} chunk changes or goes and {added} new are made; {kept} stay as they are "
                                   "(their questions and answers stay valid). {total} chunks after.",
                            "other": "{n} chunks change or go and {added} new are made; {kept} stay as they are "
                                     "(their questions and answers stay valid). {total} chunks after."}),
    "chunks.plan.reask": ("其中 {n} 段已有问题：下次生成问答时会对改动后的 {added} 段重新提问（要再花调用费用）。",
                          {"one": "{n} of them already has questions: the next QA run asks again about the "
                                  "{added} changed chunks (calls to pay for again).",
                           "other": "{n} of them already have questions: the next QA run asks again about the "
                                    "{added} changed chunks (calls to pay for again)."}),
    "chunks.plan.no_questions": ("改动的段还没有问题，不影响任何已生成的内容。",
                                 "None of the changed chunks has questions yet: nothing made so far is affected."),
    "chunks.plan.reject": ("{n} 条由这些段生成、你没有动过的样本将被标为已拒绝（原因：文本段已改动）。",
                           {"one": "{n} sample made from them that you have not touched will be rejected (reason: "
                                   "its chunk changed).",
                            "other": "{n} samples made from them that you have not touched will be rejected "
                                     "(reason: their chunk changed)."}),
    "chunks.plan.already_rejected": ("{n} 条由这些段生成的样本本来就是已拒绝，保持不变。",
                                     {"one": "{n} sample made from them was rejected already and stays so.",
                                      "other": "{n} samples made from them were rejected already and stay so."}),
    "chunks.plan.kept": ("{n} 条你改过、接受或拒绝过的样本保留不动。",
                         {"one": "{n} sample you edited, accepted or rejected stays as it is.",
                          "other": "{n} samples you edited, accepted or rejected stay as they are."}),
    "chunks.plan.unfinished": ("{n} 项针对这些段、尚未完成的提问或回答将取消（不会再发送）。",
                               {"one": "{n} question or answer about them that is not done yet is dropped "
                                       "(never sent).",
                                "other": "{n} questions or answers about them that are not done yet are dropped "
                                         "(never sent)."}),
    "chunks.plan.cited": ("另有 {n} 条样本的回答参考了这些段（检索到的上下文），保留不动。",
                          {"one": "{n} other sample drew on them as retrieved context; it stays as it is.",
                           "other": "{n} other samples drew on them as retrieved context; they stay as they are."}),
    "chunks.plan.review_rows": ("待审阅的问题里，{n} 条模型为这些段写的、你没改过的问题随旧段一起去掉（你改过、添加或删除的问题保留）。",
                                {"one": "{n} question the model wrote about them, left as written in the review list, "
                                        "goes with them (questions you edited, added or deleted stay).",
                                 "other": "{n} questions the model wrote about them, left as written in the review "
                                          "list, go with them (questions you edited, added or deleted stay)."}),
    "chunks.plan.longer": ("注意：改后有一段 {chars} 字，超过了导入时的每段 {size} 字。",
                           "Note: a chunk will have {chars} characters, more than the {size} it was imported with."),
    "chunks.applied": ("分段已改：{n} 段换成 {added} 段，共 {total} 段；{rejected} 条样本标为已拒绝，{kept} 条你处理过的样本保留，"
                       "{dropped} 项未完成的提问或回答已取消。",
                       {"one": "Chunks changed: {n} chunk became {added}, {total} in all; {rejected} samples "
                               "rejected, {kept} you had handled kept, {dropped} unfinished questions or answers "
                               "dropped.",
                        "other": "Chunks changed: {n} chunks became {added}, {total} in all; {rejected} samples "
                                 "rejected, {kept} you had handled kept, {dropped} unfinished questions or answers "
                                 "dropped."}),
    # ---- why an edit cannot be made ----
    "chunks.no_source": ("没有编号为 {id} 的来源。", "There is no source #{id}."),
    "chunks.not_document": ("来源 {id}（{name}）不是文档，没有文本段。", "Source #{id} ({name}) is not a document: it has no chunks."),
    "chunks.bad_index": ("没有第 {number} 段：这篇文档共 {total} 段。",
                         "There is no chunk {number}: the document has {total} chunks."),
    "chunks.no_next": ("第 {number} 段是最后一段，后面没有可以合并或移动分界的段。",
                       "Chunk {number} is the last one: there is no next chunk to merge with or move the split to."),
    "chunks.split_outside": ("切分位置 {at} 不在第 {number} 段里面（这一段共 {chars} 字，位置要大于 0、小于 {chars}）。",
                             "Split point {at} is not inside chunk {number} (it has {chars} characters: the point "
                             "must lie strictly between 0 and {chars})."),
    "chunks.move_outside": ("分界位置 {at} 不在第 {number} 段和下一段的范围里（两段共 {chars} 字）。",
                            "Split point {at} is not within chunk {number} and the next one ({chars} characters "
                            "together)."),
    "chunks.unplaced": ("第 {number} 段的文字在文档原文里找不到（可能是旧版本导入的）：只能对这篇文档整体重新分段。",
                        "The text of chunk {number} is not found in the document's text (an older import?): the "
                        "document can only be chunked again as a whole."),
    "chunks.no_text": ("《{name}》没有保存全文，无法重新分段。", "“{name}” has no stored text to chunk again."),
    "chunks.stale": ("《{name}》的分段在你确认之前已经变了：请重新查看分段后再改。",
                     "The chunks of “{name}” changed before you confirmed: look at them again, then edit."),
    # ---- the command line ----
    "chunks.cli.header": ("《{name}》（来源 {id}）：{n} 段，每段最多 {size} 字，重叠 {overlap} 字",
                          {"one": "“{name}” (source #{id}): {n} chunk, at most {size} characters, {overlap} shared",
                           "other": "“{name}” (source #{id}): {n} chunks, at most {size} characters, {overlap} shared"}),
    "chunks.cli.page": ("第 {page} 页", "p. {page}"),
    "chunks.cli.pages": ("第 {page}–{page_end} 页", "pp. {page}–{page_end}"),
    "chunks.cli.asked": ("已有问题", "has questions"),
    "chunks.cli.chars": ("{n} 字", {"one": "{n} character", "other": "{n} characters"}),
    "chunks.cli.no_documents": ("项目里还没有文档：先用 import 导入。", "The project has no documents yet: import some first."),
    "chunks.cli.one_edit": ("--merge、--split、--move、--rechunk 一次只能用一个。",
                            "Use one of --merge, --split, --move, --rechunk at a time."),
    "chunks.cli.which_source": ("项目里有 {n} 篇文档：改分段时请用 --source 指定一篇。",
                                "The project has {n} documents: name one with --source to edit its chunks."),
    "chunks.cli.dry_run": ("只是预览（--dry-run）：什么都没有写入。", "A dry run: nothing was written."),
}
