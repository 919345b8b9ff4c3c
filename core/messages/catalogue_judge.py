"""Messages of the LLM judge: rubrics, scores, thresholds. (code → (Chinese, English))"""

MESSAGES: dict = {
    # ---- the rubric templates' variables (core/llm/templates.py VARIABLE_HELP) ------------------
    "judge.var.answer": ("样本的回答", "the sample's answer"),
    "judge.var.source": ("回答依据的原文（没有时写明没有）", "the source text the answer rests on (or a note that there is none)"),
    "judge.var.dialogue": ("整段对话，每轮一行“说话人：内容”", "the whole dialogue, one “speaker: text” line per turn"),
    "judge.var.input": ("抽取样本的输入（材料和要求）", "the extraction sample's input (material and request)"),
    "judge.var.output": ("抽取出的结果", "what was extracted"),
    "judge.var.rubric": ("用户自己的评分标准", "the user's own rubric"),
    "judge.var.sample": ("整条样本（原文、问题和回答，或对话）", "the whole sample (source, question and answer, or the dialogue)"),
    # ---- the judge's answer, checked (also said to the model, in English, in a re-ask) ----------
    "judge.bad_score": ("“score”必须是 1 到 5 的整数（收到的是 {got}）",
                        "“score” must be a whole number from 1 to 5 (got {got})"),
    "judge.no_reason": ("“reason”必须是一句非空的话", "“reason” must be a sentence, not empty"),
    "judge.reason_not_chinese": ("“reason”必须用中文写", "write “reason” in Chinese"),
    "judge.reason_not_english": ("“reason”必须用英文写", "write “reason” in English"),
    # ---- options and rubrics --------------------------------------------------------------------
    "judge.unknown_lang": ("没有“{lang}”语言的评分标准（可选：{known}）。",
                           "There is no rubric in the language “{lang}” (choose one of {known})."),
    "judge.rubric_problem": ("评分标准“{name}”：{problem}", "Rubric “{name}”: {problem}"),
    "judge.rubric_empty": ("评分标准“{name}”是空的：写上评分要看什么、几分算好。",
                           "The rubric “{name}” is empty: write what to check and what each score means."),
    "judge.rubric_braces": ("评分标准“{name}”里不能有 {{{{ 或 }}}}：这是模板占位符的写法，请换成别的括号。",
                            "The rubric “{name}” may not contain {{{{ or }}}} (they mark template variables): "
                            "use other brackets."),
    "judge.rubric_missing": ("找不到评分标准文件：{path}", "Rubric file not found: {path}"),
    "judge.rubric_not_utf8": ("评分标准文件不是 UTF-8 编码的文本：{path}。请另存为 UTF-8 再试。",
                              "The rubric file is not UTF-8 text: {path}. Save it as UTF-8 and try again."),
    "judge.rubric_unreadable": ("读不了评分标准文件 {path}（{error}）。", "Cannot read the rubric file {path} ({error})."),
    # ---- verdicts, threshold --------------------------------------------------------------------
    "judge.below_threshold": ("AI 评分 {score} 分，低于 {threshold} 分", "AI score {score}, below {threshold}"),
    "judge.line": ("AI 评分：{score} 分（{model}）：{reason}", "AI score: {score}/5 ({model}): {reason}"),
    "judge.stage": ("评分", "scoring"),
    # ---- `python main.py judge` -------------------------------------------------------------------
    "judge.cli.selected": ("选中的样本：{n} 条", "selected:   {n} samples"),
    "judge.cli.plain": ("纯文本（预训练）样本 {n} 条没有评分标准，未评分", {
        "one": "{n} plain-text (pretrain) sample has no rubric: not judged",
        "other": "{n} plain-text (pretrain) samples have no rubric: not judged"}),
    "judge.cli.judged": ("已评分：{n} 条（本次新评 {now} 条）", "judged:     {n} ({now} this run)"),
    "judge.cli.scores": ("分数分布：{scores}", "scores:     {scores}"),
    "judge.cli.score_item": ("{score} 分 {n} 条", "{score}: {n}"),
    "judge.cli.no_scores": ("（还没有）", "(none yet)"),
    "judge.cli.threshold": ("低于 {threshold} 分拒绝：{n} 条", "rejected below {threshold}: {n}"),
    "judge.cli.threshold_skipped": ("低于 {threshold} 分但经过人工审阅、未改动：{n} 条",
                                    "below {threshold} but touched by you, left as they are: {n}"),
    "judge.cli.threshold_restored": ("之前因分数拒绝、现在达到 {threshold} 分、已改回待审：{n} 条",
                                     "rejected by an earlier threshold, now passing {threshold}, pending again: {n}"),
    "judge.cli.bad_threshold": ("--threshold 必须是 1 到 5 之间的整数（收到 {got}）。",
                                "--threshold must be a whole number from 1 to 5 (got {got})."),
}
