"""Draw the sentences of the Kremlin gold set (``tests/data/gold/kremlin_2021-22.jsonl``) from the corpus.

A development tool, never run by users. It only draws sentences; the labels are added by hand afterwards
and tocsin's coder is not involved at any step (the sentence splitter below is a plain regular expression,
not spaCy, so that the draw does not depend on tocsin's pipeline either).

Procedure (deterministic: the same corpus gives the same draw on every machine):

1. Read ``kremlin_press_releases_2021-10_2022-06.csv`` (816 press releases of kremlin.ru, CC BY 4.0) and
   group the articles by the month of their ``date`` (2021-10 .. 2022-06, nine strata).
2. Within each month, sort the articles by link and shuffle them with ``random.Random(f"{SEED}:{month}")``.
3. Split each article's ``body`` into sentences: a boundary is ``.``, ``!`` or ``?`` (plus any closing
   quotes or brackets) followed by white space and an upper-case letter, a digit or an opening quote,
   except after a known abbreviation ("Mr.", "No.") or a single initial ("V."); ``* * *`` and ``***``
   separators are boundaries too. A sentence is kept as a candidate if it has 6 to 70 words.
4. A candidate is an *actor sentence* if it mentions at least two distinct political actors from the
   lexicon: the country names and nationality words of NGEC's country list
   (``plover_codebook/ngec_countries.csv``), plus ``EXTRA_ACTORS`` below (capitals and seats of
   government, international organisations, a few leaders, and the Donbass republics as one actor).
   Every other candidate is an *other sentence*.
5. Walk the shuffled articles of each month; from each draw (with the month's generator) up to
   ``PER_ARTICLE`` actor sentences and up to ``PER_ARTICLE`` other sentences, as long as the month's
   ``QUOTA`` of each stratum is not yet full (13 actor and 3 other sentences a month, 144 in all).
6. Conflict stratum, a second pass: the first pass gave almost no conflict events (no threats, force
   postures or fighting), so each month adds ``CONFLICT_PER_MONTH`` sentences that mention at least one
   actor of the lexicon and a conflict cue word (``CONFLICT_CUES``: threat, sanction, troops, attack,
   demand, reject ...). The month's articles are shuffled again with ``random.Random(f"{SEED}:{month}:conflict")``
   and each gives at most one such sentence that the first pass did not draw. The first pass is unchanged
   by this one.

Output: the first pass in month order, then the conflict pass in month order; an article's sentences in
their order of appearance. Every drawn sentence is labelled; none is dropped after the draw. One JSON
object per line: ``id`` (``kremlin-<article number>-s<sentence index>``), ``link``, ``date``, ``text`` and
``stratum`` (``actor``, ``other`` or ``conflict``).

    python scripts/sample_kremlin_gold.py [--corpus PATH] [--reference DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SEED = "tocsin-kremlin-gold-2021-22"
# Per month: 13 actor sentences and 3 other sentences (the brief asks for about 70% sentences with events),
# then 3 conflict sentences.
QUOTA: Mapping[str, int] = {"actor": 13, "other": 3}
PER_ARTICLE: Mapping[str, int] = {"actor": 2, "other": 1}
CONFLICT_PER_MONTH = 3
MIN_WORDS, MAX_WORDS = 6, 70
# Word starts (case-insensitive) that signal verbal or material conflict.
CONFLICT_CUES = re.compile(
    r"\b(?:threat|threaten|warn|ultimatum|sanction|embargo|troops|military|army|armed forces|missile|nuclear"
    r"|attack|strike|shell|bomb|fight|war\b|invasion|invade|aggress|mobilis|mobiliz|deploy|exercises"
    r"|demand|insist|reject|refus|accus|condemn|protest|expel|ban\b|banned|arrest|detain|blockade|seiz)",
    re.IGNORECASE)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "kremlin_press_releases_2021-10_2022-06.csv"
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"

# Names that identify a political actor but are not in NGEC's country list. Keys are only compared with
# each other (two distinct keys make an actor sentence), so organisations get their own keys.
EXTRA_ACTORS: Mapping[str, Sequence[str]] = {
    "RUS": ("Russian Federation", "Kremlin", "Moscow", "Putin", "Lavrov", "Shoigu", "Peskov", "Mishustin"),
    "UKR": ("Kiev", "Kyiv", "Zelensky"),
    "USA": ("Washington", "White House", "Biden", "Blinken", "Pentagon"),
    "BLR": ("Minsk", "Lukashenko"),
    "CHN": ("Beijing", "Xi Jinping"),
    "FRA": ("Paris", "Macron"),
    "DEU": ("Berlin", "Scholz", "Merkel"),
    "GBR": ("London", "Britain", "British", "Boris Johnson"),
    "TUR": ("Ankara", "Erdogan"),
    "IRN": ("Tehran", "Raisi"),
    "KAZ": ("Astana", "Nur-Sultan", "Tokayev"),
    "AZE": ("Baku", "Aliyev"),
    "ARM": ("Yerevan", "Pashinyan"),
    "UZB": ("Tashkent", "Mirziyoyev"),
    "TJK": ("Dushanbe", "Rahmon"),
    "KGZ": ("Bishkek", "Japarov"),
    "TKM": ("Ashgabat", "Berdimuhamedov"),
    "IND": ("New Delhi", "Modi"),
    "SYR": ("Damascus", "Assad"),
    "ISR": ("Bennett", "Lapid"),
    "DONBASS": ("Donbass", "Donetsk", "Lugansk", "DPR", "LPR"),
    "NATO": ("NATO", "North Atlantic Alliance"),
    "EU": ("European Union", "EU", "Brussels"),
    "UN": ("United Nations", "UN", "Security Council of the United Nations"),
    "OSCE": ("OSCE",),
    "CSTO": ("CSTO", "Collective Security Treaty Organisation"),
    "EAEU": ("EAEU", "Eurasian Economic Union", "Eurasian Economic Commission"),
    "CIS": ("CIS", "Commonwealth of Independent States"),
    "BRICS": ("BRICS",),
    "SCO": ("SCO", "Shanghai Cooperation Organisation"),
    "G20": ("G20", "Group of Twenty"),
    "IAEA": ("IAEA", "International Atomic Energy Agency"),
    "WHO": ("World Health Organisation", "World Health Organization"),
}

_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "no", "nos", "jr", "sr", "vs", "etc", "e.g", "i.e",
                            "gen", "col", "lt", "prof", "art", "para", "approx", "u.s", "u.k"})
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"“'‘(]?[A-Z0-9])")
_SEPARATOR = re.compile(r"\s*\*\s?\*\s?\*\s*")
_INITIAL = re.compile(r"(?:^|\s)[A-Z]$")

Lexicon = Sequence[tuple[str, re.Pattern[str], str]]  # (name, its pattern, actor key), longest name first


@dataclass(frozen=True)
class Drawn:
    id: str
    link: str
    date: str
    text: str
    stratum: str

    def as_json(self) -> dict[str, str]:
        return {"id": self.id, "link": self.link, "date": self.date, "text": self.text, "stratum": self.stratum}


def read_corpus(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)  # some bodies (long transcripts) exceed csv's 128 KiB default
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def split_sentences(body: str) -> list[str]:
    """The body's sentences, each a verbatim substring of ``body`` with outer white space removed."""
    sentences: list[str] = []
    for block in _SEPARATOR.split(body):
        start = 0
        for match in _BOUNDARY.finditer(block):
            before = block[start:match.start()]
            last_word = before.rsplit(None, 1)[-1].lower() if before.strip() else ""
            if last_word in _ABBREVIATIONS or _INITIAL.search(before):
                continue
            sentences.append(block[start:match.end()].strip())
            start = match.end()
        sentences.append(block[start:].strip())
    return [s for s in sentences if s]


def actor_lexicon(reference: Path) -> Lexicon:
    """(name, pattern, actor key) for every name, longest first so that "South Korea" wins over "Korea"."""
    names: dict[str, str] = {}
    with (reference / "plover_codebook" / "ngec_countries.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for name in (row["Name"], *row["Nationality"].split(",")):
                if name.strip():
                    names.setdefault(name.strip(), row["CCA3"])
    for key, extra in EXTRA_ACTORS.items():
        for name in extra:
            names[name] = key
    ordered = sorted(names, key=len, reverse=True)
    return [(name, re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])"), names[name]) for name in ordered]


def actors_in(sentence: str, lexicon: Lexicon) -> set[str]:
    found: set[str] = set()
    remaining = sentence
    for name, pattern, key in lexicon:
        if name in remaining and pattern.search(remaining):  # the substring test only saves time
            found.add(key)
            remaining = pattern.sub(" ", remaining)  # "South Korea" must not also count as "Korea"
    return found


def _candidates(row: Mapping[str, str]) -> list[tuple[int, str]]:
    return [(i, s) for i, s in enumerate(split_sentences(row["body"])) if MIN_WORDS <= len(s.split()) <= MAX_WORDS]


def _drawn(row: Mapping[str, str], index: int, sentence: str, stratum: str) -> Drawn:
    number = row["link"].rstrip("/").rsplit("/", 1)[-1]
    return Drawn(f"kremlin-{number}-s{index:03d}", row["link"], row["date"][:10], sentence, stratum)


def draw(rows: Sequence[Mapping[str, str]], lexicon: Lexicon) -> Iterator[Drawn]:
    by_month: dict[str, list[Mapping[str, str]]] = defaultdict(list)
    for row in rows:
        by_month[row["date"][:7]].append(row)
    first: list[Drawn] = []
    for month in sorted(by_month):
        first += _first_pass(by_month[month], month, lexicon)
    yield from first
    taken = {d.id for d in first}
    for month in sorted(by_month):
        yield from _conflict_pass(by_month[month], month, lexicon, taken)


def _first_pass(rows: Sequence[Mapping[str, str]], month: str,
                lexicon: Lexicon) -> Iterator[Drawn]:
    rng = random.Random(f"{SEED}:{month}")
    articles = sorted(rows, key=lambda r: r["link"])
    rng.shuffle(articles)
    taken = dict.fromkeys(QUOTA, 0)
    for row in articles:
        if taken == QUOTA:
            break
        candidates = _candidates(row)
        n_actors = [len(actors_in(s, lexicon)) for _, s in candidates]
        strata = {"actor": [c for c, n in zip(candidates, n_actors, strict=True) if n >= 2],
                  "other": [c for c, n in zip(candidates, n_actors, strict=True) if n < 2]}
        picked: list[tuple[int, str, str]] = []
        for stratum, pool in strata.items():
            drawn = rng.sample(pool, min(PER_ARTICLE[stratum], len(pool)))
            room = QUOTA[stratum] - taken[stratum]
            picked += [(i, s, stratum) for i, s in sorted(drawn)[:room]]
            taken[stratum] += min(room, len(drawn))
        for index, sentence, stratum in sorted(picked):
            yield _drawn(row, index, sentence, stratum)


def _conflict_pass(rows: Sequence[Mapping[str, str]], month: str, lexicon: Lexicon,
                   taken: set[str]) -> Iterator[Drawn]:
    rng = random.Random(f"{SEED}:{month}:conflict")
    articles = sorted(rows, key=lambda r: r["link"])
    rng.shuffle(articles)
    count = 0
    for row in articles:
        if count == CONFLICT_PER_MONTH:
            break
        pool = [(i, s) for i, s in _candidates(row)
                if CONFLICT_CUES.search(s) and actors_in(s, lexicon) and _drawn(row, i, s, "").id not in taken]
        if pool:
            index, sentence = rng.choice(pool)
            count += 1
            yield _drawn(row, index, sentence, "conflict")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--out", type=Path, help="write the draw here (JSONL); default: standard output")
    args = parser.parse_args(argv)
    drawn = list(draw(read_corpus(args.corpus), actor_lexicon(args.reference)))
    text = "".join(json.dumps(d.as_json(), ensure_ascii=False) + "\n" for d in drawn)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    print(f"{len(drawn)} sentences from {len({d.link for d in drawn})} articles", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
