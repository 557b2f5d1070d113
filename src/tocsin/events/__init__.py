"""Event coding: verb dictionary (verbs.py), arguments, modality, dates, and the article coder."""

from .coder import ArticleCoder
from .verbs import VerbDictionary, load_verbs

__all__ = ["ArticleCoder", "VerbDictionary", "load_verbs"]
