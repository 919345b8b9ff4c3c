"""Prompt templates: the built-in files, validation, rendering, the project's own copy."""

import pytest

from core.errors import InputError
from core.llm.templates import (
    TEMPLATES,
    Template,
    builtin_template,
    has_project_template,
    parse_template_text,
    project_template,
    render,
    reset_project_template,
    save_project_template,
    validate_template,
)
from core.store import Store


@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "t.corpus") as st:
        yield st


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_builtin_templates_are_valid(name, lang):
    t = builtin_template(name, lang)
    assert (t.name, t.lang) == (name, lang)
    assert t.system.strip() and t.user.strip()
    assert t.variables() == TEMPLATES[name]
    assert validate_template(t) == []
    assert "JSON" in t.system + t.user
    assert "###" not in t.system + t.user


def test_questions_template_renders_with_literal_json_braces():
    t = builtin_template("qa_questions", "zh")
    text = "林晚在洛阳开了一家客栈。模板里的 {{n}} 也只是文字。"
    messages = render(t, text=text, n=3)
    assert [m["role"] for m in messages] == ["system", "user"]
    user = messages[1]["content"]
    assert text in user  # the value is inserted once, never rendered again
    assert "提出 3 个问题" in user
    assert '{"questions": ["第一个问题", "第二个问题"]}' in user
    assert "{{" not in user.replace("{{n}} 也只是文字", "")


def test_english_templates_render():
    q = render(builtin_template("qa_questions", "en"), text="Lin Wan runs an inn in Luoyang.", n=2)
    assert "write 2 questions" in q[1]["content"] and "Lin Wan runs an inn in Luoyang." in q[1]["content"]
    assert '{"questions": ["first question", "second question"]}' in q[1]["content"]
    a = render(builtin_template("qa_answer", "en"), question="Where is the inn?",
               context="[Passage 1]\nIn Luoyang.")
    assert a[0]["role"] == "system" and "JSON" in a[0]["content"]
    assert "Question: Where is the inn?" in a[1]["content"] and "[Passage 1]\nIn Luoyang." in a[1]["content"]
    assert '"found": true' in a[1]["content"]


def test_render_leaves_out_an_empty_system_part_and_needs_every_value():
    t = Template("qa_questions", "zh", "", "JSON 问题 {{ n }} 个：{{text}}")
    assert render(t, text="正文", n=2) == [{"role": "user", "content": "JSON 问题 2 个：正文"}]
    with pytest.raises(InputError, match=r"no value for \{\{n\}\}"):
        render(t, text="正文")


def test_validation_messages():
    t = Template("qa_questions", "zh", "输出 JSON。{{lang}}", "问 {{n}} 个问题，还有 {{问题}}")
    problems = validate_template(t)
    assert "Unknown variable {{lang}}: this template knows only {{n}}, {{text}}." in problems
    assert any(p.startswith("Unknown variable {{问题}}") for p in problems)
    assert any(p.startswith("Missing variable {{text}}") for p in problems)
    assert len(problems) == 3

    empty = validate_template(Template("qa_answer", "en", "Answer in JSON: {{question}} {{context}}", "  \n"))
    assert empty == ["The user part is empty: write the prompt under “### user”."]

    no_json = validate_template(Template("qa_answer", "en", "", "{{question}} {{context}}"))
    assert len(no_json) == 1 and no_json[0].startswith("The prompt must mention JSON")

    assert validate_template(Template("nope", "zh", "", "x")) == [
        f"Unknown template “nope” (known: {', '.join(TEMPLATES)})."]


def test_parse_file_format():
    t = parse_template_text("### system\n你好\n\n### USER\n  {{text}} {{n}} JSON\n", "qa_questions", "zh")
    assert (t.system, t.user) == ("你好", "{{text}} {{n}} JSON")
    assert parse_template_text(t.to_text(), "qa_questions", "zh") == t
    with pytest.raises(InputError, match="must start with"):
        parse_template_text("intro\n### user\nx", "qa_questions", "zh")
    with pytest.raises(InputError, match="two “### user” sections"):
        parse_template_text("### user\na\n### user\nb", "qa_questions", "zh")
    with pytest.raises(InputError, match="Unknown template language"):
        builtin_template("qa_questions", "fr")


def test_project_copy_overrides_the_builtin_and_can_be_reset(store):
    builtin = builtin_template("qa_answer", "zh")
    assert project_template(store, "qa_answer", "zh") == builtin
    mine = Template("qa_answer", "zh", "只输出 JSON。", "问题：{{question}}\n材料：{{context}}")
    save_project_template(store, mine)
    assert has_project_template(store, "qa_answer", "zh")
    assert project_template(store, "qa_answer", "zh") == mine
    assert project_template(store, "qa_answer", "en") == builtin_template("qa_answer", "en")  # per language
    assert mine.digest() != builtin.digest()

    bad = Template("qa_answer", "zh", "", "问题：{{question}} {{oops}}")
    with pytest.raises(InputError) as e:
        save_project_template(store, bad)
    assert "{{oops}}" in str(e.value) and "{{context}}" in str(e.value) and "JSON" in str(e.value)
    assert project_template(store, "qa_answer", "zh") == mine  # the bad one was not stored

    reset_project_template(store, "qa_answer", "zh")
    assert not has_project_template(store, "qa_answer", "zh")
    assert project_template(store, "qa_answer", "zh") == builtin
