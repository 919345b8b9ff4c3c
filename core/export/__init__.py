"""Export samples as fine-tuning datasets (LLaMA-Factory, XTuner, OpenAI-style, CSV). Headless.

Usage::

    from core.export import FORMATS, ExportOptions, ExportReport, export_samples
    report = export_samples("my.corpus", ExportOptions("alpaca", Path("data/mydata.json")))
    print(report.summary())
"""

from core.export.formats import FORMATS
from core.export.writer import ExportOptions, ExportReport, export_samples

__all__ = ["FORMATS", "ExportOptions", "ExportReport", "export_samples"]
