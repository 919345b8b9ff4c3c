"""What LLaMA-Factory 0.9.5 and XTuner 0.2.0 accept, read from their wheels' sources (no import:
both need torch and a GPU stack), kept as JSON in tests/data/ for tests/test_training_config.py.

LLaMA-Factory reads a training YAML with transformers' HfArgumentParser over its own dataclasses
(ModelArguments, DataArguments, TrainingArguments on transformers' Seq2SeqTrainingArguments,
FinetuningArguments, GeneratingArguments) and refuses unknown keys. The parser takes every
dataclass field with init=True; so do we, from the class bodies and their bases, for the oldest
and newest transformers 0.9.5 accepts (>=4.55.0, <=5.6.0; a key must be in both). Literal types
and enums give the allowed values. Templates are its register_template(name=…) calls; the hub id
→ template table is its register_model_group(...) calls.

XTuner configs are Python files of mmengine dicts. From its wheel: the names each xtuner module
exports, the parameters of its functions and classes, the PROMPT_TEMPLATE names, and the imports,
top-level names and keyword arguments its own configs/custom_dataset configs use.

Refresh (wheels from PyPI with pip's own client; nothing else is fetched)::

    pip download llamafactory==0.9.5 xtuner==0.2.0 transformers==4.55.0 transformers==5.6.0 --no-deps -d /tmp/wheels
    python tests/trainer_snapshot.py /tmp/wheels
"""

from __future__ import annotations

import ast
import json
import sys
import zipfile
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
LLAMAFACTORY_SNAPSHOT = DATA / "llamafactory_0.9.5.json"
XTUNER_SNAPSHOT = DATA / "xtuner_0.2.0.json"
LF_VERSION, XTUNER_VERSION = "0.9.5", "0.2.0"
TRANSFORMERS_VERSIONS = ("4.55.0", "5.6.0")  # the bounds of llamafactory 0.9.5's requirement
TRAIN_CLASSES = ("ModelArguments", "DataArguments", "TrainingArguments", "FinetuningArguments",
                 "GeneratingArguments")


class Wheel:
    def __init__(self, path: Path):
        self.zip = zipfile.ZipFile(path)
        self.names = set(self.zip.namelist())

    def source(self, name: str) -> str:
        return self.zip.read(name).decode("utf-8")

    def tree(self, name: str) -> ast.Module:
        return ast.parse(self.source(name))


# ---- dataclass fields ----------------------------------------------------------------------------
def _is_init_false(value: ast.AST | None) -> bool:
    if not isinstance(value, ast.Call):
        return False
    return any(k.arg == "init" and isinstance(k.value, ast.Constant) and k.value.value is False
               for k in value.keywords)


def classes(tree: ast.Module) -> dict[str, dict]:
    """Each class: its base names and its annotated fields (name → annotation source), init=False left out."""
    out = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        fields, consts = {}, {}
        for item in node.body:
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                if not _is_init_false(item.value):
                    fields[item.target.id] = ast.unparse(item.annotation)
            elif isinstance(item, ast.Assign) and isinstance(item.value, ast.Constant):
                for t in item.targets:
                    if isinstance(t, ast.Name) and isinstance(item.value.value, str):
                        consts[t.id] = item.value.value
        out[node.name] = {"bases": [ast.unparse(b) for b in node.bases], "fields": fields, "consts": consts}
    return out


def _fields_of(name: str, known: dict[str, dict], aliases: dict[str, str]) -> dict[str, str]:
    name = aliases.get(name, name)
    cls = known.get(name)
    if cls is None:
        return {}
    out: dict[str, str] = {}
    for base in reversed(cls["bases"]):  # later bases first: the leftmost base wins, as in the MRO
        out.update(_fields_of(base, known, aliases))
    out.update(cls["fields"])
    return out


def _literal_choices(annotation: str) -> list[str] | None:
    tree = ast.parse(annotation, mode="eval").body
    found: list = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) in ("Literal", "typing.Literal"):
            sl = node.slice
            items = sl.elts if isinstance(sl, ast.Tuple) else [sl]
            found += [i.value for i in items if isinstance(i, ast.Constant)]
    return found or None


def _enum_choices(annotation: str, enums: dict[str, list[str]]) -> list[str] | None:
    names = {n.id for n in ast.walk(ast.parse(annotation, mode="eval")) if isinstance(n, ast.Name)}
    for name in names:
        if name in enums:
            return enums[name]
    return None


def _enums(trees: list[ast.Module]) -> dict[str, list[str]]:
    out = {}
    for tree in trees:
        for name, cls in classes(tree).items():
            if any("Enum" in b for b in cls["bases"]) and cls["consts"]:
                out[name] = list(cls["consts"].values())
    return out


def llamafactory_arguments(lf: Wheel, transformers: Wheel) -> dict[str, dict]:
    known: dict[str, dict] = {}
    trees = []
    for module in ("data_args", "model_args", "finetuning_args", "generating_args", "training_args"):
        tree = lf.tree(f"llamafactory/hparams/{module}.py")
        trees.append(tree)
        known.update(classes(tree))
    t_tree = transformers.tree("transformers/training_args.py")
    known.update(classes(t_tree))
    known.update(classes(transformers.tree("transformers/training_args_seq2seq.py")))
    # LLaMA-Factory's TrainingArguments stands on "BaseTrainingArguments" = Seq2SeqTrainingArguments
    # (the mcore_adapter variant only with USE_MCA=1); transformers' own class is named like LF's.
    known["HFTrainingArguments"] = known.pop("TrainingArguments")
    known["Seq2SeqTrainingArguments"]["bases"] = ["HFTrainingArguments"]
    known.update(classes(lf.tree("llamafactory/hparams/training_args.py")))
    aliases = {"BaseTrainingArguments": "Seq2SeqTrainingArguments"}
    enums = _enums(trees + [lf.tree("llamafactory/extras/constants.py"), t_tree,
                            transformers.tree("transformers/trainer_utils.py")])
    out: dict[str, dict] = {}
    for cls in TRAIN_CLASSES:
        for name, annotation in _fields_of(cls, known, aliases).items():
            choices = _literal_choices(annotation) or _enum_choices(annotation, enums)
            out[name] = {"type": annotation, **({"choices": choices} if choices else {})}
    return out


def _merge_versions(per_version: list[dict[str, dict]]) -> dict[str, dict]:
    """Keys every version accepts; allowed values every version accepts."""
    common = set(per_version[0]).intersection(*per_version[1:])
    out = {}
    for key in sorted(common):
        entries = [v[key] for v in per_version]
        entry = {"types": sorted({e["type"] for e in entries})}
        if all("choices" in e for e in entries):
            entry["choices"] = sorted(set(entries[0]["choices"]).intersection(*(e["choices"] for e in entries)))
        out[key] = entry
    return out


# ---- templates and the model table -----------------------------------------------------------------
def _call_name(node: ast.Call) -> str:
    return node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")


def templates(lf: Wheel) -> dict[str, str]:
    """Registered template name → its template class ("Template" when none is given)."""
    out = {}
    for node in ast.walk(lf.tree("llamafactory/data/template.py")):
        if isinstance(node, ast.Call) and _call_name(node) == "register_template":
            kw = {k.arg: k.value for k in node.keywords}
            name = kw.get("name")
            if isinstance(name, ast.Constant):
                cls = kw.get("template_class")
                out[name.value] = ast.unparse(cls) if cls is not None else "Template"
    return out


def model_templates(lf: Wheel) -> dict[str, dict[str, str]]:
    """Hub id → {template, modelscope}, from LLaMA-Factory's own register_model_group calls."""
    out: dict[str, dict[str, str]] = {}
    for node in ast.walk(lf.tree("llamafactory/extras/constants.py")):
        if not (isinstance(node, ast.Call) and _call_name(node) == "register_model_group"):
            continue
        kw = {k.arg: k.value for k in node.keywords}
        template = kw.get("template")
        models = kw.get("models")
        if not isinstance(template, ast.Constant) or not isinstance(models, ast.Dict):
            continue
        for sources in models.values:
            if not isinstance(sources, ast.Dict):
                continue
            ids = {ast.unparse(k).split(".")[-1]: v.value for k, v in zip(sources.keys, sources.values, strict=True)
                   if isinstance(v, ast.Constant)}
            if "DEFAULT" in ids:
                out[ids["DEFAULT"]] = {"template": template.value, "modelscope": ids.get("MODELSCOPE", "")}
    return out


def llamafactory_snapshot(lf: Wheel, transformers: list[Wheel]) -> dict:
    return {
        "llamafactory": LF_VERSION,
        "transformers": list(TRANSFORMERS_VERSIONS),
        "arguments": _merge_versions([llamafactory_arguments(lf, t) for t in transformers]),
        "templates": templates(lf),
        "models": model_templates(lf),
    }


# ---- XTuner ----------------------------------------------------------------------------------------
def config_facts(source: str) -> dict:
    """What an XTuner config uses: imports, top-level names, keywords of dict(type=T, …) per T
    and of plain dicts per place, and PROMPT_TEMPLATE attributes."""
    tree = ast.parse(source)
    facts: dict = {"imports": set(), "from_imports": set(), "names": set(), "typed": {}, "plain": {},
                   "prompt_templates": set()}

    def walk_dict(call: ast.Call, place: str) -> None:
        kws = {k.arg: k.value for k in call.keywords if k.arg}
        if "type" in kws:
            key = ast.unparse(kws["type"])
            facts["typed"].setdefault(key, set()).update(k for k in kws if k != "type")
        else:
            facts["plain"].setdefault(place, set()).update(kws)
        for k, v in kws.items():
            walk_value(v, f"{place}.{k}")

    def walk_value(v: ast.AST, place: str) -> None:
        if isinstance(v, ast.Call) and _call_name(v) == "dict":
            walk_dict(v, place)
        elif isinstance(v, (ast.List, ast.Tuple)):
            for item in v.elts:
                walk_value(item, place)

    for node in tree.body:
        if isinstance(node, ast.Import):
            facts["imports"].update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            facts["from_imports"].update((node.module, a.name) for a in node.names)
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    facts["names"].add(t.id)
                    walk_value(node.value, t.id)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            walk_value(node.value, node.target.id)
        elif isinstance(node, ast.If):
            for sub in node.body:
                if isinstance(sub, ast.AugAssign) and isinstance(sub.target, ast.Name):
                    walk_value(sub.value, sub.target.id)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "PROMPT_TEMPLATE":
            facts["prompt_templates"].add(node.attr)
    return facts


def _module_file(wheel: Wheel, module: str) -> str | None:
    base = module.replace(".", "/")
    for name in (f"{base}.py", f"{base}/__init__.py"):
        if name in wheel.names:
            return name
    return None


def module_names(wheel: Wheel, module: str, seen: set[str] | None = None) -> set[str]:
    """The names `from module import X` can take: defined there, imported there, or star-imported."""
    seen = seen if seen is not None else set()
    path = _module_file(wheel, module)
    if path is None or module in seen:
        return set()
    seen.add(module)
    package = module if path.endswith("__init__.py") else module.rsplit(".", 1)[0]
    names: set[str] = set()
    for node in wheel.tree(path).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.Import):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                target = ".".join(parts + ([node.module] if node.module else []))
            for a in node.names:
                if a.name == "*":
                    names.update(n for n in module_names(wheel, target, seen) if not n.startswith("_"))
                else:
                    names.add(a.asname or a.name)
    return names


def callables(wheel: Wheel) -> dict[str, dict]:
    """Every top-level function and class of the wheel: its parameters (a class: its __init__'s,
    following its bases inside the wheel) and whether it takes **kwargs."""
    defs: dict[str, ast.AST] = {}
    for name in sorted(wheel.names):
        if name.endswith(".py") and "/configs/" not in name:
            try:
                tree = wheel.tree(name)
            except SyntaxError:
                continue
            for node in tree.body:
                if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                    defs.setdefault(node.name, node)

    def params(node: ast.AST, depth: int = 0) -> dict | None:
        if isinstance(node, ast.FunctionDef):
            a = node.args
            names = [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs if x.arg not in ("self", "cls")]
            return {"params": names, "kwargs": a.kwarg is not None}
        if isinstance(node, ast.ClassDef) and depth < 5:
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                    return params(item)
            for base in node.bases:
                found = defs.get(ast.unparse(base).split(".")[-1])
                if found is not None:
                    return params(found, depth + 1)
        return None

    return {name: p for name, node in defs.items() if (p := params(node)) is not None}


def prompt_templates(wheel: Wheel) -> list[str]:
    for node in ast.walk(wheel.tree("xtuner/utils/templates.py")):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "PROMPT_TEMPLATE"
                                                for t in node.targets):
            return sorted(k.arg for k in node.value.keywords if k.arg)
    return []


def xtuner_snapshot(xt: Wheel) -> dict:
    shipped = [xt.source(n) for n in sorted(xt.names) if n.startswith("xtuner/configs/custom_dataset/")
               and n.endswith(".py") and not n.endswith("__init__.py")]
    imports: set[str] = set()
    from_imports: set[tuple[str, str]] = set()
    names: set[str] = set()
    typed: dict[str, set[str]] = {}
    plain: dict[str, set[str]] = {}
    for source in shipped:
        f = config_facts(source)
        imports |= f["imports"]
        from_imports |= f["from_imports"]
        names |= f["names"]
        for k, v in f["typed"].items():
            typed.setdefault(k, set()).update(v)
        for k, v in f["plain"].items():
            plain.setdefault(k, set()).update(v)
    xtuner_modules = sorted({m for m, _ in from_imports if m.startswith("xtuner")} | {
        "xtuner.dataset", "xtuner.dataset.map_fns", "xtuner.dataset.collate_fns", "xtuner.engine.hooks",
        "xtuner.engine.runner", "xtuner.model", "xtuner.utils"})
    modules = {m: sorted(module_names(xt, m)) for m in xtuner_modules}
    exported = {n for names in modules.values() for n in names}
    every = callables(xt)
    return {
        "xtuner": XTUNER_VERSION,
        "configs_read": len(shipped),
        "prompt_templates": prompt_templates(xt),
        "modules": modules,
        "callables": {n: every[n] for n in sorted(every) if n in exported},
        "config_imports": sorted(imports),
        "config_from_imports": sorted([m, n] for m, n in from_imports),
        "config_names": sorted(names),
        "config_typed_keywords": {k: sorted(v) for k, v in sorted(typed.items())},
        "config_plain_keywords": {k: sorted(v) for k, v in sorted(plain.items())},
    }


def _wheel(folder: Path, pattern: str) -> Wheel:
    found = sorted(folder.glob(pattern))
    if not found:
        raise SystemExit(f"no {pattern} in {folder}")
    return Wheel(found[0])


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path("/tmp/wheels")
    lf = _wheel(folder, f"llamafactory-{LF_VERSION}-*.whl")
    transformers = [_wheel(folder, f"transformers-{v}-*.whl") for v in TRANSFORMERS_VERSIONS]
    DATA.mkdir(exist_ok=True)
    LLAMAFACTORY_SNAPSHOT.write_text(json.dumps(llamafactory_snapshot(lf, transformers), indent=1,
                                                ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    xt = _wheel(folder, f"xtuner-{XTUNER_VERSION}-*.whl")
    XTUNER_SNAPSHOT.write_text(json.dumps(xtuner_snapshot(xt), indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                               encoding="utf-8")
    print(f"wrote {LLAMAFACTORY_SNAPSHOT} and {XTUNER_SNAPSHOT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
