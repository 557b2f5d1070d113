"""Build tocsin's packaged historical actor dictionary, ``src/tocsin/data/historical_actors.json.gz`` (a
development tool, never run by users).

Source: the PETRARCH2/Phoenix actor dictionaries (``Phoenix.Countries.actors.txt``,
``Phoenix.International.actors.txt``, ``Phoenix.MilNonState.actors.txt``; Copyright (c) 2014 Open Event Data,
MIT licence; see ``src/tocsin/data/historical_actors.NOTICE.md``). They are converted by tocsin's own importer
(``tocsin dict import-petrarch``: dated roles, ISO codes, phrases tocsin's actors.yaml already has and people it
already has left out), checked with the validator every dictionary passes, and compiled: each phrase is stored
with the tokens tocsin's pinned spaCy tokenizer gives it, so loading needs neither YAML, nor validation, nor
spaCy (see ``src/tocsin/compiled_actors.py``).

    python scripts/build_historical_actors.py                      # ../shared/reference/petrarch2_dictionaries
    python scripts/build_historical_actors.py --leave-out countries # to measure what a section adds

Which sections to ship was decided with ``tocsin eval`` on the PLOVER gold (docs/dictionaries.md): all three
help. The output is deterministic (gzip mtime 0): the same inputs and tokenizer give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from tocsin import __version__  # noqa: E402
from tocsin.compiled_actors import HISTORICAL_FILE, compile_data, tokenizer_identity, write_packaged  # noqa: E402
from tocsin.datafiles import load_yaml  # noqa: E402
from tocsin.dictionaries import check_actor_data, raise_problems  # noqa: E402
from tocsin.petrarch import ACTORS_FILE, format_summary, import_petrarch  # noqa: E402
from tocsin.petrarch.source import header_comments  # noqa: E402

SOURCE = ROOT.parent / "shared" / "reference" / "petrarch2_dictionaries"
FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
OUTPUT = ROOT / "src" / "tocsin" / "data" / HISTORICAL_FILE
SECTIONS = ("countries", "organizations", "people")


def build(source: Path, output: Path, leave_out: frozenset[str]) -> dict[str, int]:
    missing = [name for name in FILES if not (source / name).is_file()]
    if missing:
        raise SystemExit(f"{source}: missing {', '.join(missing)}")
    with tempfile.TemporaryDirectory() as tmp:
        result = import_petrarch([source / name for name in FILES], tmp)  # validates what it writes
        print(format_summary(result, examples=3))
        text = (Path(tmp) / ACTORS_FILE).read_text("utf-8")
    data = load_yaml(ACTORS_FILE, text)
    for section in leave_out:
        data[section] = []
    ambiguous = drop_ambiguous_one_word_names(data.get("people") or [])
    print(f"left out {ambiguous} one-word names of people that are words of other people's names")
    raise_problems(check_actor_data(ACTORS_FILE, data))  # again, after any section was left out
    compiled = compile_data(ACTORS_FILE, data)
    # the importer's header: source files with their hashes, and the MIT licence text that travels with them
    provenance = [row for row in header_comments(text) if not row.startswith(("Use it with", "precedence over"))]
    write_packaged(output, compiled, provenance={
        "built_by": f"scripts/build_historical_actors.py (tocsin {__version__})",
        "left_out": sorted(leave_out), "header": provenance})
    return {section: len(data.get(section) or []) for section in SECTIONS} | {"phrases": len(compiled.phrases)}


def drop_ambiguous_one_word_names(people: list[dict[str, Any]]) -> int:
    """Leave out a person's one-word name or alias that is also a word of other people's names.

    Phoenix lists monarchs by one name ("Hussein", "Abdullah", "Hassan"); matched on its own, such a word would
    code Saddam Hussein or Omar Hassan al-Bashir, named later by surname alone, as the King of Jordan. A
    person left with no name is left out. Returns the number of names left out.
    """
    words: dict[str, set[int]] = defaultdict(set)
    for i, person in enumerate(people):
        for phrase in [person["name"], *(person.get("aliases") or [])]:
            if len(phrase.split()) > 1:
                for word in phrase.casefold().split():
                    words[word].add(i)
    kept: list[dict[str, Any]] = []
    dropped = 0
    for i, person in enumerate(people):
        names = [person["name"], *(person.get("aliases") or [])]
        usable = [n for n in names if len(n.split()) > 1 or not words.get(n.casefold(), set()) - {i}]
        dropped += len(names) - len(usable)
        if usable:
            person["name"], person["aliases"] = usable[0], usable[1:]
            kept.append(person)
    people[:] = kept
    return dropped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=SOURCE, help="directory of the Phoenix actor files")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument("--leave-out", choices=SECTIONS, action="append", default=[],
                        help="a section not to ship (may repeat; for measuring what each adds)")
    args = parser.parse_args()
    started = time.perf_counter()
    counts = build(args.source, args.out, frozenset(args.leave_out))
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes, tokenizer {tokenizer_identity()}, "
          f"{time.perf_counter() - started:.1f} s): {json.dumps(counts)}")


if __name__ == "__main__":
    main()
