"""Event clusters: wire copies, windows, keys, contradictions, idempotent and order-independent updates, CLI."""

from __future__ import annotations

import dataclasses
import json
import random
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from types import EllipsisType

import pytest
from click.testing import CliRunner

import tocsin
from tocsin import clusters as clustering
from tocsin.cli import main
from tocsin.clusters import ClusterSettings, EventCluster, cluster_events, event_clusters, update_clusters
from tocsin.errors import StoreError
from tocsin.models import Actor, Article, Event, Manifest, Place, Span
from tocsin.ontology import lookup
from tocsin.store import Store, open_store

MANIFEST = Manifest(tocsin_version="0.1.0", model="test", dictionary_hash="test")
DAY = date(2022, 3, 1)
KIDNAP = "Gunmen kidnapped the aid worker Ahmed Musa on the road to Maiduguri late on Sunday, police said."
KYIV = Place(name="Kyiv", country="UKR", lat=50.45, lon=30.52, precision="city", admin1="12")
KHARKIV = Place(name="Kharkiv", country="UKR", lat=49.99, lon=36.23, precision="city", admin1="07")
UKRAINE = Place(name="Ukraine", country="UKR", precision="country")

Item = tuple[Article, list[Event]]


def article(article_id: str, day: date | None = DAY, source: str = "wire", text: str = "t") -> Article:
    return Article(id=article_id, text=text, date=day, source=source)


def actor(code: str) -> Actor:
    return Actor(text=code, code=code, country=None if code.startswith("IGO") else code[:3], sector=code[3:] or None)


def report(art: Article, n: int, cameo: str = "190", *, source: str = "RUSMIL", target: str | None = "UKRMIL",
           sentence: str | None = None, modality: str = "asserted", place: Place | None = None,
           quantities: Mapping[str, int] | None = None, event_date: date | EllipsisType | None = ...,
           sentence_start: int | None = None) -> Event:
    code = lookup(cameo)
    text = sentence or f"{source} {code.name.lower()} {target} (report {art.id} #{n})."
    start = n * 1000 if sentence_start is None else sentence_start
    return Event(
        id=f"{art.id}-e{n}", article_id=art.id,
        event_date=art.date if isinstance(event_date, EllipsisType) else event_date, report_date=art.date,
        source=actor(source), target=actor(target) if target else None,
        cameo=code.code, cameo_root=code.root, cameo_name=code.name, goldstein=code.goldstein,
        quad_class=code.quad_class, plover_type=code.plover_type, plover_mode=code.plover_mode,
        modality=modality,  # type: ignore[arg-type]
        sentence=text, sentence_span=Span(start, start + len(text)), verb_span=Span(start + 1, start + 2),
        source_span=None, target_span=None, confidence=0.8, manifest=MANIFEST,
        quantities=dict(quantities or {}), location=place)


def single(art: Article, **changes: object) -> Item:
    return art, [report(art, 0, **changes)]  # type: ignore[arg-type]


@pytest.fixture
def store() -> Iterator[Store]:
    with open_store(":memory:") as opened:
        yield opened


def clustered(store: Store, items: Sequence[Item], settings: ClusterSettings | None = None) -> list[EventCluster]:
    store.add_many(items)
    update_clusters(store, settings)
    return event_clusters(store)


def snapshot(store: Store) -> list[dict[str, object]]:
    return [c.to_dict() for c in event_clusters(store)]


# ---------------------------------------------------------------------------------------------- rules


def test_wire_copies_of_one_report_are_one_cluster(store: Store) -> None:
    items = [single(article(f"a{i}", DAY + timedelta(days=i % 2), source=f"agency{i % 3}"), cameo="181",
                    source="NGAREB", target="NGACVL", sentence=KIDNAP) for i in range(5)]
    (wire,) = clustered(store, items)
    assert (wire.num_reports, wire.num_sources, wire.num_articles) == (5, 3, 5)
    # a re-run six days later (beyond the 3-day window) is still a copy; a generic sentence is not
    items = []
    items.append(single(article("late", DAY + timedelta(days=6), source="agency0"), cameo="181", source="NGAREB",
                        target="NGACVL", sentence=KIDNAP))
    items.append(single(article("generic", DAY + timedelta(days=6)), cameo="181", source="NGAREB",
                        target="NGACVL", sentence="Gunmen kidnapped a man."))
    first, other = clustered(store, items)
    assert first.id == wire.id
    assert (first.num_reports, first.num_events, first.num_articles, first.num_sources) == (6, 6, 6, 3)
    assert (first.first_seen, first.last_seen) == (DAY, DAY + timedelta(days=6))
    assert (first.cameo, first.goldstein, first.sentence, first.modality) == ("181", -9.0, KIDNAP, "asserted")
    assert first.dyad == ("NGAREB", "NGACVL") and first.seed_event_id == "a0-e0"
    assert first.id == clustering.cluster_id("a0-e0")
    assert set(first.event_ids) == {f"a{i}-e0" for i in range(5)} | {"late-e0"}
    assert other.event_ids == ("generic-e0",)
    assert {e.sentence for e in first.events(store)} == {KIDNAP}


def test_same_dyad_and_root_thirty_days_apart_are_two_clusters(store: Store) -> None:
    found = clustered(store, [single(article("a")), single(article("b", DAY + timedelta(days=30)))])
    assert [(c.first_seen, c.num_reports) for c in found] == [(DAY, 1), (DAY + timedelta(days=30), 1)]


def test_window_counts_from_the_first_report_so_daily_repeats_do_not_chain(store: Store) -> None:
    found = clustered(store, [single(article(f"d{i}", DAY + timedelta(days=i)), sentence=f"Shelling, day {i}.")
                              for i in range(10)])
    assert [c.num_reports for c in found] == [4, 4, 2]  # days 0-3, 4-7, 8-9 with the default 3-day window
    wide = ClusterSettings(window_days=9, copy_days=14)
    assert [c.num_reports for c in clustered(store, [], wide)] == [10]  # other settings: re-clustered


def test_dyads_roots_and_modality_classes_keep_happenings_apart(store: Store) -> None:
    found = clustered(store, [
        single(article("rus-ukr")),
        single(article("ukr-rus"), source="UKRMIL", target="RUSMIL"),  # the other direction
        single(article("blr-ukr"), source="BLRMIL"),
        single(article("threat"), cameo="138"),  # another root: a threat, not an attack
        single(article("feared"), modality="feared"),  # a fear of an attack is not an attack
        single(article("denied"), modality="negated"),
    ])
    assert len(found) == 6
    assert len({c.key for c in found}) == 6


def test_actors_count_at_country_level_except_inside_one_country(store: Store) -> None:
    found = clustered(store, [
        single(article("mil"), source="RUSMIL", target="UKRMIL"),
        single(article("gov"), source="RUSGOV", target="UKR"),
        single(article("reported"), source="RUS", target="UKRGOV", modality="reported"),
        single(article("police"), cameo="173", source="NGACOP", target="NGAOPP"),
        single(article("rebels"), cameo="173", source="NGAREB", target="NGAOPP"),
    ])
    by_key = {c.key: c for c in found}
    assert set(by_key) == {"RUS|UKR|>|19|factual", "NGACOP|NGAOPP|>|17|factual", "NGAREB|NGAOPP|>|17|factual"}
    attack = by_key["RUS|UKR|>|19|factual"]
    assert attack.num_reports == 3 and attack.modality == "asserted"  # the most factual of its reports


def test_codes_without_direction_pair_both_ways_and_joint_actions_are_one_report(store: Store) -> None:
    joint = article("joint")
    talks = "Russian and Ukrainian negotiators held talks in Istanbul."
    items: list[Item] = [
        (joint, [report(joint, 0, "046", source="RUSGOV", target="UKRGOV", sentence=talks, sentence_start=0),
                 report(joint, 1, "046", source="UKRGOV", target="RUSGOV", sentence=talks, sentence_start=0)]),
        single(article("visit"), cameo="042", source="TURGOV", target="UKRGOV"),
        single(article("host"), cameo="043", source="UKRGOV", target="TURGOV"),  # the same visit, hosted
        single(article("other"), cameo="046", source="UKRGOV", target="RUSGOV"),
    ]
    talks_cluster, visit = sorted(clustered(store, items), key=lambda c: c.key)
    assert talks_cluster.key == "RUS|UKR|=|04|factual" and talks_cluster.mutual
    assert (talks_cluster.num_events, talks_cluster.num_reports, talks_cluster.num_articles) == (3, 2, 2)
    assert visit.key == "TUR|UKR|=|04|factual" and visit.num_reports == 2
    assert "<->" in visit.dyad_label
    # a mutual cluster answers a dyad query either way round; a directed one only its own way
    assert [c.id for c in event_clusters(store, dyad=("UKR", "TUR"))] == [visit.id]
    assert event_clusters(store, dyad=("RUS", "UKR")) == event_clusters(store, dyad=("UKR", "RUS"))


def test_places_that_differ_are_different_happenings(store: Store) -> None:
    found = clustered(store, [
        single(article("kyiv"), place=KYIV, sentence="Russian missiles struck Kyiv overnight."),
        single(article("kharkiv"), place=KHARKIV, sentence="Russian shells hit Kharkiv on Tuesday."),
        # no city: fits both, and joins the one whose sentence it resembles
        single(article("vague", DAY + timedelta(days=1)), place=UKRAINE,
               sentence="Russian shells hit Kharkiv again, officials said."),
        single(article("moscow"), place=Place(name="Moscow", country="RUS", precision="city")),
    ])
    by_place = {c.location_name: c for c in found}
    assert set(by_place) == {"Kyiv", "Kharkiv", "Moscow"}
    assert set(by_place["Kharkiv"].event_ids) == {"kharkiv-e0", "vague-e0"}
    assert by_place["Kharkiv"].location_precision == "city"


def test_stated_numbers_far_apart_are_different_happenings(store: Store) -> None:
    found = clustered(store, [
        single(article("five"), quantities={"killed": 5}),
        single(article("twelve", DAY + timedelta(days=1)), quantities={"killed": 12}),  # a rising toll
        single(article("two-hundred"), quantities={"killed": 200}),
        single(article("unstated")),
    ])
    assert sorted(len(c.event_ids) for c in found) == [1, 3]
    (big,) = [c for c in found if len(c.event_ids) == 1]
    assert big.event_ids == ("two-hundred-e0",)


def test_quantity_and_place_rules() -> None:
    assert clustering.quantities_conflict({"killed": (5, 12)}, {"killed": 40}, 3.0)
    assert not clustering.quantities_conflict({"killed": (5, 12)}, {"killed": 15, "injured": 900}, 3.0)
    assert not clustering.quantities_conflict({"killed": (0, 0)}, {"killed": 3}, 3.0)
    assert clustering.places_conflict(("UKR", None, None), ("RUS", None, None))
    assert not clustering.places_conflict(("UKR", "07", "Kharkiv"), ("UKR", None, None))
    assert clustering.similarity(clustering.sentence_words("Troops, the troops!"),
                                 clustering.sentence_words("troops")) == 1.0
    with pytest.raises(ValueError, match="window_days"):
        ClusterSettings(window_days=20, copy_days=14)


def test_undated_reports_cluster_only_as_copies(store: Store) -> None:
    found = clustered(store, [
        single(article("u1", None), sentence=KIDNAP, cameo="181", source="NGAREB", target="NGACVL"),
        single(article("u2", None), sentence=KIDNAP, cameo="181", source="NGAREB", target="NGACVL"),
        single(article("u3", None), cameo="181", source="NGAREB", target="NGACVL"),
        single(article("dated"), sentence=KIDNAP, cameo="181", source="NGAREB", target="NGACVL"),
    ])
    assert sorted((c.first_seen or date.max, len(c.event_ids)) for c in found) == [
        (DAY, 1), (date.max, 1), (date.max, 2)]


# ---------------------------------------------------------------------------------------------- updates


def stream(seed: int, n_articles: int = 160) -> list[Item]:
    """Articles over six weeks on a few dyads, roots and places, with wire copies and stated tolls."""
    rng = random.Random(seed)
    dyads = [("RUSMIL", "UKRMIL"), ("UKRMIL", "RUSMIL"), ("USAGOV", "RUSGOV"), ("NGAREB", "NGACVL")]
    codes = ["190", "193", "112", "138", "046", "181"]
    sentences = [KIDNAP, "Russian artillery shelled positions near the eastern town, killing several soldiers.",
                 None, None, None]
    items: list[Item] = []
    for i in range(n_articles):
        art = article(f"s{seed}-{i:03d}", DAY + timedelta(days=rng.randrange(42)), source=f"src{rng.randrange(5)}")
        events = []
        for n in range(rng.randrange(4)):
            source, target = rng.choice(dyads)
            events.append(report(
                art, n, rng.choice(codes), source=source, target=target, sentence=rng.choice(sentences),
                modality=rng.choice(["asserted", "asserted", "reported", "threatened"]),
                place=rng.choice([None, None, KYIV, KHARKIV, UKRAINE]),
                quantities=rng.choice([{}, {}, {"killed": rng.choice([3, 5, 40])}]),
                event_date=rng.choice([..., ..., art.date - timedelta(days=2) if art.date else None])))
        items.append((art, events))
    return items


def by_date(items: Sequence[Item]) -> list[Item]:
    return sorted(items, key=lambda item: (item[0].date or date.max, item[0].id))


@pytest.mark.parametrize("seed", [1, 2])
def test_incremental_updates_give_the_batch_clusters_in_any_arrival_order(seed: int) -> None:
    items = stream(seed, 120)
    with open_store(":memory:") as batch:
        batch.add_many(items)
        update_clusters(batch)
        expected = snapshot(batch)
    assert len(expected) > 30 and any(c["num_reports"] >= 3 for c in expected)  # a stream worth clustering
    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)
    for arrival, step in ((by_date(items), 15), (shuffled, 11), (list(reversed(by_date(items))), 40)):
        with open_store(":memory:") as incremental:
            for start in range(0, len(arrival), step):
                incremental.add_many(arrival[start:start + step])
                update_clusters(incremental)
            assert snapshot(incremental) == expected
    with open_store(":memory:") as chunked:  # small chunks: state carried across chunks
        chunked.add_many(items)
        update_clusters(chunked, chunk_events=5)
        assert snapshot(chunked) == expected


def test_rerunning_changes_nothing(store: Store) -> None:
    store.add_many(stream(3, 60))
    first = update_clusters(store)
    assert first.events == store.count_events() and first.articles == 60 and not first.reset
    before = snapshot(store)
    again = update_clusters(store)
    assert (again.articles, again.events, again.clusters) == (0, 0, 0)
    assert snapshot(store) == before
    store.add_many(stream(3, 60))  # the same articles re-added unchanged
    assert update_clusters(store).events == 0 and snapshot(store) == before


def test_reingested_article_with_changed_content_updates_its_clusters(store: Store) -> None:
    a, b, c = article("a"), article("b", DAY + timedelta(days=1)), article("c", DAY + timedelta(days=2))
    store.add_many([single(a, sentence=KIDNAP), single(b, sentence=KIDNAP), single(c, cameo="138")])
    update_clusters(store)
    assert [len(x.event_ids) for x in event_clusters(store)] == [2, 1]
    # a's new version moves its event (same id) 40 days on; c's new version has no events at all
    moved = article("a", DAY + timedelta(days=40), text="corrected")
    store.add_article(moved, [report(moved, 0, sentence=KIDNAP)])
    store.add_article(article("c", c.date, text="retracted"), [])
    assert clustering.pending_articles(store) == 2
    update = update_clusters(store)
    assert (update.articles, update.events) == (2, 2)  # a's event, and b's, re-assigned from day 0 on
    assert clustering.pending_articles(store) == 0
    found = event_clusters(store)
    assert [(x.first_seen, x.event_ids) for x in found] == [(b.date, ("b-e0",)), (moved.date, ("a-e0",))]
    assert found[0].id == clustering.cluster_id("b-e0")
    assert snapshot(store) == snapshot_of_fresh_store(store)


def snapshot_of_fresh_store(store: Store) -> list[dict[str, object]]:
    """The clusters a store holding the same events gets from one update."""
    articles = {e.article_id for e in store.events()}
    with open_store(":memory:") as fresh:
        fresh.add_many([(stored, store.events(article_id=stored.id)) for a_id in sorted(articles)
                        if (stored := store.article(a_id)) is not None])
        update_clusters(fresh)
        return snapshot(fresh)


def test_a_failed_update_leaves_the_clusters_as_they_were(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    items = stream(4, 80)
    store.add_many(items[:40])
    update_clusters(store)
    before = snapshot(store)
    store.add_many(items[40:])
    calls = {"n": 0}
    assign = clustering.Clusterer.assign

    def failing(self: clustering.Clusterer, row: object) -> str:
        calls["n"] += 1
        if calls["n"] > 20:
            raise RuntimeError("crash in the middle of an update")
        return assign(self, row)  # type: ignore[arg-type]

    monkeypatch.setattr(clustering.Clusterer, "assign", failing)
    with pytest.raises(RuntimeError):
        update_clusters(store, chunk_events=5)  # several chunks written before the crash
    assert snapshot(store) == before and clustering.pending_articles(store) == 40
    monkeypatch.setattr(clustering.Clusterer, "assign", assign)
    update_clusters(store)
    assert snapshot(store) == snapshot_of_fresh_store(store)


def test_updates_need_a_writable_store(tmp_path: Path) -> None:
    path = tmp_path / "ro.duckdb"
    with open_store(path) as store:
        store.add_many([single(article("a"))])
    with open_store(path, read_only=True) as store, pytest.raises(StoreError, match="read-only"):
        update_clusters(store)


# ---------------------------------------------------------------------------------------------- queries


def test_filters_order_and_member_sentences(store: Store) -> None:
    items = [single(article(f"k{i}", source=f"s{i}"), cameo="181", source="NGAREB", target="NGACVL",
                    sentence=KIDNAP) for i in range(3)]
    items += [single(article("strike", DAY + timedelta(days=20)), sentence="Russian jets bombed the depot."),
              single(article("sanction", DAY + timedelta(days=5)), cameo="163", source="USAGOV", target="RUSGOV",
                     modality="reported")]
    clustered(store, items)
    assert [c.cameo for c in event_clusters(store, order="reports")] == ["181", "163", "190"]
    assert [c.cameo for c in event_clusters(store, order="reports", limit=1)] == ["181"]
    assert [c.cameo for c in event_clusters(store, min_reports=2)] == ["181"]
    assert [c.cameo for c in event_clusters(store, dyad=("RUSMIL", "UKR"))] == ["190"]
    assert [c.cameo for c in event_clusters(store, actor="RUS")] == ["163", "190"]
    assert [c.cameo for c in event_clusters(store, code="16")] == ["163"]
    assert [c.cameo for c in event_clusters(store, since=DAY + timedelta(days=5),
                                            until=DAY + timedelta(days=5))] == ["163"]
    assert [c.cameo for c in event_clusters(store, quad_class=[4], modality=["asserted"])] == ["181", "190"]
    assert event_clusters(store, modality=[]) == [] == event_clusters(store, quad_class=[1, 2, 3])
    (strike,) = event_clusters(store, code="19")
    assert [e.sentence for e in cluster_events(store, strike.id)] == ["Russian jets bombed the depot."]
    assert tocsin.event_clusters is event_clusters and tocsin.EventCluster is EventCluster
    with pytest.raises(ValueError, match="order"):
        event_clusters(store, order="size")


def test_cluster_record_is_json_ready(store: Store) -> None:
    (cluster,) = clustered(store, [single(article("a"), place=KYIV)])
    record = json.loads(json.dumps(cluster.to_dict()))
    assert record["first_seen"] == "2022-03-01" and record["event_ids"] == ["a-e0"]
    assert record["location_name"] == "Kyiv" and record["key"] == "RUS|UKR|>|19|factual"
    assert set(record) == {f.name for f in dataclasses.fields(EventCluster)}


# ---------------------------------------------------------------------------------------------- CLI


def test_cli_lists_clusters_in_every_format(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    with open_store(db) as store:
        store.add_many([single(article(f"k{i}", source=f"s{i % 2}"), cameo="181", source="NGAREB",
                               target="NGACVL", sentence=KIDNAP) for i in range(4)]
                       + [single(article("strike", DAY + timedelta(days=9)))])
    runner = CliRunner()
    stale = runner.invoke(main, ["clusters", "--db", str(db)])
    assert stale.exit_code == 0 and "5 articles changed" in stale.stderr and stale.stdout.count("\n") == 1
    table = runner.invoke(main, ["clusters", "--db", str(db), "--update"])
    assert table.exit_code == 0, table.output
    header, kidnap, strike = table.stdout.splitlines()
    assert header.split()[:8] == ["first_seen", "last_seen", "dyad", "code", "name", "reports", "sources",
                                  "articles"]
    assert "NGAREB->NGACVL" in kidnap and "181" in kidnap and "Gunmen kidnapped" in kidnap
    assert re.search(r"\b4 +2 +4  Gunmen kidnapped", kidnap)
    assert "RUSMIL->UKRMIL" in strike and "2022-03-10" in strike
    jsonl = runner.invoke(main, ["clusters", "--db", str(db), "--format", "jsonl", "--dyad", "ngareb:ngacvl",
                                 "--min-reports", "2"])
    (record,) = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert (record["num_reports"], record["num_sources"], len(record["event_ids"])) == (4, 2, 4)
    csv_out = runner.invoke(main, ["clusters", "--db", str(db), "--format", "csv", "--code", "19"])
    lines = csv_out.stdout.splitlines()
    assert lines[0].startswith("id,first_seen,last_seen") and len(lines) == 2 and "strike-e0" in lines[1]
    bad = runner.invoke(main, ["clusters", "--db", str(db), "--dyad", "RUS"])
    assert bad.exit_code == 2 and "SOURCE:TARGET" in bad.output


def test_ingest_updates_the_clusters(tmp_path: Path) -> None:
    text = "Russia deployed troops near the border with Ukraine on Tuesday, officials said."
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"n{i}", "date": "2022-03-01", "source": f"paper{i}",
                                          "title": f"Report {i}", "text": text}) + "\n" for i in range(3)))
    db = tmp_path / "i.duckdb"
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(corpus), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "events clustered (3 articles new or changed)" in result.stderr
    with open_store(db, read_only=True) as store:
        assert clustering.pending_articles(store) == 0
        found = event_clusters(store, actor="RUS")
        assert found and all((c.num_reports, c.num_articles, c.num_sources) == (3, 3, 3) for c in found)
