"""Passages: the pieces of a section that search ranks and embeds.

A long web-page section covers several facts, and one embedding of its opening would miss most of them, so it
is cut at its paragraphs into passages of a few dozen words. A MedQuAD answer stays whole: it answers one
question already. A list stays with the sentence that introduces it.
"""

from __future__ import annotations

TARGET_WORDS = 60
MAX_WORDS = 180


def split_passages(text: str) -> list[str]:
    """The section text cut at blank lines into passages of roughly ``TARGET_WORDS`` words."""
    blocks = [block.strip() for block in text.split("\n\n") if block.strip()]
    if len(blocks) <= 1:
        return [text.strip()] if text.strip() else []
    passages: list[str] = []
    current: list[str] = []
    words = 0
    for block in blocks:
        block_words = len(block.split())
        joins_list = bool(current) and (current[-1].rstrip().endswith(":") or block.startswith("- "))
        if current and not joins_list and (words >= TARGET_WORDS or words + block_words > MAX_WORDS):
            passages.append("\n\n".join(current))
            current, words = [], 0
        current.append(block)
        words += block_words
    if current:
        passages.append("\n\n".join(current))
    return passages
