"""Event clustering at scale: a million synthetic events over two years, stored, clustered and charted.

    python benchmarks/clusters_1m.py [--events N] [--days D] [--update-every DAYS] [--db FILE]

The events come from synthetic *happenings*: heavy-tailed numbers of reports each (most are reported once,
1% in bursts of 50-400 reports, the GDELT kidnapping case), Zipf-distributed countries, sources and CAMEO
codes, wire copies and paraphrases, reports lagging their happening by 0-6 days, places and death tolls.
They are stored through ``Store.add_many`` (the ingest path) in date order, then clustered with
``update_clusters`` (once at the end, or every ``--update-every`` days as a live feed would), then the
weekly ``dyad_series`` of the busiest dyads is computed. Prints each phase's events/s and wall time and the
peak RSS so far (``ru_maxrss``: the process's peak, DuckDB's memory included).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import random
import resource
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from tocsin.analytics import dyad_series
from tocsin.clusters import event_clusters, update_clusters
from tocsin.models import Actor, Article, Event, Manifest, Modality, Place, Span
from tocsin.ontology import lookup
from tocsin.store import Store, open_store

START = date(2021, 1, 1)
MANIFEST = Manifest(tocsin_version="bench", model="synthetic", dictionary_hash="synthetic")
COUNTRIES = ["USA", "RUS", "UKR", "CHN", "ISR", "PSE", "IRN", "SYR", "TUR", "GBR", "FRA", "DEU", "IND", "PAK",
             "AFG", "IRQ", "NGA", "ETH", "SDN", "YEM", "SAU", "PRK", "KOR", "JPN", "BLR", "POL", "EGY", "LBY",
             "MLI", "SOM", "VEN", "COL", "MEX", "BRA", "MMR", "THA", "PHL", "IDN", "KEN", "ZAF"]
# (code, weight): roughly the shape of news event data, statements and consultations first
CODES = [("010", 12), ("012", 3), ("020", 4), ("036", 3), ("040", 8), ("042", 3), ("043", 2), ("046", 3),
         ("051", 4), ("057", 2), ("061", 2), ("071", 2), ("073", 2), ("090", 1), ("111", 4), ("112", 4),
         ("120", 2), ("130", 2), ("138", 2), ("141", 2), ("154", 2), ("163", 2), ("173", 3), ("181", 1),
         ("190", 4), ("193", 3), ("194", 2), ("195", 1)]
INTERNATIONAL_SECTORS = ["", "", "GOV", "MIL"]
DOMESTIC_PAIRS = [("GOV", "OPP"), ("COP", "OPP"), ("REB", "CVL"), ("MIL", "REB"), ("GOV", "MED")]
POSSIBLE = ["threatened", "planned", "feared", "hypothetical"]
VOCABULARY = [f"w{i}" for i in range(5000)]  # filler words: what makes one happening's sentence its own


def zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return [1.0 / (k + 1) ** s for k in range(n)]


@dataclass
class Report:
    happening: int
    day: date  # report date
    event_date: date
    source: Actor
    target: Actor
    cameo: str
    modality: Modality
    sentence: str
    place: Place | None
    quantities: dict[str, int]


class Generator:
    def __init__(self, seed: int, events: int, days: int) -> None:
        self.rng = random.Random(seed)
        self.per_day = events / days
        self.country_weights = zipf_weights(len(COUNTRIES))
        self.code_list = [c for c, _ in CODES]
        self.code_weights = [w for _, w in CODES]
        self.sources = [f"source{k}" for k in range(300)]
        self.source_weights = zipf_weights(len(self.sources), 0.9)
        self.happenings = 0

    def reports_per_happening(self) -> int:
        r = self.rng.random()
        if r < 0.70:
            return 1
        if r < 0.90:
            return self.rng.randint(2, 5)
        if r < 0.99:
            return self.rng.randint(6, 30)
        return self.rng.randint(50, 400)

    def dyad(self) -> tuple[Actor, Actor]:
        rng = self.rng
        source = rng.choices(COUNTRIES, self.country_weights)[0]
        if rng.random() < 0.2:
            s_sector, t_sector = rng.choice(DOMESTIC_PAIRS)
            return actor(source, s_sector), actor(source, t_sector)
        target = source
        while target == source:
            target = rng.choices(COUNTRIES, self.country_weights)[0]
        return actor(source, rng.choice(INTERNATIONAL_SECTORS)), actor(target, rng.choice(INTERNATIONAL_SECTORS))

    def happening(self, day: date) -> Iterator[Report]:
        rng = self.rng
        number = self.happenings
        self.happenings += 1
        source, target = self.dyad()
        cameo = rng.choices(self.code_list, self.code_weights)[0]
        r = rng.random()
        klass = "factual" if r < 0.88 else ("possible" if r < 0.98 else "negated")
        words = rng.sample(VOCABULARY, 12)
        wire = f"{source.code} {lookup(cameo).name.lower()} {target.code} " + " ".join(words) + "."
        r = rng.random()
        place = None if r < 0.4 else (
            Place(target.country or "", target.country, precision="country") if r < 0.7 else
            Place(f"{target.country}-city{rng.randrange(8)}", target.country, 1.0, 1.0, "city",
                  f"{rng.randrange(5):02d}"))
        killed = rng.choice([3, 5, 12, 40]) if cameo.startswith(("18", "19")) and rng.random() < 0.3 else None
        for _ in range(self.reports_per_happening()):
            lag = rng.choices([0, 1, 2, 3, 4, 5, 6], [60, 25, 10, 2, 1, 1, 1])[0]
            modality: Modality = (
                rng.choice(["asserted", "asserted", "asserted", "reported"]) if klass == "factual"
                else rng.choice(POSSIBLE) if klass == "possible" else "negated")  # type: ignore[assignment]
            sentence = wire if rng.random() < 0.5 else paraphrase(rng, words, source, target, cameo)
            yield Report(number, day + timedelta(days=lag),
                         day if lag == 0 or rng.random() < 0.7 else day + timedelta(days=lag),
                         source, target, cameo, modality, sentence,
                         place if rng.random() < 0.8 else None,
                         {"killed": killed * rng.choice([1, 1, 2])} if killed and rng.random() < 0.7 else {})

    def articles(self, days: int) -> Iterator[tuple[Article, list[Event]]]:
        """Articles in report-date order; each carries 1-4 reports of different happenings."""
        pending: dict[date, list[Report]] = defaultdict(list)
        article_numbers = itertools.count()
        for offset in range(days):
            day = START + timedelta(days=offset)
            target = self.per_day * (1.0 + 0.3 * (day.weekday() < 5)) / 1.21
            produced = 0.0
            while produced < target:
                for report in self.happening(day):
                    pending[report.day].append(report)
                    produced += 1
            todays = pending.pop(day, [])
            self.rng.shuffle(todays)
            while todays:
                size = min(len(todays), self.rng.choice([1, 1, 2, 3, 4]))
                batch, todays = todays[:size], todays[size:]
                number = next(article_numbers)
                art = Article(id=f"b{number}", text=f"synthetic article {number}", date=day,
                              source=self.rng.choices(self.sources, self.source_weights)[0])
                yield art, [event(art, n, report) for n, report in enumerate(batch)]


def actor(country: str, sector: str) -> Actor:
    return Actor(text=country + sector, code=country + sector, country=country, sector=sector or None)


def paraphrase(rng: random.Random, words: list[str], source: Actor, target: Actor, cameo: str) -> str:
    kept = [w for w in words if rng.random() < 0.7] + rng.sample(VOCABULARY, 3)
    rng.shuffle(kept)
    return f"{target.code} says {source.code} {lookup(cameo).name.lower()} " + " ".join(kept) + "."


def event(art: Article, n: int, report: Report) -> Event:
    code = lookup(report.cameo)
    start = n * 200
    return Event(
        # the happening's number leads the id so that the benchmark can score the clusters against it
        id=f"h{report.happening}." + hashlib.blake2b(f"{art.id}|{n}".encode(), digest_size=8).hexdigest(),
        article_id=art.id,
        event_date=report.event_date, report_date=art.date, source=report.source, target=report.target,
        cameo=code.code, cameo_root=code.root, cameo_name=code.name, goldstein=code.goldstein,
        quad_class=code.quad_class, plover_type=code.plover_type, plover_mode=code.plover_mode,
        modality=report.modality, sentence=report.sentence, sentence_span=Span(start, start + len(report.sentence)),
        verb_span=Span(start + 7, start + 12), source_span=None, target_span=None, confidence=0.8,
        manifest=MANIFEST, event_date_precision="day", quantities=report.quantities, location=report.place)


def score(store: Store) -> str:
    """Purity (share of events in their cluster's main happening) and completeness (share of events in
    their happening's main cluster): 1.0 and 1.0 is perfect; counting reports as events scores completeness
    at 1 / (reports per happening)."""
    row = store._connection().execute("""
        WITH m AS (SELECT cluster_id, split_part(event_id, '.', 1) AS happening FROM cluster_members),
        pairs AS (SELECT cluster_id, happening, count(*) AS n FROM m GROUP BY ALL)
        SELECT (SELECT sum(top) FROM (SELECT max(n) AS top FROM pairs GROUP BY cluster_id)) / sum(n),
               (SELECT sum(top) FROM (SELECT max(n) AS top FROM pairs GROUP BY happening)) / sum(n)
        FROM pairs""").fetchone()
    assert row is not None
    digest = store._connection().execute(
        "SELECT bit_xor(hash(c)) FROM clusters c").fetchone()  # streams: no sort of all rows
    assert digest is not None
    return (f"cluster purity {row[0]:.3f}, happening completeness {row[1]:.3f}; fingerprint of all cluster rows "
            f"{digest[0]:016x} (equal for equal clusters: compare a run with --update-every to one without)")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def store_and_cluster(store: Store, gen: Generator, days: int, every: int,
                      chunk_events: int) -> tuple[float, float, float]:
    """Store every article; update the clusters every ``every`` days (0: once at the end). Returns the seconds
    spent storing and clustering, and the peak RSS (MB) before the last update."""
    storing = clustering = 0.0
    stream = gen.articles(days)
    window_end = START + timedelta(days=every) if every else date.max
    pending: list[tuple[Article, list[Event]]] = []

    def flush() -> None:
        nonlocal storing
        started = time.perf_counter()
        store.add_many(pending)
        storing += time.perf_counter() - started
        pending.clear()

    for item in stream:
        if item[0].date is not None and item[0].date >= window_end:
            flush()
            started = time.perf_counter()
            update_clusters(store, chunk_events=chunk_events)
            clustering += time.perf_counter() - started
            window_end += timedelta(days=every)
        pending.append(item)
        if len(pending) >= 2_000:
            flush()
    flush()
    rss = peak_rss_mb()
    started = time.perf_counter()
    update_clusters(store, chunk_events=chunk_events)
    return storing, clustering + time.perf_counter() - started, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000, help="about this many events (default 1,000,000)")
    parser.add_argument("--days", type=int, default=730, help="spread over this many days (default 730)")
    parser.add_argument("--update-every", type=int, default=0, metavar="DAYS",
                        help="update the clusters every DAYS days of data, as a live feed would (default: once)")
    parser.add_argument("--chunk-events", type=int, default=50_000, help="events per clustering chunk")
    parser.add_argument("--db", type=Path, help="store file (default: a temporary one)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--duckdb-memory", metavar="SIZE", help="DuckDB memory_limit, e.g. 512MB (default: DuckDB's)")
    args = parser.parse_args()
    started_all = time.perf_counter()
    print(f"peak RSS at start (imports): {peak_rss_mb():,.0f} MB")

    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "clusters_bench.duckdb"
        gen = Generator(args.seed, args.events, args.days)
        started = time.perf_counter()
        with open_store(path) as store:
            if args.duckdb_memory:
                store._connection().execute(f"SET memory_limit = '{args.duckdb_memory}'")
            storing, clustering, rss = store_and_cluster(store, gen, args.days, args.update_every,
                                                         args.chunk_events)
            total = time.perf_counter() - started
            events = store.count_events()
            print(f"stored {events:,} events in {store.count_articles():,} articles via Store.add_many: "
                  f"{storing:.1f} s, {events / storing:,.0f} events/s "
                  f"(generating them: {total - storing - clustering:.1f} s)")
            mode = f"every {args.update_every} days" if args.update_every else "once"
            summary = store._connection().execute(
                "SELECT count(*), max(num_reports), avg(num_reports), count(*) FILTER (num_reports >= 50)"
                " FROM clusters").fetchone()
            assert summary is not None
            print(f"update_clusters ({mode}): {clustering:.1f} s, {events / clustering:,.0f} events/s -> "
                  f"{summary[0]:,} clusters (from {gen.happenings:,} synthetic happenings), "
                  f"{summary[2]:.2f} reports per cluster, largest {summary[1]}; {summary[3]} clusters of >= 50 reports")
            print(f"peak RSS before the last update_clusters: {rss:,.0f} MB; after it: {peak_rss_mb():,.0f} MB")
            print(score(store))
            started = time.perf_counter()
            again = update_clusters(store)
            print(f"re-run with nothing new: {time.perf_counter() - started:.2f} s, {again.events} events assigned")
            top = store._connection().execute(
                "SELECT source_country, target_country, count(*) FROM events WHERE source_country <> target_country"
                " GROUP BY ALL ORDER BY 3 DESC LIMIT 5").fetchall()
            # still in the writable store: analytics reuses its DuckDB instance rather than opening a second
            started = time.perf_counter()
            points = sum(len(dyad_series(store, s, t, freq="week")) for s, t, _ in top)
            series_s = time.perf_counter() - started
            dyad_events = sum(n for _, _, n in top)
            print(f"dyad_series (weekly) for the 5 busiest dyads ({dyad_events:,} events, {points} points): "
                  f"{series_s:.2f} s, {dyad_events / series_s:,.0f} events/s")
            started = time.perf_counter()
            found = event_clusters(store, dyad=(top[0][0], top[0][1]), order="reports", limit=10)
            print(f"event_clusters(dyad={top[0][0]}:{top[0][1]}, order=reports, limit=10): "
                  f"{time.perf_counter() - started:.2f} s; top cluster {found[0].num_reports} reports, "
                  f"{found[0].num_sources} sources" if found else "no clusters")
        print(f"peak RSS overall: {peak_rss_mb():,.0f} MB; wall time {time.perf_counter() - started_all:.1f} s")


if __name__ == "__main__":
    main()
