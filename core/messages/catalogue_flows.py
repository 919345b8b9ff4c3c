"""flows messages. (code → (Chinese, English))"""

MESSAGES: dict = {
    # ---- quality rules (core/text/quality.py): what each rule rejects; the Chinese names the
    # parameters as the Review → 质量筛查 dialog labels them, the English as `filter` spells them
    "quality.rule.too_short": (
        "所有轮次加起来不到「最短字数」个字（不算空格和系统提示词）。",
        "Fewer than min_chars characters in all the turns together (spaces and the system prompt not counted)."),
    "quality.rule.too_long": (
        "连同系统提示词一共超过「最长字数」个字（就是审阅表里显示的长度；很多平台限制每条 8000 字）。",
        "More than max_chars characters in all, system prompt included (the length the Review table shows; "
        "8000 is a common platform limit per row)."),
    "quality.rule.mostly_punctuation": (
        "标点、符号、表情（如 [doge]）和颜文字（如 (^_^)）占到全文的「标点占比」以上，而且汉字、字母、数字加起来"
        "少于「文字少于」个。正常句子的标点（，。！？一个接一个，…… 和 ——）不算，？？？ 这样的重复才算；"
        "一个表情或颜文字算一个字。",
        "At least `share` of the text is punctuation, symbols, emoji, emotes like [doge] or kaomoji like (^_^), "
        "and it has fewer than max_content letters, digits or Chinese characters. The punctuation of normal "
        "sentences (one ，。！？ after another, …… and ——) does not count; repeats such as ？？？ do. An emote or "
        "kaomoji counts as one character."),
    "quality.rule.refusal": (
        "助手说自己是 AI（在任何位置：作为一个AI、As an AI……），或者在问答样本里，回答开头（或开头某个小句）的"
        "前「开头字数」个字里拒绝回答（我无法、抱歉，我不能、I'm sorry……）。对话样本不查开头：角色说“我不能”很正常。",
        "An assistant turn says it is an AI (`phrases`, anywhere: 作为一个AI, As an AI …) or, in samples of "
        "`opening_kinds` (sft), refuses at the start of the turn or of a clause within its first opening_chars "
        "characters (`opening_phrases`: 我无法, 抱歉，我不能, I'm sorry, I cannot …). Openings are not checked in "
        "dialogues, where characters say 我不能 naturally."),
    "quality.rule.answer_copies_question": (
        "助手的回答和紧挨在前面的用户问题像到「相似度」以上（问题至少有「问题最短字数」个字时才查）。",
        "An assistant turn is at least `similarity` alike (rapidfuzz ratio) to the user turn right before it, "
        "when that turn has at least min_chars characters."),
    "quality.rule.unbalanced_roles": (
        "用户和助手没有一来一回地交替、以助手开头或以用户结尾（导出时会跳过或裁掉这些），或者有空的轮次。"
        "预训练文本只查是不是空的。",
        "Turns that do not alternate user/assistant, start with an assistant turn or end with a user turn "
        "(exports skip or trim these), or an empty turn. A plain text (pretrain) is only checked for being empty."),
    "quality.rule.echo": (
        "模型生成的样本只是照抄了提示词：内容就是模板里的示例（“第一个问题”“回答”等）、抽取记录的每个字段都是空的，"
        "或者某一轮有「照抄占比」以上的内容（且不少于「照抄片段数」处）来自模板里的要求。引用原文的回答不算。",
        "A sample made by an LLM flow whose text only echoes a prompt: a turn that is a template's example "
        "answer (the sample question, answer or summary), an extraction record with every field empty, or a turn "
        "of which at least `share` of the character trigrams (and min_copied of them) are a template's "
        "instructions. An answer that quotes the source text does not count."),
    # ---- what a rule found in one sample: the whole reason of a rejection ("<rule>: <detail>" in
    # English, as `filter` has always written it)
    "quality.hit.too_short": ("太短：{n} 字，少于 {limit} 字", "too_short: {n} characters < {limit}"),
    "quality.hit.too_long": ("太长：{n} 字，超过 {limit} 字", "too_long: {n} characters > {limit}"),
    "quality.hit.mostly_punctuation": (
        "几乎全是标点或表情：占 {share}（{total} 个里有 {junk} 个），文字只有 {letters} 个",
        "mostly_punctuation: {share} punctuation, symbols or emotes ({junk} of {total}), {letters} letters"),
    "quality.hit.refusal": ("拒答或自称 AI：第 {turn} 轮助手说“{phrase}”",
                            "refusal: assistant turn {turn} says “{phrase}”"),
    "quality.hit.answer_copies_question": (
        "回答照抄问题：第 {turn} 轮和第 {question} 轮的问题相似度 {similarity}",
        "answer_copies_question: turn {turn} repeats the question in turn {question} (similarity {similarity})"),
    "quality.hit.unbalanced_roles": ("轮次不对：{problems}", "unbalanced_roles: {problems}"),
    "quality.roles.no_turns": ("没有任何轮次", "no turns"),
    "quality.roles.empty_turn": ("第 {turn} 轮是空的", "turn {turn} is empty"),
    "quality.roles.empty_turns": ("有 {n} 轮是空的（第 {turns} 轮）", "{n} empty turns ({turns})"),
    "quality.roles.starts_with_assistant": ("以助手开头", "starts with an assistant turn"),
    "quality.roles.both_user": ("第 {turn} 轮和第 {next} 轮都是用户", "turns {turn} and {next} are both user"),
    "quality.roles.both_assistant": ("第 {turn} 轮和第 {next} 轮都是助手", "turns {turn} and {next} are both assistant"),
    "quality.roles.ends_with_user": ("以用户结尾", "ends with a user turn"),
    "quality.error.unknown_rule": ("没有叫 {rules} 的规则；规则有：{known}。",
                                   "Unknown rule {rules}; the rules are {known}."),
    "quality.error.unknown_parameter": ("规则 {rule} 没有 {params} 这个设置项（它的设置项：{known}）。",
                                        "Rule {rule} has no parameter {params} (its parameters: {known})."),
    "quality.error.no_parameters": ("没有", "none"),
    # ---- near-duplicates (core/text/neardup.py): the reason stored on a rejected copy, and errors
    "neardup.reason": ("和 #{kept} 几乎重复（相似度 {similarity}）", "near-duplicate of #{kept} (similarity {similarity})"),
    "neardup.error.threshold": ("近似重复的相似度门槛要大于 0、不超过 1，不能是 {value}。",
                                "The near-duplicate threshold must be above 0 and at most 1, not {value}."),
    "neardup.error.ngram": ("比较时每段的字数（n-gram）至少是 1，不能是 {value}。",
                            "The n-gram size must be 1 or more, not {value}."),
    "neardup.error.num_perm": ("MinHash 排列数至少要 16（通常用 128），不能是 {value}。",
                               "Use at least 16 MinHash permutations (128 is usual), not {value}."),
    "neardup.error.not_in_group": ("#{kept} 不在 #{first} 这组近似重复里。",
                                   "#{kept} is not in the near-duplicate group of #{first}."),
    # ---- what the generate flows print and store (core/flows/*, core/cli_generate.py and friends).
    # The English of the CLI lines is the CLI's own layout (aligned labels); numbers stay as they are.
    "flows.not_found_in_source": ("原文里找不到答案", "not found in the source text"),
    # ---- how a sample was made: Review's provenance box (core/flows/evidence.py)
    "flows.made.other_param": ("{name}（设置项）：{value}", "{name}: {value}"),
    "flows.made.flow": ("生成方式：{value}", "flow: {value}"),
    "flows.made.model": ("模型：{value}", "model: {value}"),
    "flows.made.base_url": ("接口地址：{value}", "base URL: {value}"),
    "flows.made.temperature": ("温度（随机程度）：{value}", "temperature: {value}"),
    "flows.made.from": ("来源：{value}", "from: {value}"),
    "flows.made.schema": ("抽取字段版本：{value}", "extraction fields version: {value}"),
    "flows.made.template": ("提示词模板 {name} 版本：{digest}", "template {name}: {digest}"),
    "flows.made.params": ("生成时的设置：", "settings of the run:"),
    "flows.made.similarity": ("风格相似度：{value}", "similarity: {value}"),
    "flows.made.similarity_lexical": ("按字词比较", "lexical"),
    "flows.made.similarity_embeddings": ("向量模型", "embeddings"),
    "flows.made.yes": ("是", "yes"),
    "flows.made.no": ("否", "no"),
    "flows.made.lang_zh": ("中文", "Chinese"),
    "flows.made.lang_en": ("英文", "English"),
    "flows.made.flow_qa": ("文档问答", "document QA (qa)"),
    "flows.made.flow_aspects": ("按方面出题问答", "topic aspects (aspects)"),
    "flows.made.flow_novel": ("小说写作指令", "novel writing instructions (novel)"),
    "flows.made.flow_style": ("风格回复", "style replies (style)"),
    "flows.made.flow_dialogue_extract": ("小说台词抽取", "novel dialogue extraction (dialogue_extract)"),
    "flows.made.flow_extract": ("聊天信息抽取", "chat extraction (extract)"),
    "flows.made.flow_demo": ("示例数据（没有调用模型）", "demo (no model was called)"),
    "flows.made.from_demo": ("随软件附带的示例文本（resources/demo），没有调用模型",
                             "bundled demo text (resources/demo), no model was called"),
    "flows.made.from_labels": ("导入的标注", "imported labels"),
    "flows.param.source_id": ("只用这个来源（编号）：{value}", "only the source with id: {value}"),
    "flows.param.questions_per_chunk": ("每段出题数（0 为自动）：{value}", "questions per chunk (0 = automatic): {value}"),
    "flows.param.top_k": ("每个回答另查的原文段数：{value}", "other chunks retrieved per answer: {value}"),
    "flows.param.lang": ("提示词语言：{value}", "prompt language: {value}"),
    "flows.param.topic": ("主题：{value}", "topic: {value}"),
    "flows.param.aspects": ("方面：{value}", "aspects: {value}"),
    "flows.param.per_aspect": ("每个方面的问题数：{value}", "questions per aspect: {value}"),
    "flows.param.max_chars": ("最长字数：{value}", "longest, in characters: {value}"),
    "flows.param.group": ("每个方面合成一段多轮对话：{value}", "one dialogue per aspect: {value}"),
    "flows.param.system_prompt": ("系统提示词：{value}", "system prompt: {value}"),
    "flows.param.chunk_size": ("每段最多字数：{value}", "characters per chunk at most: {value}"),
    "flows.param.style": ("风格：{value}", "style: {value}"),
    "flows.param.previous": ("带上前一段的摘要：{value}", "previous chunk's summary as context: {value}"),
    "flows.param.instruction": ("指令：{value}", "instruction: {value}"),
    "flows.param.count": ("要通过的样本数：{value}", "accepted samples wanted: {value}"),
    "flows.param.max_attempts": ("最多尝试次数：{value}", "attempts at most: {value}"),
    "flows.param.inputs": ("给定的用户消息数：{value}", "user messages given: {value}"),
    "flows.param.generate_inputs": ("让模型写用户消息：{value}", "let the model write user messages: {value}"),
    "flows.param.topics": ("用户消息的话题：{value}", "topics of the user messages: {value}"),
    "flows.param.embedding_model": ("向量模型：{value}", "embedding model: {value}"),
    "flows.param.style_digest": ("风格版本：{value}", "style version: {value}"),
    "flows.param.summarize": ("先写摘要：{value}", "summarize first: {value}"),
    "flows.param.summarize_over": ("超过多少字才写摘要：{value}", "summarize chats over (characters): {value}"),
    "flows.param.extract": ("抽取信息：{value}", "extract: {value}"),
    "flows.param.mask": ("隐藏个人信息：{value}", "mask personal data: {value}"),
    "flows.param.imitates": ("模仿的生成方式：{value}", "imitates: {value}"),
    "flows.qa.questions_not_list": ("“questions” 应当是由问题文字组成的数组", "“questions” must be an array of strings"),
    "flows.qa.question_not_text": ("“questions” 里的每一项都应当是文字", "every entry of “questions” must be a string"),
    "flows.qa.no_question": ("“questions” 里没有一个问题", "“questions” holds no question"),
    "flows.qa.field_not_text": ("“{field}” 应当是文字", "“{field}” must be a string"),
    "flows.qa.found_not_bool": ("“found” 应当是 true 或 false", "“found” must be true or false"),
    "flows.stage.questions": ("出题", "questions"),
    "flows.stage.answers": ("回答", "answers"),
    "flows.stage.summaries": ("写摘要", "summaries"),
    "flows.stage.extract": ("抽取", "extract"),
    "flows.stage.inputs": ("写用户消息", "inputs"),
    "flows.stage.replies": ("写回复", "replies"),
    "flows.stage.replies_rate": ("写回复 [通过 {accepted}/{attempted}，{rate}%]",
                                 "replies [accepted {accepted}/{attempted}, {rate}%]"),
    "flows.cli.stage_items": ("{stage}：{n} 项", "{stage}: {n} item(s)"),
    "flows.cli.progress": (
        "{stage}：{finished}/{total} · 失败 {failed} · 进行中 {in_flight} · 请求 {calls} 次 · 缓存 {cached}{eta}{paused}",
        "{stage}: {finished}/{total} · {failed} failed · {in_flight} in flight · {calls} calls · {cached} cached"
        "{eta}{paused}",
    ),
    "flows.cli.eta": (" · 约剩 {left}", " · about {left} left"),
    "flows.cli.paused": (" · 已暂停", " · paused"),
    "flows.cli.seconds": ("{s} 秒", "{s} s"),
    "flows.cli.minutes": ("{m} 分 {s} 秒", "{m} min {s} s"),
    "flows.cli.hours": ("{h} 小时 {m} 分", "{h} h {m} min"),
    "flows.cli.estimate": (
        "预计：还要发 {items} 个请求，约 {tokens_in} 个输入 token、{tokens_out} 个输出 token{money}",
        "estimate: {items} request(s) still to make, about {tokens_in} input and {tokens_out} output tokens{money}",
    ),
    "flows.cli.estimate_cost": ("，费用约 {cost}", ", cost about {cost}"),
    "flows.cli.interrupted": (
        "已中断：做完的部分已保存在项目里；再运行同一条命令即可接着做",
        "interrupted: the finished work is saved in the project; run the same command again to continue",
    ),
    "flows.cli.failed": ("失败：{n} 项", "failed:     {n}"),
    "flows.cli.failed_item": ("  [{stage}] 条目 {key}：{reason}", "  [{stage}] {key}: {reason}"),
    "flows.cli.calls": ("请求：{n} 次", "calls:      {n}"),
    "flows.cli.calls_embeddings": ("请求：{n} 次（其中向量 {embeddings} 次）", "calls:      {n} ({embeddings} embeddings)"),
    "flows.cli.cached": ("缓存命中：{n} 次（不重复花钱）", "cached:     {n}"),
    "flows.cli.cost": ("费用：{cost}", "cost:       {cost}"),
    "flows.cli.cost_unpriced": ("费用：{cost}（没有设置价格）", "cost:       {cost} (no prices set)"),
    "flows.cli.cancelled": ("已取消：再运行同一条命令即可接着做", "cancelled: run the same command again to continue"),
    "flows.cli.finished_failed": (
        "已完成，但有 {n} 项失败（原因见上）；加上 --retry-failed 再运行同一条命令即可重试",
        "finished, but {n} item(s) failed (reasons above); run the same command with --retry-failed to try "
        "them again",
    ),
    "flows.cli.finished_failed_chunks": (
        "已完成，但有 {n} 个文本块失败（原因见上）；加上 --retry-failed 再运行同一条命令即可重试",
        "finished, but {n} chunk(s) failed (reasons above); run the same command with --retry-failed to try "
        "them again",
    ),
    "flows.cli.finished": ("已完成", "finished"),
    "flows.cli.samples_new": ("新样本：{n} 条", "samples:    {n} new"),
    "flows.cli.count_of": ("  {name}：{n} 个", "  {name}: {n}"),
    # generate qa / aspects
    "flows.cli.qa.questions": ("问题：{n} 个", "questions:  {n}"),
    "flows.cli.qa.duplicates": ("重复的问题：{n} 个（已去掉）", "duplicates: {n}"),
    "flows.cli.qa.answered": ("已回答：{n} 个", "answered:   {n}"),
    "flows.cli.qa.not_found": ("原文里找不到答案：{n} 个（保留为已拒绝的样本）", "not found:  {n} (kept as rejected samples)"),
    "flows.cli.aspects.topic": ("主题：{topic} · {n} 个方面：{aspects}", "topic: {topic} · {n} aspect(s): {aspects}"),
    "flows.cli.aspects.duplicates": ("重复的问题：{n} 个（相同或几乎相同，已去掉）",
                                     "duplicates: {n} (same or nearly the same question, dropped)"),
    "flows.cli.aspects.too_long": ("过长的问题：{n} 个（超过 {max_chars} 字，已去掉）",
                                   "too long:   {n} (over {max_chars} characters, dropped)"),
    "flows.cli.aspects.dialogues": ("多轮对话：{n} 段新建或更新（每个方面一段）",
                                    "dialogues:  {n} new or updated (one per aspect)"),
    # generate novel / dialogue-extract
    "flows.cli.novel.instruction": ("指令：{text}", "instruction: {text}"),
    "flows.cli.novel.chunks": ("文本块：{n} 个", "chunks:     {n}"),
    "flows.cli.novel.summarized": ("已写摘要：{n} 个", "summarized: {n}"),
    "flows.cli.novel.too_long": ("摘要过长：{n} 个（保留，样本的原因里写明）",
                                 "too long:   {n} (kept; the sample says so in its reason)"),
    "flows.cli.novel.waiting": (
        "等待中：{n} 个文本块还没问：同一文档前面的文本块失败了，而它的摘要是这些块的上文",
        "waiting:    {n} chunk(s) not asked yet: an earlier chunk of their document failed and its summary is "
        "their context",
    ),
    "flows.cli.dx.extracted": ("已抽取：{n} 个文本块", "extracted:  {n}"),
    "flows.cli.dx.lines": ("台词：保留 {n} 句", "lines:      {n} kept"),
    "flows.cli.dx.speakers": ("说话人：{names}", "speakers:   {names}"),
    "flows.cli.dx.rejected": ("不采用的台词：{n} 句", "rejected:   {n} line(s)"),
    "flows.cli.dx.reason_count": ("  {n} 句：{reason}", "  {n}: {reason}"),
    "flows.cli.dx.example": ("  [{key}] {speaker}：{line} —— 原因：{reason}", "  [{key}] {speaker}：{line} — {reason}"),
    "flows.cli.dx.character_qa": ("角色问答（{character}）：{summary}", "character QA ({character}): {summary}"),
    "flows.cli.dx.dialogues": ("多轮对话：{summary}", "dialogues: {summary}"),
    "flows.cli.dx.nothing": ("还没有抽取到台词：没有生成问答或对话样本",
                             "no line was extracted yet: no QA or dialogue samples were made"),
    # generate style
    "flows.cli.style.style": ("风格：{style}", "style:      {style}"),
    "flows.cli.style.inputs": ("用户消息：{n} 条（给定 {given}，模型写的 {generated}{dropped}）",
                               "inputs:     {n} ({given} given, {generated} generated{dropped})"),
    "flows.cli.style.inputs_dropped": ("；去掉重复的 {n} 条", "; {n} generated duplicate(s) dropped"),
    "flows.cli.style.accepted": ("通过：{n} 条", "accepted:   {n}"),
    "flows.cli.style.attempted": ("尝试：{n} 条（通过率 {rate}%）", "attempted:  {n} ({rate}% accepted)"),
    "flows.cli.style.rejected": ("未通过：{n} 条（保留为已拒绝的样本）", "rejected:   {n} (kept as rejected samples)"),
    "flows.cli.style.similarity_lexical": ("相似度：按字词比较（字符 n-gram；{note}）",
                                           "similarity: lexical (character n-grams; {note})"),
    "flows.cli.style.no_embeddings": ("没有向量模型", "no embeddings"),
    "flows.cli.style.similarity_embeddings": ("相似度：向量模型（{model}）", "similarity: embeddings ({model})"),
    "flows.cli.style.requests": ("请求：{n} 次（最多 {allowed} 次）", "requests:   {n} of {allowed} allowed"),
    "flows.style.check.empty": ("回复为空", "empty reply"),
    "flows.style.check.length": ("长度不合", "length"),
    "flows.style.check.keywords": ("没有关键词", "no keyword"),
    "flows.style.check.near_duplicate": ("和已有回复几乎一样", "near-duplicate"),
    "flows.style.check.similarity": ("不像这种风格", "similarity"),
    "flows.cli.style.stop_count": ("已完成：通过的样本数已达到要求",
                                   "finished: the requested number of accepted samples is reached"),
    "flows.cli.style.stop_max_attempts": (
        "已停止：尝试次数用完了（调高 --max-attempts，或放宽风格要求）",
        "stopped: the maximum number of attempts is spent (raise --max-attempts, or relax the style)"),
    "flows.cli.style.stop_inputs": (
        "已停止：没有用户消息了（用 --inputs-file 多给一些，或让模型来写）",
        "stopped: no inputs left (give more with --inputs-file, or let the LLM write them)"),
    "flows.cli.style.stop_failed": (
        "已停止：上一轮的请求全部失败（原因见上）；解决后加上 --retry-failed 再运行同一条命令",
        "stopped: every request of the last round failed (reasons above); fix the cause and run the same "
        "command with --retry-failed"),
    "flows.cli.style.stop_error": ("已停止：{error}", "stopped: {error}"),
    # ---- why a flow cannot start (the flows' validate()) and what they refuse
    "aspects.unknown_lang": ("没有“{lang}”语言的模板：请选 {known} 之一。",
                             "Unknown template language “{lang}”: choose one of {known}."),
    "aspects.no_topic": ("请写出问题围绕的主题（例如《黑神话：悟空》）。",
                         "Name the topic the questions are about (for example 《黑神话：悟空》)."),
    "aspects.no_aspect": ("请至少加一个要提问的方面（例如 故事情节）。",
                          "Add at least one aspect of the topic to ask about (for example 故事情节)."),
    "aspects.per_aspect_range": ("每个方面的问题数要在 1 到 {most} 之间（现在是 {got}）。",
                                 "Questions per aspect must be 1 to {most} (got {got})."),
    "aspects.max_chars_range": ("问题最长字数要在 {least} 到 {most} 之间（现在是 {got}）。",
                                "The longest question must be {least} to {most} characters (got {got})."),
    "aspects.top_k_range": ("每个回答另查的原文段数要在 1 到 {most} 之间（现在是 {got}）。",
                            "Retrieved chunks per answer (top k) must be 1 to {most} (got {got})."),
    "aspects.no_source": ("这个项目里没有编号为 {id} 的来源。", "Source #{id} does not exist in this project."),
    "aspects.source_no_chunks": ("来源“{name}”里没有可以用来回答的文字：请先导入文档。",
                                 "Source “{name}” has no text chunks to answer from: import documents first."),
    "aspects.project_no_chunks": ("项目里还没有可以用来回答的文档：请先导入文档。",
                                  "The project has no document chunks to answer from: import documents first."),
    "aspects.questions_template": ("出题模板", "Questions template"),
    "aspects.answer_template": ("回答模板", "Answer template"),
    "aspects.template_problem": ("{label}（语言 {lang}）：{problem}", "{label} ({lang}): {problem}"),
    "novel.unknown_lang": ("没有“{lang}”语言的模板：请选 {known} 之一。",
                           "Unknown template language “{lang}”: choose one of {known}."),
    "novel.unknown_style": ("没有“{style}”这种摘要写法：请选 {known} 之一。",
                            "Unknown summary style “{style}”: choose one of {known}."),
    "novel.chunk_size_range": ("每段字数要在 {least} 到 {most} 之间（现在是 {got}）。",
                               "Chunk size must be {least} to {most} characters (got {got})."),
    "novel.max_chars_range": ("摘要最长字数至少要 {least}（现在是 {got}）。",
                              "The summary length must be at least {least} characters (got {got})."),
    "novel.no_text": ("选中的文档里没有文字：请先导入小说（TXT、DOCX、EPUB、PDF）。",
                      "The selected document(s) have no text: import a novel (TXT, DOCX, EPUB, PDF) first."),
    "novel.template_problem": ("摘要模板 novel_summary（{lang}）：{problem}", "Template novel_summary ({lang}): {problem}"),
    "dialogue_extract.unknown_lang": ("没有“{lang}”语言的模板：请选 {known} 之一。",
                                      "Unknown template language “{lang}”: choose one of {known}."),
    "dialogue_extract.chunk_size_range": ("每段字数要在 {least} 到 {most} 之间（现在是 {got}）。",
                                          "Chunk size must be {least} to {most} characters (got {got})."),
    "dialogue_extract.no_text": ("选中的文档里没有文字：请先导入小说。",
                                 "The selected document(s) have no text: import a novel first."),
    "dialogue_extract.template_problem": ("台词抽取模板 dialogue_extract（{lang}）：{problem}",
                                          "Template dialogue_extract ({lang}): {problem}"),
    "dialogue_extract.no_source": ("项目里没有编号为 {id} 的来源。", "The project has no source #{id}."),
    "dialogue_extract.source_not_extracted": (
        "来源“{name}”还没有用模型抽取过台词：请先运行台词抽取（generate dialogue-extract）。",
        "Source “{name}” has no dialogue extracted by the LLM yet: run the dialogue extraction "
        "(generate dialogue-extract) first."),
    "dialogue_extract.selected_not_extracted": (
        "选中的文档还没有用模型抽取过台词：请先运行台词抽取（generate dialogue-extract）。",
        "No dialogue has been extracted by the LLM from the selected document yet: run the dialogue "
        "extraction (generate dialogue-extract) first."),
    "dialogue_extract.nothing_extracted": (
        "项目里还没有哪个文档用模型抽取过台词：请先运行台词抽取（generate dialogue-extract）。",
        "No dialogue has been extracted by the LLM from any document of the project yet: run the dialogue "
        "extraction (generate dialogue-extract) first."),
    "dialogue_extract.no_character": ("请选择一个角色：他的台词会成为回答。",
                                      "Choose the character whose lines become the answers."),
    "dialogue_extract.history_range": ("带上的前文轮数不能小于 0（现在是 {got}）。",
                                       "History must be 0 or more turns (got {got})."),
    "dialogue_extract.min_turns": ("一段对话至少要有 2 轮（最少轮数现在是 {got}）。",
                                   "A dialogue needs at least 2 turns (min_turns is {got})."),
    "dialogue_extract.max_turns": ("最多轮数要么是 0（整场），要么至少 2（现在是 {got}）。",
                                   "max_turns must be 0 (whole scenes) or at least 2 (got {got})."),
    # why an extracted line is not kept (stored on the line; counted by kind in the run summary)
    "dialogue_extract.line.invented": ("编造的：原文里没有这句话", "invented: the line does not occur in the text"),
    "dialogue_extract.line.empty": ("台词是空的", "the line is empty"),
    "dialogue_extract.line.no_speaker": ("没有写说话人", "no speaker given"),
    "dialogue_extract.line.unknown_speaker": ("模型分不清是谁说的", "the model could not tell who speaks"),
    "dialogue_extract.line.narration": ("是叙述，不是人物说的话", "narration, not speech"),
    "dialogue_extract.line.narration_by": ("是叙述，不是人物说的话（说话人写成了“{speaker}”）",
                                           "narration, not speech (speaker “{speaker}”)"),
    "dialogue_extract.all_rejected": (
        "每一句都不能用：有 {n} 句是编造的（原文里没有，例如“{example}”）；请把每句台词按原文一字不差地抄下来",
        "every line was rejected: {n} invented (not in the text, e.g. “{example}”); copy each line exactly as "
        "it is written in the text"),
    "dialogue_extract.all_rejected_others": (
        "每一句都不能用：有 {n} 句是编造的（原文里没有，例如“{example}”），另有 {others} 句因别的原因不用；"
        "请把每句台词按原文一字不差地抄下来",
        "every line was rejected: {n} invented (not in the text, e.g. “{example}”) and {others} rejected "
        "otherwise; copy each line exactly as it is written in the text"),
    # ---- the style flow (core/flows/style.py): why it cannot start or had to stop
    "style.count_range": ("至少要 1 条通过的样本（现在要的是 {got}）。", "Ask for at least 1 accepted sample (count is {got})."),
    "style.max_attempts_range": ("最多尝试次数要是 0（= 3 × 样本数）或更多（现在是 {got}）。",
                                 "max_attempts must be 0 (= 3 × count) or more (got {got})."),
    "style.max_attempts_below_count": (
        "最多尝试次数（{max_attempts}）比要通过的样本数（{count}）还少：这样永远凑不够。",
        "max_attempts ({max_attempts}) is smaller than count ({count}): the run could never reach the count."),
    "style.unknown_lang": ("没有“{lang}”这种语言（已有：{known}）。", "Unknown language “{lang}” (known: {known})."),
    "style.no_inputs": ("没有用户消息：请给一些（每行一条），或者让模型来写。",
                        "There are no inputs: give some (one per line) or let the LLM write them."),
    "style.no_topic": ("请至少写一个话题，模型按它来写用户消息。", "Name at least one topic for the generated inputs."),
    "style.internal_error": ("检查回复时出了内部错误：{kind}：{text}",
                             "Internal error while validating the replies: {kind}: {text}"),
    "style.embeddings_count": ("向量接口为 {texts} 段文字只返回了 {n} 个向量。",
                               "The embeddings endpoint returned {n} vector(s) for {texts} text(s)."),
    "style.no_embeddings_http": ("服务商在 {url} 没有“{model}”这个向量模型（HTTP {status}）",
                                 "the provider has no embeddings for “{model}” at {url} (HTTP {status})"),
    "style.no_embeddings": ("服务商在 {url} 没有“{model}”这个向量模型（不支持）",
                            "the provider has no embeddings for “{model}” at {url} (not supported)"),
    "style.embeddings_failed": ("向量请求失败：{reason}", "Embeddings request failed: {reason}"),
    "style.no_embedding_model": ("没有设置向量模型", "no embedding model set"),
}
