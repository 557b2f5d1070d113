"""Ingest: every input format, every error (with file, line and field), skip_bad, stable ids, round trips."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import logging
import time
import tracemalloc
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tocsin import ingest
from tocsin.errors import InputError
from tocsin.ingest import (
    MAX_ARTICLE_BYTES,
    ColumnMap,
    Problem,
    article_id,
    parse_date,
    parse_text_article,
    read_articles,
)
from tocsin.models import Article

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED_PATHS = [p for p in (SHARED / "examples" / "seed_article_2022-01-18.txt",
                          ROOT / "src" / "tocsin" / "data" / "seed_article_2022-01-18.txt") if p.exists()]
KREMLIN = SHARED / "corpora" / "kremlin_press_releases_2021-10_2022-06.csv"
JAN18 = dt.date(2022, 1, 18)


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def jsonl(*records: object) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def read(*paths: Path, **options: Any) -> list[Article]:
    return list(read_articles(list(paths), **options))


def fails(*paths: Path, **options: Any) -> InputError:
    with pytest.raises(InputError) as caught:
        read(*paths, **options)
    return caught.value


def assert_at(error: InputError, path: Path, line: int | None, field: str | None = None) -> None:
    """The error names the file, the line and the field, both as attributes and in its one-line message."""
    assert error.path == str(path)
    assert error.line == line
    assert error.field == field
    where = f"{path}:{line}: " if line is not None else f"{path}: "
    assert str(error).startswith(where + (f"field {field!r}: " if field else ""))
    assert "\n" not in str(error)


# ------------------------------------------------------------------------------------------ seed article


@pytest.mark.parametrize("seed", SEED_PATHS, ids=lambda p: p.parent.name)
def test_seed_article(seed: Path) -> None:
    (article,) = read(seed)
    assert article.title == "Winds of war between Russia and Ukraine: Moscow amasses troops on the border"
    assert article.date == JAN18
    assert article.text.startswith("Russia has already amassed about 100,000 soldiers")
    paragraphs = article.text.split("\n\n")
    # the lede is the first paragraph, the title is not repeated, subheads stay paragraphs of their own
    assert paragraphs[0].endswith("the West fears an imminent invasion.")
    assert paragraphs[1].startswith("There war between Russia and Ukraine")
    assert "Military exercises in Belarus" in paragraphs
    assert "The mediation of Germany" in paragraphs
    assert article.title not in article.text
    assert article.origin == f"{seed}:1"
    assert (article.url, article.source) == ("", "")
    assert article.id == article_id(article.title, article.date, article.text)
    assert article.document.startswith(article.title + "\n\nRussia has already amassed")


def test_seed_article_is_not_date_dependent_on_the_argument() -> None:
    if not SEED_PATHS:
        pytest.skip("seed article not available")
    (article,) = read(SEED_PATHS[0], date=dt.date(2000, 1, 1))
    assert article.date == JAN18  # the header wins over --date


# ----------------------------------------------------------------------------------------------- text


def test_tocsin_text_format_with_bom_whitespace_crlf_and_wrapped_lines(tmp_path: Path) -> None:
    content = ("\ufeff  \r\ndate 2022-01-18 Troops massed on the border\r\nas talks stalled.\r\n\r\n"
               "A short title\r\n\r\nFirst body line\r\nwrapped here.\r\n  \r\nSubhead\r\n\r\nLast one.\r\n")
    (article,) = read(write(tmp_path, "a.txt", content))
    assert article.title == "A short title"
    assert article.text == ("Troops massed on the border as talks stalled.\n\nFirst body line wrapped here."
                            "\n\nSubhead\n\nLast one.")
    assert article.date == JAN18


def test_tocsin_header_accepts_a_datetime_and_an_empty_lede(tmp_path: Path) -> None:
    (article,) = read(write(tmp_path, "a.text", "date 2022-01-18T23:30:00-05:00\nHeadline here\n\nBody.\n"))
    assert (article.date, article.title, article.text) == (JAN18, "Headline here", "Body.")


def test_tocsin_header_first_paragraph_long_is_body_not_title(tmp_path: Path) -> None:
    (article,) = read(write(tmp_path, "a", "date 2022-01-18 Lede.\n\nThis is a full sentence.\n\nMore.\n"))
    assert article.title == ""
    assert article.text == "Lede.\n\nThis is a full sentence.\n\nMore."


def test_plain_text_uses_the_date_argument_and_a_short_first_line_as_title(tmp_path: Path) -> None:
    path = write(tmp_path, "plain.txt", "Moscow amasses troops\n\nRussia moved troops.\n\nNATO responded.\n")
    (article,) = read(path, date=JAN18)
    assert (article.title, article.text, article.date) == (
        "Moscow amasses troops", "Russia moved troops.\n\nNATO responded.", JAN18)
    assert article.origin == f"{path}:1"


@pytest.mark.parametrize(("content", "title"), [
    ("Russia moved troops to the border.\nNATO responded.\n", ""),  # final period: a sentence
    ("x" * 250 + "\n\nbody\n", ""),  # too long for a title
    ("Russia moved troops toward the\nborder on Tuesday.\n\nMore.\n", ""),  # a hard-wrapped sentence
    ("Only one line without a period\n", ""),  # nothing would be left for the text
    ("Title here\nBody follows directly.\n", "Title here"),
])
def test_plain_text_title_heuristic(tmp_path: Path, content: str, title: str) -> None:
    (article,) = read(write(tmp_path, "p.txt", content), date=JAN18)
    assert article.title == title
    assert article.text


def test_text_without_blank_lines_has_a_paragraph_per_line(tmp_path: Path) -> None:
    (plain,) = read(write(tmp_path, "p.txt", "Short title\nFirst paragraph.\nSecond one.\n"), date=JAN18)
    assert (plain.title, plain.text) == ("Short title", "First paragraph.\n\nSecond one.")
    (tocsin,) = read(write(tmp_path, "t.txt", "date 2022-01-18 The lede.\nShort title\nBody.\n"))
    assert (tocsin.title, tocsin.text) == ("Short title", "The lede.\n\nBody.")


def test_plain_text_without_any_date_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "plain.txt", "Some text.\n")
    error = fails(path)
    assert_at(error, path, 1)
    assert "missing date (give --date or a 'date YYYY-MM-DD' first line)" in str(error)


def test_text_header_with_a_bad_date_names_line_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.txt", "date 2022-13-45 Lede.\n")
    error = fails(path)
    assert_at(error, path, 1, "date")
    assert "unrecognised date '2022-13-45'" in str(error)


def test_a_first_line_merely_starting_with_the_word_date_is_not_a_header(tmp_path: Path) -> None:
    (article,) = read(write(tmp_path, "p.txt", "Date night ideas\n\nGo out.\n"), date=JAN18)
    assert (article.title, article.text) == ("Date night ideas", "Go out.")


def test_text_header_without_any_text_is_empty(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "date 2022-01-18\n\n")
    assert_at(fails(path), path, 1, "text")


def test_parse_text_article_works_on_strings() -> None:
    article = parse_text_article("date 2022-01-18 Lede.\n\nTitle\n\nBody.", name="inline")
    assert (article.title, article.text, article.origin) == ("Title", "Lede.\n\nBody.", "inline:1")


# ---------------------------------------------------------------------------------------------- JSONL


def test_jsonl_records_with_common_field_names(tmp_path: Path) -> None:
    path = write(tmp_path, "feed.jsonl", jsonl(
        {"id": 7, "headline": "T1", "body": "Text one.", "published": "2022-01-18T10:00:00Z",
         "link": "https://www.example.com/a"},
        {"title": "T2", "content": ["Para one.", "Para two."], "pubdate": "January 19, 2022",
         "url": "https://news.example.org/b", "publisher": "Example News"},
    ) + "\n   \n" + jsonl({"Text": "Upper-case keys.", "Date": "2022/01/20"}))
    first, second, third = read(path)
    assert (first.id, first.title, first.text, first.date) == ("7", "T1", "Text one.", JAN18)
    assert (first.url, first.source) == ("https://www.example.com/a", "example.com")
    assert first.origin == f"{path}:1"
    assert (second.text, second.source, second.date) == ("Para one.\n\nPara two.", "Example News",
                                                          dt.date(2022, 1, 19))
    assert second.id == article_id("T2", dt.date(2022, 1, 19), "Para one.\n\nPara two.")
    assert (third.text, third.date, third.origin) == ("Upper-case keys.", dt.date(2022, 1, 20), f"{path}:5")


def test_lede_is_prepended_once(tmp_path: Path) -> None:
    path = write(tmp_path, "l.ndjson", jsonl(
        {"text": "Body.", "summary": "The lede.", "date": "2022-01-18"},
        {"text": "The  lede.\nSecond body.", "summary": "The lede.", "date": "2022-01-18"},
        {"text": "Body three.", "description": "  ", "date": "2022-01-18"},
    ))
    assert [a.text for a in read(path)] == ["The lede.\n\nBody.", "The  lede.\nSecond body.", "Body three."]


def test_record_date_wins_and_blank_date_falls_back_to_the_argument(tmp_path: Path) -> None:
    path = write(tmp_path, "d.jsonl", jsonl({"text": "a", "date": "2022-01-19"}, {"text": "b", "date": ""},
                                            {"text": "c", "timestamp": 1642500000}))
    assert [a.date for a in read(path, date=JAN18)] == [dt.date(2022, 1, 19), JAN18, JAN18]


def test_a_datetime_argument_is_taken_as_its_date(tmp_path: Path) -> None:
    path = write(tmp_path, "d.jsonl", jsonl({"text": "a"}))
    assert read(path, date=dt.datetime(2022, 1, 18, 23, 59))[0].date == JAN18


def test_record_without_any_date(tmp_path: Path) -> None:
    path = write(tmp_path, "d.jsonl", jsonl({"text": "a"}))
    error = fails(path)
    assert_at(error, path, 1, "date")
    assert "missing date (give --date" in str(error)


def test_jsonl_is_streamed_lazily(tmp_path: Path) -> None:
    path = write(tmp_path, "s.jsonl", jsonl({"text": "first", "date": "2022-01-18"}) + "{broken\n")
    articles = read_articles([path])
    assert next(articles).text == "first"  # the bad second line has not been read yet
    with pytest.raises(InputError):
        next(articles)


def test_a_single_path_is_not_iterated_letter_by_letter(tmp_path: Path) -> None:
    path = write(tmp_path, "one.jsonl", jsonl({"text": "x", "date": "2022-01-18"}))
    assert [a.text for a in read_articles(str(path))] == ["x"]


# ------------------------------------------------------------------------------------------------ JSON


def test_json_list_of_records_with_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "list.json",
                 '[\n  {"text": "one", "date": "2022-01-18"},\n\n  {"text": "two",\n'
                 '   "date": "2022-01-19"}\n]\n')
    articles = read(path)
    assert [(a.text, a.origin) for a in articles] == [("one", f"{path}:2"), ("two", f"{path}:4")]


def test_json_single_record(tmp_path: Path) -> None:
    path = write(tmp_path, "one.json", '\ufeff{"story": "Only one.", "datetime": "2022-01-18 10:00"}')
    (article,) = read(path)
    assert (article.text, article.date, article.origin) == ("Only one.", JAN18, f"{path}:1")


@pytest.mark.parametrize(("content", "line", "message"), [
    ('[{"text": "a", "date": "2022-01-18"},\n {"text": }]', 2, "invalid JSON: Expecting value"),
    ('{"text": "a", "date": "2022-01-18"}\n{"text": "b"}', 2, "extra data"),
    ('"just a string"', 1, "expected a list of records or one record object, got a string"),
    ("[\n]", 2, "no records"),
    ('[{"text": "a", "date": "2022-01-18"}\n {"x": 1}]', 2, "expected ',' or ']'"),
])
def test_json_file_errors(tmp_path: Path, content: str, line: int, message: str) -> None:
    path = write(tmp_path, "bad.json", content)
    error = fails(path)
    assert_at(error, path, line)
    assert message in str(error)


def test_json_list_element_that_is_not_an_object(tmp_path: Path) -> None:
    path = write(tmp_path, "l.json", '[{"text": "a", "date": "2022-01-18"},\n 5,\n {"text": "b", "date": '
                                     '"2022-01-18"}]')
    problems: list[Problem] = []
    assert [a.text for a in read(path, skip_bad=True, on_problem=problems.append)] == ["a", "b"]
    assert [str(p) for p in problems] == [f"{path}:2: record is a number, expected a JSON object"]


# ------------------------------------------------------------------------------------------------- CSV


def test_csv_multiline_records_report_their_start_line(tmp_path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["ID", " Headline ", "Body", "Date", "Extra"])
    writer.writerow(["x1", "First", "Line one.\n\nLine two.", "2022-01-18", ""])
    writer.writerow([])
    writer.writerow(["x2", "Second", "Only line.", "18 January 2022", "ignored"])
    path = write(tmp_path, "a.csv", "\ufeff" + buffer.getvalue())
    first, second = read(path)
    assert (first.id, first.title, first.text, first.origin) == ("x1", "First", "Line one.\n\nLine two.",
                                                                  f"{path}:2")
    assert (second.id, second.origin, second.date) == ("x2", f"{path}:6", JAN18)


def test_tsv_by_extension(tmp_path: Path) -> None:
    path = write(tmp_path, "a.tsv", "title\ttext\tdate\nT\tSome, text; with commas\t2022-01-18\n")
    (article,) = read(path)
    assert (article.title, article.text) == ("T", "Some, text; with commas")


def test_csv_with_a_big_field_over_the_default_csv_limit(tmp_path: Path) -> None:
    body = "word " * 100_000  # 500 kB: over the csv module's default 128 kB field limit
    path = write(tmp_path, "big.csv", f"text,date\n\"{body}\",2022-01-18\n")
    (article,) = read(path)
    assert article.text == body.strip()


def test_csv_without_a_text_column_fails_at_the_header(tmp_path: Path) -> None:
    path = write(tmp_path, "h.csv", "\n\nlink,headline,date\nhttp://x,T,2022-01-18\n")
    error = fails(path, skip_bad=False)
    assert_at(error, path, 3, "text")
    assert "missing text column" in str(error) and "'link', 'headline', 'date'" in str(error)


def test_csv_date_error_message_names_file_line_and_field(tmp_path: Path) -> None:
    rows = "".join(f"tweet {n},2022-01-{n:02d}\n" for n in range(1, 13))
    path = write(tmp_path, "tweets.csv", "text,date\n" + rows + "bad one,18/01/22x\n")
    error = fails(path)
    assert str(error) == f"{path}:14: field 'date': unrecognised date '18/01/22x'"
    assert_at(error, path, 14, "date")


def test_csv_record_with_too_many_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "f.csv", "text,date\na,2022-01-18,oops\nb,2022-01-18,\n")
    problems: list[Problem] = []
    assert [a.text for a in read(path, skip_bad=True, on_problem=problems.append)] == ["b"]
    assert [str(p) for p in problems] == [f"{path}:2: record has 3 fields but the header has 2"]


def test_csv_header_only_and_malformed(tmp_path: Path) -> None:
    path = write(tmp_path, "h.csv", "text,date\n")
    error = fails(path)
    assert_at(error, path, 1)
    assert "no records" in str(error)
    path = write(tmp_path, "m.csv", "text,date\na,2022-01-18\nb\rc,2022-01-18\n")
    error = fails(path)
    assert_at(error, path, 3)
    assert "malformed CSV" in str(error)


@pytest.mark.skipif(not KREMLIN.exists(), reason="Kremlin corpus not available")
def test_kremlin_corpus_reads_with_the_default_columns() -> None:
    articles = read(KREMLIN)
    assert len(articles) == 816
    assert len({a.id for a in articles}) == 816
    assert all(dt.date(2021, 10, 1) <= a.date <= dt.date(2022, 6, 30) for a in articles if a.date)
    assert {a.date.strftime("%Y-%m") for a in articles if a.date} >= {"2021-10", "2022-02", "2022-06"}
    assert all(a.title and a.text and a.url.startswith("http://en.kremlin.ru/") for a in articles)
    assert {a.source for a in articles} == {"en.kremlin.ru"}
    with KREMLIN.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row, article in zip(rows, articles, strict=True):
        assert article.title == row["headline"]
        summary = " ".join(row["summary"].split())
        assert article.text.startswith(summary + "\n\n" if summary else row["body"].strip()[:50])


# ------------------------------------------------------------------------------------------ directories


def test_directories_are_walked_sorted_skipping_hidden_and_unknown_files(tmp_path: Path) -> None:
    record = {"text": "t", "date": "2022-01-18"}
    write(tmp_path, "b/2.jsonl", jsonl({**record, "text": "b2"}))
    write(tmp_path, "a.jsonl", jsonl({**record, "text": "a"}))
    write(tmp_path, "b/1.csv", "text,date\nb1,2022-01-18\n")
    write(tmp_path, "b/notes.md", "# not an article")
    write(tmp_path, ".hidden.jsonl", jsonl({**record, "text": "hidden"}))
    write(tmp_path, ".git/x.jsonl", jsonl({**record, "text": "hidden dir"}))
    write(tmp_path, "c/README", "date 2022-01-18 No extension means text.")
    problems: list[Problem] = []
    articles = read(tmp_path, on_problem=problems.append)
    assert [a.text for a in articles] == ["a", "b1", "b2", "No extension means text."]
    assert problems == []


def test_an_explicitly_named_unknown_file_type_is_a_warning(tmp_path: Path, caplog: Any) -> None:
    pdf = write(tmp_path, "paper.pdf", b"%PDF")
    good = write(tmp_path, "a.jsonl", jsonl({"text": "t", "date": "2022-01-18"}))
    problems: list[Problem] = []
    assert [a.text for a in read(pdf, good, on_problem=problems.append)] == ["t"]
    assert len(problems) == 1 and problems[0].path == str(pdf) and problems[0].line is None
    assert str(problems[0]).startswith(f"{pdf}: unsupported file type '.pdf' (expected .txt")
    with caplog.at_level(logging.WARNING, logger="tocsin.ingest"):
        assert len(read(pdf, good)) == 1  # without on_problem the warning is logged
    assert "unsupported file type" in caplog.text


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.jsonl"
    error = fails(path)
    assert_at(error, path, None)
    assert "no such file or directory" in str(error)


# ----------------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize("value", [
    "2022-01-18", "2022-01-18T10:00:00Z", "2022-01-18T23:30:00-05:00", "2022-01-18T00:30:00+03:00",
    "2022-01-18 23:30", "2022-01-18T10:00:00.123456+03:00", "20220118", " 2022-01-18 ",
    "January 18, 2022", "Jan 18, 2022", "Jan. 18 2022", "Tuesday, January 18, 2022", "january 18th, 2022",
    "18 January 2022", "18th January 2022", "18 Jan. 2022", "Tue 18 Jan 2022", "2022/01/18", "2022/1/18",
    "2022.01.18", "Tue, 18 Jan 2022 10:00:00 GMT", "Tue, 18 Jan 2022 23:00:00 -0500",
    "1642500000", "1642500000.5", "1642500000000",
    "18-Jan-2022", "Jan. 18, 2022, 11:02 p.m. ET",  # these two only through dateparser
])
def test_dates_are_read_as_written(value: str) -> None:
    assert parse_date(value, path="f.csv", line=3) == JAN18


@pytest.mark.parametrize("value", [
    "18/01/22x", "yesterday", "2 days ago", "tomorrow", "next Tuesday", "January 2022", "2022", "12345",
    "2022-13-45", "2022-02-30", "18 janvier 2022", "not a date", "",
])
def test_unrecognised_dates_name_file_line_and_field(value: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_date(value, path="tweets.csv", line=14, field="created_at")
    expected = f"unrecognised date {value!r}" if value else "empty date"
    assert str(caught.value) == f"tweets.csv:14: field 'created_at': {expected}"


# ---------------------------------------------------------------------------------------------- errors


@pytest.mark.parametrize("name", ["e.txt", "e.jsonl", "e.csv", "e.json", "e"])
@pytest.mark.parametrize("content", [b"", b"\n \n\t\n", b"\xef\xbb\xbf"])
def test_empty_files(tmp_path: Path, name: str, content: bytes) -> None:
    path = write(tmp_path, name, content)
    error = fails(path)
    assert_at(error, path, 1)
    assert "empty file" in str(error)


@pytest.mark.parametrize("name", ["b.txt", "b.jsonl", "b.csv", "b.json"])
def test_binary_files(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, b'{"text": "a"}\n\x89PNG\x00\x00\x01')
    error = fails(path)
    assert_at(error, path, 2)
    assert "binary file (NUL byte at byte offset 18)" in str(error)


@pytest.mark.parametrize(("name", "content", "line", "offset"), [
    ("u.txt", b"date 2022-01-18 ok\n\ncaf\xe9\n", 3, 23),
    ("u.json", b'[{"text": "caf\xe9", "date": "2022-01-18"}]', 1, 14),
    ("u.jsonl", b'{"text": "ok", "date": "2022-01-18"}\n{"text": "caf\xe9", "date": "2022-01-18"}\n', 2, 50),
    ("u.csv", b'text,date\n"ok\nstill ok\ncaf\xe9",2022-01-18\n', 4, 26),
    ("bom.txt", b"\xef\xbb\xbfdate 2022-01-18 caf\xe9", 1, 22),  # offsets count the BOM
    ("bom.csv", b'\xef\xbb\xbftext,date\ncaf\xe9,2022-01-18\n', 2, 16),
])
def test_invalid_utf8_names_line_and_byte_offset(tmp_path: Path, name: str, content: bytes, line: int,
                                                offset: int) -> None:
    path = write(tmp_path, name, content)
    error = fails(path)
    assert_at(error, path, line)
    assert f"invalid UTF-8 at byte offset {offset} (byte 0xe9)" in str(error)
    assert content[offset] == 0xE9


def test_invalid_utf8_record_is_skipped_and_the_rest_still_read(tmp_path: Path) -> None:
    path = write(tmp_path, "u.csv", b'text,date\n"caf\xe9\nmore",2022-01-18\nnext,2022-01-18\n')
    problems: list[Problem] = []
    assert [a.text for a in read(path, skip_bad=True, on_problem=problems.append)] == ["next"]
    assert [p.line for p in problems] == [2]  # the bad byte is on line 2, where the record starts too


def test_utf8_bom_is_accepted_everywhere(tmp_path: Path) -> None:
    bom = "\ufeff"
    paths = [write(tmp_path, "a.jsonl", bom + jsonl({"text": "j", "date": "2022-01-18"})),
             write(tmp_path, "a.csv", bom + "text,date\nc,2022-01-18\n"),
             write(tmp_path, "a.json", bom + '[{"text": "J", "date": "2022-01-18"}]'),
             write(tmp_path, "a.txt", bom + "date 2022-01-18 t")]
    assert [a.text for a in read(*paths)] == ["j", "c", "J", "t"]


def test_malformed_jsonl_line(tmp_path: Path) -> None:
    path = write(tmp_path, "m.jsonl", jsonl({"text": "a", "date": "2022-01-18"}) + '{"text": "b",, }\n')
    error = fails(path)
    assert_at(error, path, 2)
    assert "invalid JSON: Expecting property name enclosed in double quotes (column 14)" in str(error)


@pytest.mark.parametrize(("content", "message"), [
    ("[" * 100_000 + "]" * 100_000, "invalid JSON: maximum recursion depth exceeded"),
    ('{"text": "a", "date": "2022-01-18", "n": ' + "1" * 5000 + "}", "invalid JSON: Exceeds the limit"),
])
@pytest.mark.parametrize("name", ["deep.jsonl", "deep.json"])
def test_pathological_json_is_an_input_error(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = write(tmp_path, name, content + "\n")
    error = fails(path)
    assert_at(error, path, 1)
    assert message in str(error)


@pytest.mark.parametrize(("record", "kind"), [([1, 2], "a list"), ("text", "a string"), (None, "null")])
def test_record_that_is_not_an_object(tmp_path: Path, record: object, kind: str) -> None:
    path = write(tmp_path, "n.jsonl", json.dumps(record) + "\n")
    error = fails(path)
    assert_at(error, path, 1)
    assert f"record is {kind}, expected a JSON object" in str(error)


def test_missing_text_field_lists_the_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "m.jsonl", jsonl({"headline": "T", "when": "2022-01-18"}))
    error = fails(path)
    assert_at(error, path, 1, "text")
    assert "missing text field (looked for text, body, content, article, story" in str(error)
    assert "the record has 'headline', 'when'" in str(error)


@pytest.mark.parametrize("text", ["", "   \n ", []])
def test_empty_text(tmp_path: Path, text: object) -> None:
    path = write(tmp_path, "e.jsonl", jsonl({"body": text, "date": "2022-01-18"}))
    error = fails(path)
    assert_at(error, path, 1, "body")
    assert "empty text" in str(error)


@pytest.mark.parametrize(("record", "field", "message"), [
    ({"text": {"a": 1}, "date": "2022-01-18"}, "text", "expected a list of strings, got an object"),
    ({"text": "a", "date": True}, "date", "expected a string, got a boolean"),
    ({"text": "a", "date": "2022-01-18", "guid": [1]}, "guid", "expected a string or an integer, got a list"),
    ({"text": "a\ud800b", "date": "2022-01-18"}, "text", "invalid Unicode: unpaired surrogate"),
])
def test_badly_typed_fields(tmp_path: Path, record: dict[str, object], field: str, message: str) -> None:
    path = write(tmp_path, "t.jsonl", jsonl(record))
    error = fails(path)
    assert_at(error, path, 1, field)
    assert message in str(error)


def test_article_over_the_limit_is_rejected_exactly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_ARTICLE_BYTES", 100)
    ok = "é" * 50  # 100 bytes
    path = write(tmp_path, "s.jsonl", jsonl({"text": ok, "date": "2022-01-18"},
                                            {"text": ok + "x", "date": "2022-01-18"}))
    problems: list[Problem] = []
    assert [a.text for a in read(path, skip_bad=True, on_problem=problems.append)] == [ok]
    assert [str(p) for p in problems] == [
        f"{path}:2: field 'text': article too large: the text is 101 bytes, over the limit of 100 bytes "
        "(MAX_ARTICLE_BYTES)"]
    # the lede counts: together they are over the limit
    path = write(tmp_path, "l.jsonl", jsonl({"text": "b" * 60, "summary": "a" * 60, "date": "2022-01-18"}))
    assert_at(fails(path), path, 1, "text")


FIFTY_MB = 50 * 1024 * 1024


def _huge(tmp_path: Path, name: str) -> Path:
    """A 50 MB article in each format, written in pieces so the test itself stays small in memory."""
    path = tmp_path / name
    piece = ("Moscow amasses troops on the border. " * 1000)[:32768]
    with path.open("w", encoding="utf-8") as out:
        if name.endswith(".jsonl"):
            out.write(jsonl({"text": "small", "date": "2022-01-18"}) + '{"date": "2022-01-18", "text": "')
        elif name.endswith(".csv"):
            out.write('text,date\nsmall,2022-01-18\n"')
        else:
            out.write("date 2022-01-18 Lede.\n\n")
        for _ in range(FIFTY_MB // len(piece)):
            out.write(piece + ("\n" if name.endswith("lines.csv") else ""))
        if name.endswith(".jsonl"):
            out.write('"}\n' + jsonl({"text": "after", "date": "2022-01-18"}))
        elif name.endswith(".csv"):
            out.write('",2022-01-18\nafter,2022-01-18\n')
    return path


@pytest.mark.parametrize(("name", "line"), [("huge.txt", 1), ("huge.jsonl", 2), ("huge.csv", 3),
                                             ("huge_lines.csv", 3)])
def test_a_50_mb_article_is_rejected_quickly_without_copies(tmp_path: Path, name: str, line: int) -> None:
    assert MAX_ARTICLE_BYTES == 10 * 1024 * 1024
    path = _huge(tmp_path, name)
    problems: list[Problem] = []
    tracemalloc.start()
    started = time.perf_counter()
    try:
        texts = [a.text for a in read(path, skip_bad=True, on_problem=problems.append)]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    assert [(p.line, "article too large" in p.message) for p in problems] == [(line, True)]
    assert texts == ([] if name.endswith(".txt") else ["small", "after"])  # reading resumed after it
    assert peak < FIFTY_MB * 2, f"peak {peak / 1e6:.0f} MB"
    assert elapsed < 10
    with pytest.raises(InputError, match="article too large"):
        read(path)


def test_duplicate_ids(tmp_path: Path) -> None:
    first = write(tmp_path, "a.jsonl", jsonl({"id": "x", "text": "one", "date": "2022-01-18"}))
    same = write(tmp_path, "b.jsonl", jsonl({"id": "x", "text": " one ", "date": "2022-01-18"},
                                            {"id": "y", "text": "two", "date": "2022-01-18"}))
    other = write(tmp_path, "c.jsonl", jsonl({"id": "z", "text": "three", "date": "2022-01-18"},
                                             {"id": "x", "text": "changed", "date": "2022-01-18"}))
    assert [a.id for a in read(first, same, first)] == ["x", "y"]  # identical duplicates dropped silently
    error = fails(first, other)
    assert_at(error, other, 2, "id")
    assert f"duplicate id 'x' (first seen at {first}:1)" in str(error)


# -------------------------------------------------------------------------------------------- skip_bad


def test_skip_bad_collects_one_problem_per_bad_record_and_per_unreadable_file(tmp_path: Path) -> None:
    good = write(tmp_path, "1.jsonl", jsonl({"text": "a", "date": "2022-01-18"}) + "{oops\n"
                 + jsonl({"text": "b", "date": "tomorrow"}, {"text": "c", "date": "2022-01-18"}))
    binary = write(tmp_path, "2.csv", b"\x00\x01\x02")
    empty = write(tmp_path, "3.txt", b"")
    last = write(tmp_path, "4.csv", "body,date\nd,2022-01-18\n")
    problems: list[Problem] = []
    articles = read(good, binary, empty, tmp_path / "missing.txt", last, skip_bad=True,
                    on_problem=problems.append)
    assert [a.text for a in articles] == ["a", "c", "d"]
    assert [(p.path, p.line) for p in problems] == [(str(good), 2), (str(good), 3), (str(binary), 1),
                                                    (str(empty), 1), (str(tmp_path / "missing.txt"), None)]
    assert str(problems[1]) == f"{good}:3: field 'date': unrecognised date 'tomorrow'"


def test_without_skip_bad_the_first_problem_raises_after_earlier_articles(tmp_path: Path) -> None:
    path = write(tmp_path, "1.jsonl", jsonl({"text": "a", "date": "2022-01-18"}, {"text": "", "date": "x"}))
    seen: list[str] = []
    problems: list[Problem] = []
    with pytest.raises(InputError):
        seen.extend(a.text for a in read_articles([path], on_problem=problems.append))
    assert seen == ["a"] and problems == []


def test_skip_bad_without_a_callback_logs(tmp_path: Path, caplog: Any) -> None:
    path = write(tmp_path, "1.jsonl", "[1]\n" + jsonl({"text": "a", "date": "2022-01-18"}))
    with caplog.at_level(logging.WARNING, logger="tocsin.ingest"):
        assert [a.text for a in read(path, skip_bad=True)] == ["a"]
    assert f"{path}:1: record is a list" in caplog.text


def test_problem_str() -> None:
    assert str(Problem("f.csv", 3, "bad")) == "f.csv:3: bad"
    assert str(Problem("f.csv", None, "bad")) == "f.csv: bad"


# ------------------------------------------------------------------------------------------ column map


def test_column_map_parse() -> None:
    columns = ColumnMap.parse(" text=Story_Body , title=hed|headline,date=when,date=created_at ")
    assert columns.text == ("Story_Body",)
    assert columns.title == ("hed", "headline")
    assert columns.date == ("when", "created_at")
    assert columns.url == ColumnMap().url
    assert ColumnMap.parse("") == ColumnMap()


@pytest.mark.parametrize(("spec", "message"), [
    ("text", "expected FIELD=COLUMN"), ("body=text", "unknown field 'body'"), ("text=", "no column name"),
])
def test_column_map_parse_errors(spec: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        ColumnMap.parse(spec)


def test_column_mapping_is_used_for_csv_and_jsonl(tmp_path: Path) -> None:
    columns = ColumnMap.parse("text=story_body,date=when,title=hed,id=key,source=paper")
    csv_path = write(tmp_path, "a.csv",
                     "key,hed,story_body,when,paper,text\n1,H,The story.,2022-01-18,P,no\n")
    jsonl_path = write(tmp_path, "a.jsonl", jsonl({"key": 2, "hed": "H2", "story_body": "Story two.",
                                                   "when": "18 January 2022", "text": "not this"}))
    one, two = read(csv_path, jsonl_path, columns=columns)
    assert (one.id, one.title, one.text, one.date, one.source) == ("1", "H", "The story.", JAN18, "P")
    assert (two.id, two.title, two.text, two.date) == ("2", "H2", "Story two.", JAN18)


# ------------------------------------------------------------------------------------------ stable ids


def test_ids_depend_on_content_not_on_the_file(tmp_path: Path) -> None:
    record = {"title": "Talks", "text": "Russia  and\nUkraine met.", "date": "2022-01-18"}
    a = read(write(tmp_path, "one.jsonl", jsonl(record)))[0]
    b = read(write(tmp_path, "sub/other name.json", json.dumps(record)))[0]
    c = read(write(tmp_path, "x.csv", "title,text,date\nTalks,Russia and Ukraine met. ,2022-01-18\n"))[0]
    assert a.id == b.id == c.id == article_id("Talks", JAN18, "Russia and Ukraine met.")
    assert a.id.startswith("a") and len(a.id) == 17 and int(a.id[1:], 16) >= 0
    assert article_id("Talks", dt.date(2022, 1, 19), "Russia and Ukraine met.") != a.id
    assert article_id("Other", JAN18, "Russia and Ukraine met.") != a.id
    assert article_id("", JAN18, "Talks Russia and Ukraine met.") != a.id  # fields do not run together


def test_reading_twice_gives_the_same_articles(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "Title\n\nBody.")
    assert read(path, date=JAN18) == read(path, date=JAN18)


# ----------------------------------------------------------------------------------- round trip property

_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40)  # no lone surrogates
_DATES = st.dates(dt.date(1980, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat)
_RECORDS = st.fixed_dictionaries(
    {"text": _TEXT.filter(str.strip), "date": _DATES},
    optional={
        "title": _TEXT,
        "summary": _TEXT,
        "id": st.one_of(st.integers(0, 10**12), st.text("abcxyz-_ 0123456789", max_size=12)),
        "url": st.sampled_from(["", "https://www.example.com/a?b=1", "http://news.example.org", "not a url"]),
        "source": _TEXT,
    },
)


def _explicit_id(record: Mapping[str, object]) -> str | int:
    """Records with the same explicit id and different content are an error: keep ids unique."""
    given = str(record.get("id", "")).strip()
    return given or id(record)


def _dump(article: Article, *, with_id: bool = True) -> dict[str, object]:
    record: dict[str, object] = {"title": article.title, "text": article.text,
                                 "date": article.date.isoformat() if article.date else None,
                                 "url": article.url, "source": article.source}
    return {"id": article.id, **record} if with_id else record


def _without_origin(articles: list[Article]) -> Iterator[Article]:
    return (dataclasses.replace(a, origin="") for a in articles)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(_RECORDS, min_size=1, max_size=5, unique_by=_explicit_id), ensure_ascii=st.booleans())
def test_round_trip_through_jsonl_and_csv(tmp_path: Path, records: list[dict[str, object]],
                                          ensure_ascii: bool) -> None:
    raw = write(tmp_path, "raw.jsonl",
                "".join(json.dumps(r, ensure_ascii=ensure_ascii) + "\n" for r in records))
    first = read(raw)
    assert first and all(a.date for a in first)

    again = write(tmp_path, "again.jsonl", "".join(json.dumps(_dump(a)) + "\n" for a in first))
    assert list(_without_origin(read(again))) == list(_without_origin(first))

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(_dump(first[0])))
    writer.writeheader()
    writer.writerows(_dump(a) for a in first)
    as_csv = write(tmp_path, "again.csv", buffer.getvalue())
    assert list(_without_origin(read(as_csv))) == list(_without_origin(first))

    # without their ids, content ids come back the same: the hash is over the normalised content
    computed = [a for a in first if a.id == article_id(a.title, a.date, a.text)]
    anonymous = write(tmp_path, "anon.jsonl", "".join(json.dumps(_dump(a, with_id=False)) + "\n"
                                                      for a in computed))
    if computed:
        assert [a.id for a in read(anonymous)] == [a.id for a in computed]
