"""The training hand-off: every written LLaMA-Factory YAML opens as LLaMA-Factory 0.9.5 opens it
(OmegaConf) with no key its argument dataclasses lack, values of their types, a registered
template and datasets registered in the written dataset_info.json — for every base model and
method; XTuner configs use only what XTuner 0.2.0 has. Both checked against snapshots of the
wheels (tests/trainer_snapshot.py)."""

from __future__ import annotations

import ast
import json
import os
import shlex
from pathlib import Path

import pytest
from omegaconf import OmegaConf
from trainer_snapshot import LLAMAFACTORY_SNAPSHOT, XTUNER_SNAPSHOT, config_facts

from core.errors import ExportError
from core.export import ExportOptions, export_samples
from core.export.base_models import BASE_MODELS, find_base_model
from core.export.training import (
    METHODS,
    REASONING_TEMPLATES,
    TrainingOptions,
    check_training,
    write_training_config,
)
from core.model import Sample, Turn
from core.store import Store

LF = json.loads(LLAMAFACTORY_SNAPSHOT.read_text(encoding="utf-8"))
XT = json.loads(XTUNER_SNAPSHOT.read_text(encoding="utf-8"))


def _value_fits(value, annotation: str) -> bool:
    """A value as HfArgumentParser.parse_dict hands it to the dataclass: no conversion, so the
    YAML must already hold the field's type."""
    if value is None:
        return "None" in annotation or "Optional" in annotation
    if isinstance(value, bool):
        return "bool" in annotation
    if isinstance(value, int):
        return any(t in annotation for t in ("int", "float"))
    if isinstance(value, float):
        return "float" in annotation
    if isinstance(value, str):
        return "str" in annotation or annotation[:1].isupper()  # an enum-typed field takes its value's string
    return False


def check_llamafactory_yaml(path: Path, folder: Path) -> dict:
    """The checks LLaMA-Factory's own parser would make on this file (see the module doc)."""
    config = OmegaConf.to_container(OmegaConf.load(path))  # how llamafactory.hparams.parser.read_args reads it
    arguments = LF["arguments"]
    unknown = sorted(set(config) - set(arguments))
    assert unknown == [], f"{path.name}: keys LLaMA-Factory 0.9.5 does not accept: {unknown}"
    for key, value in config.items():
        spec = arguments[key]
        for annotation in spec["types"]:
            assert _value_fits(value, annotation), f"{key}: {value!r} is not a {annotation}"
        if "choices" in spec:
            assert value in spec["choices"], f"{key}: {value!r} not one of {spec['choices']}"
    assert config["template"] in LF["templates"]
    info = json.loads((folder / config["dataset_dir"] / "dataset_info.json").read_text(encoding="utf-8"))
    for key in ("dataset", "eval_dataset"):
        for name in (config.get(key) or "").split(","):
            if name:
                assert name in info, f"{key} {name!r} is not in dataset_info.json"
                assert (folder / info[name]["file_name"]).is_file()
    assert not ("eval_dataset" in config and config.get("val_size")), "LLaMA-Factory refuses both"
    return config


def check_xtuner_config(path: Path) -> dict:
    source = path.read_text(encoding="utf-8")
    ast.parse(source)
    facts = config_facts(source)
    shipped_from = {tuple(x) for x in XT["config_from_imports"]}
    for module, name in facts["from_imports"]:
        if module.startswith("xtuner"):
            assert name in XT["modules"][module], f"xtuner has no {module}.{name}"
        else:
            assert (module, name) in shipped_from, f"XTuner's own configs never import {module}.{name}"
    assert facts["imports"] <= set(XT["config_imports"])
    assert facts["names"] <= set(XT["config_names"]), facts["names"] - set(XT["config_names"])
    for type_name, keywords in facts["typed"].items():
        callee = XT["callables"].get(type_name)
        if callee is not None:  # one of XTuner's own functions or classes: its parameters
            assert callee["kwargs"] or keywords <= set(callee["params"]), (type_name, keywords - set(callee["params"]))
        else:  # mmengine, transformers, peft, torch: what XTuner's own configs pass them
            assert keywords <= set(XT["config_typed_keywords"][type_name]), (type_name, keywords)
    for place, keywords in facts["plain"].items():
        assert keywords <= set(XT["config_plain_keywords"][place]), (place, keywords)
    assert facts["prompt_templates"] <= set(XT["prompt_templates"])
    return facts


def _project(path: Path, n: int = 40, long_every: int = 0, pretrain: bool = False) -> Path:
    with Store.create(path) as store:
        if pretrain:
            store.add_samples([Sample(kind="pretrain", turns=[Turn("assistant", f"第{i}段。" + "客栈的故事。" * 30)],
                                      status="accepted") for i in range(n)])
        else:
            store.add_samples([Sample.qa(f"问题{i}：客栈开了多少年？", "十年。" * (400 if long_every and i % long_every == 0
                                                                              else 5), status="accepted")
                               for i in range(n)])
    return path


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """One export per shape the configs read: LLaMA-Factory formats with and without a test file,
    XTuner's two formats, and pre-training text."""
    root = tmp_path_factory.mktemp("training")
    qa = _project(root / "qa.corpus")
    text = _project(root / "text.corpus", pretrain=True)
    made = {}
    for name, project, options in (
        ("sharegpt_split", qa, ExportOptions("sharegpt", root / "sg" / "客服问答.json", test_ratio=0.2)),
        ("alpaca", qa, ExportOptions("alpaca", root / "al" / "qa.jsonl", jsonl=True)),
        ("openai_split", qa, ExportOptions("openai", root / "oa" / "msgs.jsonl", jsonl=True, test_ratio=0.1)),
        ("csv", qa, ExportOptions("csv", root / "csv" / "pairs.csv")),
        ("xtuner_split", qa, ExportOptions("xtuner", root / "xt" / "conv.json", test_ratio=0.1)),
        ("pretrain_alpaca", text, ExportOptions("alpaca", root / "pt" / "text.json")),
        ("pretrain_xtuner", text, ExportOptions("xtuner", root / "ptx" / "text.json")),
    ):
        made[name] = (options, export_samples(project, options))
    return made


@pytest.mark.parametrize("method", METHODS)
def test_every_base_model_gets_a_yaml_llamafactory_accepts(exports, method):
    for shape in ("sharegpt_split", "alpaca", "openai_split", "csv"):
        options, report = exports[shape]
        for model in BASE_MODELS:
            handoff = write_training_config(report, options, TrainingOptions("llamafactory", model.key, method))
            config = check_llamafactory_yaml(handoff.config, handoff.config.parent)
            assert config["model_name_or_path"] == model.hub_id and config["template"] == model.template
            assert config["stage"] == "sft" and config["do_train"] is True
            assert config["finetuning_type"] == ("full" if method == "full" else "lora")
            assert (config.get("quantization_bit") == 4) == (method == "qlora")
            assert config["dataset"] == report.files[0].stem
            assert config.get("eval_dataset") == (report.files[1].stem if report.test else None)
            run = f"llamafactory-cli train {shlex.quote(handoff.config.name)}"
            assert handoff.command.endswith(run) and handoff.script.read_text(encoding="utf-8").strip().endswith(run)
            assert os.access(handoff.script, os.X_OK)


def test_pretraining_text_gets_stage_pt(exports):
    options, report = exports["pretrain_alpaca"]
    assert report.pretrain
    handoff = write_training_config(report, options, TrainingOptions("llamafactory", "qwen2.5-1.5b-instruct"))
    config = check_llamafactory_yaml(handoff.config, handoff.config.parent)
    assert config["stage"] == "pt"
    info = json.loads((handoff.config.parent / "dataset_info.json").read_text(encoding="utf-8"))
    assert info[config["dataset"]]["columns"] == {"prompt": "text"}


def test_the_model_table_is_llamafactorys_own():
    """Each hub id has the template (and ModelScope id) LLaMA-Factory 0.9.5 itself assigns it,
    and the reasoning templates are the ones its ReasoningTemplate class serves."""
    for m in BASE_MODELS:
        assert m.template in LF["templates"], m.template
        assert LF["models"][m.hub_id] == {"template": m.template, "modelscope": m.modelscope_id}, m.key
        assert find_base_model(m.key) is m and find_base_model(m.hub_id.upper()) is m
        if m.xtuner_template:
            assert m.xtuner_template in XT["prompt_templates"]
    ours = {m.template for m in BASE_MODELS}
    reasoning = {t for t in ours if LF["templates"][t].endswith("ReasoningTemplate")}
    assert reasoning == set(REASONING_TEMPLATES)
    families = {m.family for m in BASE_MODELS}
    assert {"Qwen2.5", "Qwen3", "GLM-4", "Llama 3", "DeepSeek", "InternLM", "Yi", "Gemma"} <= families


@pytest.mark.parametrize("method", METHODS)
def test_xtuner_configs_use_only_what_xtuner_has(exports, method):
    for shape in ("xtuner_split", "openai_split", "pretrain_xtuner"):
        options, report = exports[shape]
        for model in [m for m in BASE_MODELS if m.xtuner_template]:
            handoff = write_training_config(report, options, TrainingOptions("xtuner", model.key, method))
            facts = check_xtuner_config(handoff.config)
            source = handoff.config.read_text(encoding="utf-8")
            assert f"pretrained_model_name_or_path = {model.hub_id!r}" in source
            assert f"data_files = [{report.files[0].name!r}]" in source
            assert ("openai_map_fn" in source) == (options.format == "openai")
            if shape == "pretrain_xtuner":
                assert facts["prompt_templates"] == set() and "template_map_fn=None" in source
            else:
                assert facts["prompt_templates"] == {model.xtuner_template}
            assert ("LoraConfig" in facts["typed"]) == (method != "full")
            assert ("BitsAndBytesConfig" in facts["typed"]) == (method == "qlora")
            assert handoff.command.endswith(f"xtuner train {shlex.quote(handoff.config.name)}")
    # the test file's first questions are what the model answers while it trains
    options, report = exports["xtuner_split"]
    handoff = write_training_config(report, options, TrainingOptions("xtuner", "internlm2.5-7b-chat"))
    first = json.loads(report.files[1].read_text(encoding="utf-8"))[0]["conversation"][0]["input"]
    assert repr(first) in handoff.config.read_text(encoding="utf-8")


def test_cutoff_follows_the_lengths_and_says_what_is_cut(tmp_path):
    project = _project(tmp_path / "long.corpus", n=200, long_every=50)  # 4 rows of ~1200 tokens
    options = ExportOptions("alpaca", tmp_path / "out" / "long.json")
    report = export_samples(project, options)
    handoff = write_training_config(report, options, TrainingOptions("llamafactory", "qwen2.5-7b-instruct"))
    assert handoff.lengths.longest > 1024 and handoff.lengths.p99 > 1024
    assert handoff.plan.cutoff_len == 2048  # the 99th percentile, rounded up to a power of two
    config = check_llamafactory_yaml(handoff.config, handoff.config.parent)
    assert config["cutoff_len"] == 2048
    short = _project(tmp_path / "short.corpus", n=200)
    options = ExportOptions("alpaca", tmp_path / "out2" / "short.json")
    handoff = write_training_config(export_samples(short, options), options,
                                    TrainingOptions("llamafactory", "qwen2.5-7b-instruct"))
    assert handoff.plan.cutoff_len == 512 and not any(n.code == "training.note.truncated" for n in handoff.notes)
    with Store(short) as store:
        store.add_samples([Sample.qa("长问题", "很长的回答。" * 3000, status="accepted")])
    handoff = write_training_config(export_samples(short, options), options,
                                    TrainingOptions("llamafactory", "qwen2.5-7b-instruct"))
    assert handoff.plan.cutoff_len == 512  # one long row of 201 is past the 99th percentile
    truncated = [n for n in handoff.notes if n.code == "training.note.truncated"]
    assert truncated and truncated[0].params["n"] == 1


def test_memory_note_for_models_that_do_not_fit_one_gpu(exports):
    options, report = exports["alpaca"]
    small = write_training_config(report, options, TrainingOptions("llamafactory", "qwen2.5-7b-instruct", "lora"))
    assert not any(n.code == "training.note.memory" for n in small.notes)
    big = write_training_config(report, options, TrainingOptions("llamafactory", "qwen2.5-14b-instruct", "lora"))
    assert any(n.code == "training.note.memory" for n in big.notes)
    fits = write_training_config(report, options, TrainingOptions("llamafactory", "qwen2.5-14b-instruct", "qlora"))
    assert not any(n.code == "training.note.memory" for n in fits.notes)
    assert any(n.code == "training.note.memory" for n in write_training_config(
        report, options, TrainingOptions("llamafactory", "deepseek-v3", "qlora")).notes)


def test_what_cannot_be_written_is_said_before_the_export(tmp_path):
    ok = ExportOptions("sharegpt", tmp_path / "a.json")
    with pytest.raises(ExportError) as e:
        check_training(TrainingOptions("llamafactory", "qwen-9000"), ok)
    text = e.value.args[0].render("en")
    assert "qwen-9000" in text and "qwen2.5-7b-instruct" in text and "glm-4-9b-chat" in text
    for options, training, code in (
        (ExportOptions("xtuner", tmp_path / "b.json"), TrainingOptions("llamafactory"), "training.lf_format"),
        (ExportOptions("alpaca", tmp_path / "c.json", dataset_info=False), TrainingOptions("llamafactory"),
         "training.lf_needs_dataset_info"),
        (ExportOptions("alpaca", tmp_path / "d.json"), TrainingOptions("xtuner"), "training.xtuner_format"),
        (ExportOptions("xtuner", tmp_path / "e.json"), TrainingOptions("xtuner", "glm-4-9b-chat"),
         "training.xtuner_no_template"),
        (ok, TrainingOptions("llamafactory", method="dora"), "training.unknown_method"),
        (ExportOptions("alpaca", tmp_path / "a,b.json"), TrainingOptions("llamafactory"), "training.name_has_comma"),
    ):
        with pytest.raises(ExportError) as e:
            check_training(training, options)
        assert e.value.args[0].code == code
    assert list(tmp_path.iterdir()) == []


def test_the_snapshots_match_the_wheels():
    """Regenerates the snapshots from the wheels when they are at hand (TRAINER_WHEELS, default
    /tmp/wheels; see tests/trainer_snapshot.py for the one pip command) and compares."""
    from trainer_snapshot import Wheel, llamafactory_snapshot, xtuner_snapshot

    folder = Path(os.environ.get("TRAINER_WHEELS", "/tmp/wheels"))
    lf = sorted(folder.glob("llamafactory-0.9.5-*.whl"))
    xt = sorted(folder.glob("xtuner-0.2.0-*.whl"))
    tf = [sorted(folder.glob(f"transformers-{v}-*.whl")) for v in LF["transformers"]]
    if not (lf and xt and all(tf)):
        pytest.skip(f"the wheels are not in {folder} (a refresh check, not needed to test the configs)")
    assert json.loads(json.dumps(llamafactory_snapshot(Wheel(lf[0]), [Wheel(t[0]) for t in tf]), sort_keys=True)) == LF
    assert json.loads(json.dumps(xtuner_snapshot(Wheel(xt[0])), sort_keys=True)) == XT
