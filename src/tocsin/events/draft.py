"""An event as the coder first drafts it, before the post-processing in ``folding`` and the final stamping."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..models import Actor, Modality
from . import when

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass
class _Draft:
    """An event before ids and manifest are stamped on it."""

    pattern_code: str
    trigger: Token
    verb_span: tuple[int, int]
    source: Actor
    source_tok: Token | None
    target: Actor | None
    target_tok: Token | None
    modality: Modality
    speaker: Actor | None
    speech_verb: Token | None
    confidence: float
    date: when.EventDate | None
    quantities: dict[str, int] = field(default_factory=dict)
    frames: list[_Draft] = field(default_factory=list)
    intended: bool = False  # announced as the source's own next step (see modality.Framing)
    willing: bool = False  # declared ready or willing to act
    direct: bool = False  # the source is the trigger's own subject or agent
    specificity: int = 0  # words after the trigger in the matched pattern
    composite: bool = False  # the code folds a frame and the act under it
