"""The message catalogue: every code in both languages, the same parameters, every code used."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from core.messages import Message, catalogue, code_of, decode, language_from_env, render, say, set_language

ROOT = Path(__file__).resolve().parent.parent


def _fields(template) -> set[str]:
    templates = template.values() if isinstance(template, dict) else [template]
    names: set[str] = set()
    for t in templates:
        names |= {f for _, f, _, _ in string.Formatter().parse(t) if f}
    return names


def test_every_code_has_both_languages_with_the_same_parameters():
    table = catalogue()
    assert table, "the catalogue is empty"
    for code, pair in table.items():
        assert isinstance(pair, tuple) and len(pair) == 2, code
        zh, en = pair
        assert zh and en, f"{code}: a language is empty"
        assert isinstance(zh, str), f"{code}: Chinese has no plural forms"
        if isinstance(en, dict):
            assert set(en) == {"one", "other"}, code
        # a library's own English words ({error}) may be left out of the Chinese sentence
        assert _fields(zh) == _fields(en) or _fields(zh) == _fields(en) - {"error"}, (
            f"{code}: parameters differ {_fields(zh)} vs {_fields(en)}")
        # Chinese words, or nothing to translate (only parameters and punctuation: “{name}”{problem})
        words = re.sub(r"\{[^{}]*\}", "", zh)
        assert re.search(r"[\u4e00-\u9fff]", zh) or not re.search(r"[A-Za-z]", words), (
            f"{code}: the Chinese text has no Chinese")


def test_every_catalogue_file_is_loaded_by_name():
    from core.messages import CATALOGUE_MODULES

    files = sorted(p.stem.removeprefix("catalogue_") for p in (ROOT / "core" / "messages").glob("catalogue_*.py"))
    assert files == sorted(CATALOGUE_MODULES)
    source = (ROOT / "core" / "messages" / "__init__.py").read_text(encoding="utf-8")
    for name in files:  # a static import, which PyInstaller follows into the frozen app
        assert f"        catalogue_{name},\n" in source, name


def test_every_code_said_in_the_sources_is_in_the_catalogue():
    said = re.compile(r"""\bsay\(\s*["']([a-z0-9_.]+)["']""")
    table = catalogue()
    missing = []
    for folder in ("core", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            for code in said.findall(path.read_text(encoding="utf-8")):
                if code not in table:
                    missing.append(f"{path.relative_to(ROOT)}: {code}")
    assert not missing, missing


def test_stored_messages_render_in_either_language_and_plain_text_passes():
    m = say("common.see_log", path="/tmp/a b.log")
    stored = m.encode()
    assert "\n" not in stored
    assert decode(stored) == m
    assert render(stored, "zh") == "详情见日志：/tmp/a b.log"
    assert render(stored, "en") == "Details are in the log: /tmp/a b.log"
    assert render("a provider's own words", "zh") == "a provider's own words"
    assert code_of(stored) == "common.see_log" and code_of("plain") is None


def test_nested_messages_and_unknown_codes_are_never_lost():
    outer = Message("common.see_log", {"path": say("common.see_log", path="x")})
    assert render(decode(outer.encode()), "en") == "Details are in the log: Details are in the log: x"
    assert "no.such.code" in render(say("no.such.code", n=3), "zh")
    # the inner message takes the reader's language too
    assert render(outer.encode(), "zh") == "详情见日志：详情见日志：x"


@pytest.mark.parametrize("env,lang", [
    ({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANGUAGE": "zh_TW:en"}, "zh"), ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "C"}, "en"), ({}, "en"), ({"LC_ALL": "de_DE.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
])
def test_language_follows_the_environment(env, lang):
    assert language_from_env(env) == lang


def test_set_language_checks_its_argument():
    with pytest.raises(ValueError):
        set_language("fr")
    set_language("zh")
    try:
        assert str(say("common.see_log", path="p")) == "详情见日志：p"
    finally:
        set_language(None)


def test_cli_takes_lang_before_or_after_the_command():
    from core.cli import _own_lang_commands, _take_lang, build_parser

    own = _own_lang_commands(build_parser())
    assert {("generate", "qa"), ("import-chat",), ("test-set",)} <= own and ("stats",) not in own
    assert _take_lang(["--lang", "zh", "stats", "--project", "p"], own) == (["stats", "--project", "p"], "zh")
    assert _take_lang(["stats", "--project", "p", "--lang=en"], own) == (["stats", "--project", "p"], "en")
    assert _take_lang(["stats", "--project", "--lang"], own) == (["stats", "--project", "--lang"], None)
    # after a command with a --lang of its own (the prompt's language), --lang keeps that meaning
    assert _take_lang(["generate", "qa", "--project", "p", "--lang", "en"], own) == (
        ["generate", "qa", "--project", "p", "--lang", "en"], None)
    assert _take_lang(["--lang", "zh", "test-set", "--lang", "en"], own) == (["test-set", "--lang", "en"], "zh")


def test_a_parameter_of_the_wrong_type_is_shown_not_raised():
    from core.messages import _fill

    assert "abc" in _fill("{n:,} 条", {"n": "abc"}, "zh")
    assert _fill("{n:,} 条", {"n": 12345}, "zh") == "12,345 条"


def test_a_list_of_messages_is_joined_in_the_readers_language():
    m = say("common.see_log", path=[say("common.see_log", path="a"), say("common.see_log", path="b")])
    back = decode(m.encode())
    assert back == Message("common.see_log", {"path": [say("common.see_log", path="a"), say("common.see_log", path="b")]})
    assert render(m.encode(), "zh") == "详情见日志：详情见日志：a；详情见日志：b"
    assert render(m.encode(), "en") == "Details are in the log: Details are in the log: a; Details are in the log: b"
