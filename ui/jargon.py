"""One plain sentence for each technical word a page cannot avoid (SFT, BM25, random seed, test set; token is explained in the
model service form),
shown as a tooltip where the word or its option appears. Kept in one place so every page explains
a word the same way."""

from __future__ import annotations

from ui.qt import QCoreApplication


def sample_kinds() -> str:
    return QCoreApplication.translate(
        "Jargon", "问答也叫指令样本（SFT）：一问一答，教模型照要求回答；对话是多轮来回；预训练文本是整段文字，"
                  "让模型多读多学。")


def bm25() -> str:
    return QCoreApplication.translate(
        "Jargon", "作答前先按关键词（BM25 关键词检索）在原文里找出最相关的几段交给模型参考；段数越多依据越全，"
                  "花费也越高。")


def seed() -> str:
    return QCoreApplication.translate(
        "Jargon", "决定哪些样本分进测试集的一个数：同一个数每次分法都一样，换一个数就换一种随机分法。")


def held_out() -> str:
    return QCoreApplication.translate(
        "Jargon", "留出这个比例的样本另存为测试集，用来检验训练效果，不参与训练；0 表示全部用于训练。")
