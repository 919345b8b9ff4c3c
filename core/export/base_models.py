"""The base models a training config can name: hub ids, chat templates, size.

Each model's LLaMA-Factory template is the one LLaMA-Factory 0.9.5 itself assigns to that hub id
(its `extras/constants.py`), and every name is registered in its `data/template.py`;
tests/test_training_config.py checks both against a snapshot taken from the 0.9.5 wheel
(tests/trainer_snapshot.py). Hub ids are LLaMA-Factory's too, with its ModelScope mirror id for
users in mainland China (``USE_MODELSCOPE_HUB=1``).

The XTuner template is a name in XTuner 0.2.0's ``PROMPT_TEMPLATE``, or None where XTuner cannot
train the model: no template with the model's chat format, or a model its pinned transformers
(4.48) cannot load (Qwen3, GLM-4-0414 and Gemma 3 came later).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BaseModel:
    key: str  # what a user types: --base-model qwen2.5-7b-instruct
    label: str  # LLaMA-Factory's own name for it
    hub_id: str  # Hugging Face
    modelscope_id: str
    template: str  # LLaMA-Factory 0.9.5 template name
    xtuner_template: str | None  # XTuner 0.2.0 PROMPT_TEMPLATE name; None: XTuner cannot train it
    params_b: float  # billions of parameters, for the memory estimate
    family: str


def _m(label: str, hub_id: str, modelscope_id: str, template: str, xtuner: str | None, params_b: float,
       family: str) -> BaseModel:
    return BaseModel(label.lower(), label, hub_id, modelscope_id, template, xtuner, params_b, family)


BASE_MODELS: tuple[BaseModel, ...] = (
    _m("Qwen2.5-1.5B-Instruct", "Qwen/Qwen2.5-1.5B-Instruct", "Qwen/Qwen2.5-1.5B-Instruct", "qwen", "qwen_chat",
       1.5, "Qwen2.5"),
    _m("Qwen2.5-7B-Instruct", "Qwen/Qwen2.5-7B-Instruct", "Qwen/Qwen2.5-7B-Instruct", "qwen", "qwen_chat",
       7.6, "Qwen2.5"),
    _m("Qwen2.5-14B-Instruct", "Qwen/Qwen2.5-14B-Instruct", "Qwen/Qwen2.5-14B-Instruct", "qwen", "qwen_chat",
       14.7, "Qwen2.5"),
    _m("Qwen3-4B", "Qwen/Qwen3-4B", "Qwen/Qwen3-4B", "qwen3", None, 4.0, "Qwen3"),
    _m("Qwen3-8B", "Qwen/Qwen3-8B", "Qwen/Qwen3-8B", "qwen3", None, 8.2, "Qwen3"),
    _m("Qwen3-14B", "Qwen/Qwen3-14B", "Qwen/Qwen3-14B", "qwen3", None, 14.8, "Qwen3"),
    _m("GLM-4-9B-Chat", "zai-org/glm-4-9b-chat", "ZhipuAI/glm-4-9b-chat", "glm4", None, 9.4, "GLM-4"),
    _m("GLM-4-9B-0414", "zai-org/GLM-4-9B-0414", "ZhipuAI/GLM-4-9B-0414", "glm4", None, 9.4, "GLM-4"),
    _m("Llama-3.2-3B-Instruct", "meta-llama/Llama-3.2-3B-Instruct", "LLM-Research/Llama-3.2-3B-Instruct",
       "llama3", "llama3_chat", 3.2, "Llama 3"),
    _m("Llama-3.1-8B-Instruct", "meta-llama/Meta-Llama-3.1-8B-Instruct",
       "LLM-Research/Meta-Llama-3.1-8B-Instruct", "llama3", "llama3_chat", 8.0, "Llama 3"),
    _m("DeepSeek-R1-Distill-Qwen-7B", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
       "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "deepseekr1", None, 7.6, "DeepSeek"),
    _m("DeepSeek-R1-Distill-Llama-8B", "deepseek-ai/DeepSeek-R1-Distill-Llama-8B",
       "deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "deepseekr1", None, 8.0, "DeepSeek"),
    _m("DeepSeek-R1-Distill-Qwen-14B", "deepseek-ai/DeepSeek-R1-Distill-Qwen-14B",
       "deepseek-ai/DeepSeek-R1-Distill-Qwen-14B", "deepseekr1", None, 14.8, "DeepSeek"),
    # 671B: listed because users ask for it; the memory note says it needs a multi-GPU cluster
    _m("DeepSeek-V3", "deepseek-ai/DeepSeek-V3", "deepseek-ai/DeepSeek-V3", "deepseek3", None, 671.0, "DeepSeek"),
    _m("InternLM2.5-1.8B-Chat", "internlm/internlm2_5-1_8b-chat", "Shanghai_AI_Laboratory/internlm2_5-1_8b-chat",
       "intern2", "internlm2_chat", 1.9, "InternLM"),
    _m("InternLM2.5-7B-Chat", "internlm/internlm2_5-7b-chat", "Shanghai_AI_Laboratory/internlm2_5-7b-chat",
       "intern2", "internlm2_chat", 7.7, "InternLM"),
    _m("Yi-1.5-6B-Chat", "01-ai/Yi-1.5-6B-Chat", "01ai/Yi-1.5-6B-Chat", "yi", None, 6.1, "Yi"),
    _m("Yi-1.5-9B-Chat", "01-ai/Yi-1.5-9B-Chat", "01ai/Yi-1.5-9B-Chat", "yi", None, 8.8, "Yi"),
    _m("Gemma-7B-Instruct", "google/gemma-7b-it", "AI-ModelScope/gemma-7b-it", "gemma", "gemma", 8.5, "Gemma"),
    _m("Gemma-2-9B-Instruct", "google/gemma-2-9b-it", "LLM-Research/gemma-2-9b-it", "gemma2", "gemma", 9.2,
       "Gemma"),
    _m("Gemma-3-4B-Instruct", "google/gemma-3-4b-it", "LLM-Research/gemma-3-4b-it", "gemma3", None, 4.3, "Gemma"),
    _m("Gemma-3-12B-Instruct", "google/gemma-3-12b-it", "LLM-Research/gemma-3-12b-it", "gemma3", None, 12.2,
       "Gemma"),
)

DEFAULT_BASE_MODEL = "qwen2.5-7b-instruct"


def find_base_model(name: str) -> BaseModel | None:
    """The model a user named by key, label or hub id (any case), or None."""
    wanted = (name or "").strip().lower()
    for m in BASE_MODELS:
        if wanted in (m.key, m.hub_id.lower(), m.modelscope_id.lower()):
            return m
    return None


def base_model_keys() -> list[str]:
    return [m.key for m in BASE_MODELS]
