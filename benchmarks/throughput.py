"""End-to-end throughput: parse + code + store, against spaCy's bare ``nlp.pipe`` on the same texts.

    python benchmarks/throughput.py [CORPUS] [--limit N] [--processes 1 2]

Prints words/s and articles/s for the bare parse and for tocsin end to end (into a temporary DuckDB
file), and the overhead ratio. Target (issue #2): coding + storing cost <= 25% on top of the parse.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from tocsin import nlp
from tocsin.ingest import read_articles
from tocsin.pipeline import Coder
from tocsin.store import open_store

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / \
    "kremlin_press_releases_2021-10_2022-06.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--limit", type=int, default=200, help="articles to use (default 200)")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()

    articles = []
    for article in read_articles([args.corpus], skip_bad=True):
        articles.append(article)
        if len(articles) >= args.limit:
            break
    words = sum(len(a.document.split()) for a in articles)
    print(f"corpus: {args.corpus}: {len(articles)} articles, {words} words")
    coder = Coder()  # loads model and dictionaries before timing
    model = nlp.load_model()
    for n in args.processes:
        start = time.perf_counter()
        for _ in model.pipe((a.document for a in articles), n_process=n, batch_size=16):
            pass
        bare = time.perf_counter() - start
        with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.duckdb") as store:
            start = time.perf_counter()
            stats = store.add_many(coder.code_articles(articles, n_process=n))
            full = time.perf_counter() - start
        print(f"processes={n}: spaCy nlp.pipe {words / bare:,.0f} words/s ({len(articles) / bare:.1f} art/s); "
              f"tocsin parse+code+store {words / full:,.0f} words/s ({len(articles) / full:.1f} art/s), "
              f"{stats.events_added} events; overhead ratio {full / bare:.2f} (target <= 1.25)")


if __name__ == "__main__":
    main()
