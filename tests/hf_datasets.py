"""Hugging Face `datasets` as the tests use it: offline (never the network), its cache in a
throw-away folder (never ~/.cache), quiet. The environment must be set before `datasets` is
imported, so tests import it from here: `from hf_datasets import datasets`."""

import atexit
import os
import shutil
import tempfile

os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["HF_HUB_OFFLINE"] = "1"
_HF_HOME = tempfile.mkdtemp(prefix="corpusmith-test-hf-")
atexit.register(shutil.rmtree, _HF_HOME, True)
os.environ["HF_HOME"] = _HF_HOME

import datasets  # noqa: E402  (slow: imported once per session)

datasets.disable_progress_bars()
datasets.logging.set_verbosity_error()

__all__ = ["datasets"]
