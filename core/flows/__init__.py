"""Generation flows: multi-step LLM pipelines that turn a project's sources into samples.

Headless (no Qt): a UI or the CLI drives a flow and listens through its events.
"""

from core.flows.qa import CostEstimate, FlowEvents, QAFlow, QAOptions, QAResult

__all__ = ["CostEstimate", "FlowEvents", "QAFlow", "QAOptions", "QAResult"]
