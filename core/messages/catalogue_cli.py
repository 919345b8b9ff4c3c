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
    # group chats (core/cli_chat.py)
    "cli.chat.cleaned": ("  清理：{kinds}{removed}", "  cleaned: {kinds}{removed}"),
    "cli.chat.note": ("  提示：{note}", "  note: {note}"),
    "cli.chat.skipped": ("  跳过：{problem}", "  skipped {problem}"),
    "cli.chat.more_skipped": ("  ……另有 {n} 条记录被跳过", "  … and {n} more skipped records"),
    "cli.chat.failed_files": ("{total} 个文件中有 {n} 个没有导入", "{n} of {total} file(s) not imported"),
    "cli.chat.extract.chats": ("聊天：    {chats}（其中 {labelled} 个带标注：它们的样本在导入时已生成）",
                               "chats:       {chats} ({labelled} labelled: their samples came with the import)"),
    "cli.chat.extract.summarized": ("已摘要：  {n}", "summarized:  {n}"),
    "cli.chat.extract.extracted": ("已抽取：  {n}", "extracted:   {n}"),
    "cli.chat.extract.samples": ("样本：    新增或更新 {n} 个", "samples:     {n} new or updated"),
    "cli.chat.extract.to_check": ("需检查：  {n}（回答按字段规则修正过，原因写在样本上）",
                                  "to check:    {n} (answers that needed fixing against the schema; see their reason)"),
    "cli.chat.extract.failed": ("失败：    {n}", "failed:      {n}"),
    "cli.chat.stage.summary": ("摘要", "summary"),
    "cli.chat.stage.extract": ("抽取", "extract"),
    "cli.chat.extract.failed_item": ("  [{stage}] 聊天 {key}：{reason}", "  [{stage}] {key}: {reason}"),
    "cli.chat.extract.calls": ("请求：    {n} 次", "calls:       {n}"),
    "cli.chat.extract.cached": ("缓存命中：{n} 次", "cached:      {n}"),
    "cli.chat.extract.cost": ("费用：    {cost:.4f}", "cost:        {cost:.4f}"),
    "cli.chat.cancelled": ("已取消：再运行同一条命令即可继续", "cancelled: run the same command again to continue"),
    "cli.chat.extract.finished_failed": (
        "完成，但有 {n} 个聊天失败（原因见上）；加上 --retry-failed 再运行同一条命令即可重试",
        "finished, but {n} chat(s) failed (reasons above); run the same command with --retry-failed to try them "
        "again"),
    "cli.chat.finished": ("完成", "finished"),
    "cli.chat.no_chat_sources": (
        "项目里没有聊天：请先导入测试文件（python main.py import-chat 文件 --project 项目）。",
        "The project has no chats: import the test file first (python main.py import-chat FILE --project P)."),
    "cli.chat.several_sources": ("项目里有 {n} 个聊天来源（{listed}）：请用 --source 编号 选一个。",
                                 "The project has {n} chat sources ({listed}): choose one with --source ID."),
    "cli.chat.test_set.wrote": ("已把 {n} 行写入 {path}", "wrote {n} row(s) to {path}"),
    "cli.chat.left_out": ("  未写入：{why}", "  left out {why}"),
    "cli.chat.predict.wrote": ("已把 {n} 个预测写入 {path}", "wrote {n} prediction(s) to {path}"),
    "cli.chat.predict.filled": ("  {n} 个失败的聊天写成了空记录（--fill-empty）",
                                "  {n} failed chat(s) written with an EMPTY record (--fill-empty)"),
    "cli.chat.predict.fixed": ("  {n} 个回答按字段规则修正过", "  {n} answer(s) needed fixing against the schema"),
    "cli.chat.predict.chat_failed": ("  第 {index} 个聊天失败：{reason}", "  chat {index} failed: {reason}"),
    "cli.chat.predict.score": ("与这个来源自带标注对比的得分：", "score against the source's labels:"),
    "cli.chat.predict.lacks": (
        "文件里缺 {n} 个聊天；加上 --retry-failed 再运行同一条命令（已完成的聊天不会再问），"
        "或加上 --fill-empty 为它们写入空记录",
        "the file lacks {n} chat(s); run the same command with --retry-failed (finished chats are not asked "
        "again), or add --fill-empty to write empty records for them"),
    # filter (core/cli_filter.py): the English keeps the aligned layout of the command's output
    "cli.filter.unknown_rule": ("没有叫 {rules} 的规则；规则有：{known}（或 all 全部、none 不用）。",
                                "Unknown rule {rules}; the rules are {known} (or all, none)."),
    "cli.filter.near_dup_range": ("--near-dup 是 0 到 1 之间的相似度（0 为不查近似重复），不能是 {value}。",
                                  "--near-dup takes a similarity between 0 and 1 (0 = off), not {value}."),
    "cli.filter.more_ids": ("……另有 {n} 条", "… {n} more"),
    "cli.filter.group": ("  第 {index} 组（{n} 条样本，最低相似度 {similarity}）：",
                         "  group {index} ({n} samples, lowest similarity {similarity}):"),
    "cli.filter.keep": ("保留", "keep"),
    "cli.filter.more_groups": ("  ……另有 {n} 组", "  … {n} more groups"),
    "cli.filter.project": ("项目：{path}（未拒绝的样本 {n} 条）", "project: {path} ({n} samples not rejected)"),
    "cli.filter.rules": ("规则：", "rules:"),
    "cli.filter.example": ("例如：{detail}", "e.g. {detail}"),
    "cli.filter.rejected_rules": (
        "按规则拒绝了 {n} 条样本（原因写在样本上：命中的规则和细节；照抄模板的样本写明抄了什么）",
        "rejected {n} samples by rule (reason: <rule>: <detail>; an echo's reason says what it echoed)"),
    "cli.filter.near_found": (
        "近似重复（按每 {ngram} 个字比较，估计相似度 ≥ {threshold}）：{groups} 组，除每组保留的一条外还有 {extra} 条",
        "near-duplicates (character {ngram}-grams, estimated Jaccard >= {threshold}): {groups} groups, "
        "{extra} samples beyond the one kept in each"),
    "cli.filter.rejected_near": (
        "拒绝了 {n} 条近似重复（原因：和 #保留的编号 几乎重复（相似度 …））",
        "rejected {n} near-duplicates (reason: near-duplicate of #<kept> (similarity …))"),
    "cli.filter.dry_run": ("只是预览：什么都没改。加上 --apply 才会拒绝这些样本。",
                           "dry run: nothing changed. Add --apply to reject these."),
    "cli.filter.dry_run_both": (
        "只是预览：什么都没改。加上 --apply 才会拒绝这些样本（先按规则，再在剩下的样本里去掉近似重复）。",
        "dry run: nothing changed. Add --apply to reject these (rules first, then near-duplicates among what "
        "is left)."),
    "cli.filter.progress_rules": ("规则", "rules"),
    "cli.filter.progress_near": ("近似重复", "near-duplicates"),
    # script-qa / script-dialogues / chunk (core/cli_script.py)
    "cli.script.alias_form": (
        "--alias {item} 的写法不对，应当是 别名=正名，例如 --alias 嬛嬛=甄嬛。",
        "--alias {item} is not in the form 别名=正名 (alias=name), e.g. --alias 嬛嬛=甄嬛."),
    "cli.script.min_len": ("--min-len 要是 0 或更多个字（现在是 {n}）。",
                           "--min-len must be 0 or more characters (got {n})."),
    "cli.script.example": ("  例如：来源 #{source}，{where}：{reason}", "  e.g. source #{source}, {where}: {reason}"),
    "cli.script.line": ("第 {n} 行", "line {n}"),
    "cli.script.document": ("整个文档", "document"),
    "cli.script.characters": ("角色：{rows}", "characters: {rows}"),
    "cli.script.characters_guessed": ("角色（从叙述里推测的）：{rows}",
                                      "characters (guessed from the prose: heuristic): {rows}"),
    "cli.script.aliases": ("（又名 {names}）", " (also {names})"),
    # ---- generate's own checks (core/cli_generate.py, cli_aspects.py, cli_style.py)
    "cli.generate.key_env_empty": (
        "环境变量 {name} 没有设置或是空的。请把它设成 API Key，或者去掉 --api-key-env，改用软件里保存的 Key。",
        "The environment variable {name} is not set or is empty. Set it to the API key, or leave out "
        "--api-key-env to use the key saved in the app."),
    "cli.generate.no_key": (
        "没有 {name} 的 API Key。请把 Key 放进一个环境变量，再用 --api-key-env 指明它（例如：export MY_API_KEY=sk-…；"
        "然后加上 --api-key-env MY_API_KEY），或者在软件里保存一次（设置 → 模型服务），它会存在系统密钥环里。",
        "No API key for {name}. Put the key in an environment variable and name it with --api-key-env (for "
        "example: export MY_API_KEY=sk-…; then add --api-key-env MY_API_KEY), or save it once in the app "
        "(Settings → Model services), which keeps it in the system keyring."),
    "cli.generate.bad_base_url": ("--base-url 要以 http:// 或 https:// 开头（现在是“{url}”）。",
                                  "--base-url must start with http:// or https:// (got “{url}”)."),
    "cli.generate.no_model": ("--model 要写一个模型名（例如 deepseek-chat 或 qwen2.5:7b）。",
                              "--model must name a model (for example deepseek-chat or qwen2.5:7b)."),
    "cli.generate.too_small": ("{option} 至少要 {low}（现在是 {got}）。", "{option} must be at least {low} (got {got})."),
    "cli.generate.timeout": ("--timeout 要大于 0 秒（现在是 {got}）。", "--timeout must be more than 0 seconds (got {got})."),
    "cli.generate.unknown_provider": ("没有叫“{name}”的 --provider。已有：{known}。",
                                      "Unknown --provider “{name}”. Known: {known}."),
    "cli.generate.aspects_file_missing": ("方面文件“{path}”不存在。", "The aspects file “{path}” does not exist."),
    "cli.generate.aspects_file_not_utf8": (
        "方面文件“{path}”不是 UTF-8 文本：请另存为 UTF-8，每行一个方面。",
        "The aspects file “{path}” is not UTF-8 text: save it as UTF-8, one aspect a line."),
    "cli.generate.aspects_file_unreadable": ("读不出方面文件“{path}”（{error}）。",
                                             "The aspects file “{path}” cannot be read ({error})."),
    "cli.generate.aspects_file_empty": ("方面文件“{path}”里一个方面也没有：请每行写一个方面。",
                                        "The aspects file “{path}” holds no aspect: write one aspect a line."),
    "cli.generate.inputs_file_missing": ("用户消息文件“{path}”不存在。", "The inputs file “{path}” does not exist."),
    "cli.generate.inputs_file_not_utf8": (
        "用户消息文件“{path}”不是 UTF-8 文本：请另存为 UTF-8，每行一条消息。",
        "The inputs file “{path}” is not UTF-8 text: save it as UTF-8, one message a line."),
    "cli.generate.inputs_file_unreadable": ("读不出用户消息文件“{path}”（{error}）。",
                                            "The inputs file “{path}” cannot be read ({error})."),
}
