"""Parse every LLaMA-Factory YAML Corpusmith writes with LLaMA-Factory's own argument parser.

Not part of the test run: it needs LLaMA-Factory 0.9.5 with torch installed (gigabytes), which CI
does not have. tests/test_training_config.py checks the same keys against snapshots of the wheels;
this script is the check against the real parser, for a machine that has it:

    python -m venv /tmp/lfvenv && /tmp/lfvenv/bin/pip install llamafactory==0.9.5 omegaconf
    python main.py demo --project /tmp/lfcheck/p.cmsp
    for m in $(python main.py base-models | awk 'NR>2 && NF>3 && $1!="One" {print $1}'); do
      for meth in lora qlora full; do
        python main.py export --project /tmp/lfcheck/p.cmsp --format sharegpt --all --test-ratio 0.2 \
          --out /tmp/lfcheck/$m-$meth/data.json --train-config llamafactory --base-model $m --method $meth
      done
    done
    /tmp/lfvenv/bin/python tests/external/lf_parser_check.py /tmp/lfcheck

Each config goes through ``HfArgumentParser(_TRAIN_ARGS).parse_dict(..., allow_extra_keys=False)`` —
the parser ``llamafactory-cli train`` uses, which refuses an unknown key — and its template must be
registered in ``llamafactory.data.template.TEMPLATES``.
"""

import glob
import sys

from llamafactory.data.template import TEMPLATES
from llamafactory.hparams.parser import _TRAIN_ARGS, HfArgumentParser
from omegaconf import OmegaConf


def main(folder: str) -> int:
    ok = bad = 0
    for path in sorted(glob.glob(f"{folder}/**/*.yaml", recursive=True)):
        cfg = OmegaConf.to_container(OmegaConf.load(path))  # how LLaMA-Factory reads a YAML
        cfg["bf16"] = False  # a machine without a GPU refuses bf16 in TrainingArguments (not a key problem)
        try:
            _, data, *_ = HfArgumentParser(_TRAIN_ARGS).parse_dict(cfg, allow_extra_keys=False)
            if data.template not in TEMPLATES:
                raise ValueError(f"template {data.template!r} is not registered")
            ok += 1
        except Exception as e:  # report every config, then fail
            bad += 1
            print(f"BAD {path}: {type(e).__name__}: {e}")
    print(f"parsed {ok} config(s) with LLaMA-Factory's own parser; {bad} refused")
    return 1 if bad or not ok else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
