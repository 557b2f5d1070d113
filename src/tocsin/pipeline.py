"""The one place where the stage order is written: article -> parse -> actors/places -> events.

The coder is a pure function of an article (plus dictionaries), which is what lets the same code run in
several processes or on Spark.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, nlp
from .actors import load_dictionary
from .dictionaries import user_dictionaries
from .errors import TocsinError
from .events import ArticleCoder, load_verbs
from .events.confidence import Evidence
from .ingest import article_id
from .ingest.dates import parse_date
from .models import Article, Event, Manifest
from .places import load_gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc


class Coder:
    """Loads the model and dictionaries once; codes articles into events."""

    def __init__(self, *, actor_files: Sequence[str | Path] = (), verb_files: Sequence[str | Path] = (),
                 dict_files: Sequence[str | Path] = (), model: str = nlp.MODEL_NAME) -> None:
        self.model = model
        nlp.load_model(model)
        # user dictionaries of either kind (--dict, then $TOCSIN_DICTIONARIES) rank below --actors/--verbs
        user = user_dictionaries(dict_files)
        self.actors = load_dictionary([*actor_files, *user.actor_files])
        self.verbs = load_verbs([*verb_files, *user.verb_files])
        self.gazetteer = load_gazetteer()
        self.manifest = Manifest(
            tocsin_version=__version__,
            model=nlp.model_id(model),
            dictionary_hash=f"{self.actors.digest}-{self.verbs.digest}",
        )
        self.unknown = 0  # triggers that could not be coded, over the coder's lifetime
        # told of every event with the evidence its confidence came from (used to fit the calibration)
        self.observe: Callable[[Event, Evidence], None] | None = None

    def code_article(self, article: Article) -> list[Event]:
        return self._code(article, nlp.parse_one(article.document, self.model))

    def code_articles(self, articles: Iterable[Article], *, n_process: int = 1,
                      batch_size: int = 16) -> Iterator[tuple[Article, list[Event]]]:
        """Code a stream lazily; parsing runs in ``n_process`` processes, coding in this one."""
        buffered: deque[Article] = deque()
        failure: list[TocsinError] = []

        def texts() -> Iterator[str]:
            try:
                for article in articles:
                    buffered.append(article)
                    yield article.document
            except TocsinError as exc:
                # a bad record ends the stream, but the good articles read before it are still coded
                # (and stored by the caller) before the error surfaces
                failure.append(exc)

        for doc in nlp.parse(texts(), n_process=n_process, batch_size=batch_size, name=self.model):
            article = buffered.popleft()
            yield article, self._code(article, doc)
        if failure:
            raise failure[0]

    def _code(self, article: Article, doc: Doc) -> list[Event]:
        coder = ArticleCoder(article, doc, self.actors, self.verbs, self.gazetteer, self.manifest,
                             observe=self.observe)
        events = coder.events()
        self.unknown += coder.unknown
        return events


_default: Coder | None = None


def default_coder() -> Coder:
    global _default
    if _default is None:
        _default = Coder()
    return _default


def code_article(article: Article) -> list[Event]:
    return default_coder().code_article(article)


def code_text(text: str, date: date | str | None = None, *, title: str = "", id: str | None = None) -> list[Event]:
    """Code a piece of text as one article dated ``date`` (the report date): a ``datetime.date`` or a string
    in any format the readers accept ("2022-01-18", "18 January 2022"); a bad string raises InputError."""
    if isinstance(date, str):
        date = parse_date(date, path="code_text", line=None)
    article = Article(id=id or article_id(title, date, text), text=text, date=date, title=title)
    return code_article(article)
