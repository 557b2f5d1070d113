"""Saved web pages: the story's text without the page chrome, and the page's own title, date, url and source."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tocsin import ingest
from tocsin.cli import main
from tocsin.errors import InputError
from tocsin.ingest import Problem, read_articles
from tocsin.ingest.formats.htmltext import extract_page, html_to_text
from tocsin.models import Article

JAN18 = dt.date(2022, 1, 18)

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Russia masses troops near Ukraine | Daily Ledger</title>
<meta property="og:title" content="Russia masses troops near Ukraine">
<meta property="og:site_name" content="Daily Ledger">
<meta property="article:published_time" content="2022-01-18T23:30:00-05:00">
<link rel="stylesheet" href="/site.css">
<link rel="canonical" href="https://www.dailyledger.example/world/russia-troops">
<style>p { color: red }</style>
<script>var headline = "Ukraine invades Russia";</script>
</head><body>
<header><a href="/">Daily Ledger</a><nav><a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<main><article>
<h1>Russia masses troops near Ukraine</h1>
<p>Russia deployed 100,000 troops near the border with
   Ukraine on Tuesday, officials said.</p>
<div>NATO&nbsp;warned <b>Moscow</b> against any incursion &amp; threatened sanctions.<br>The Kremlin denied
any plan to invade.</div>
<h2>Talks in Geneva</h2>
<ul><li>Blinken met Lavrov.</li><li>No deal was reached.</li></ul>
<aside><p>Related: France beat Germany 2-0</p></aside>
<form><input name="q"><button>Search</button></form>
<noscript>Enable JavaScript to comment.</noscript>
</article></main>
<footer><p>Copyright 2022 Daily Ledger. Russia Today is a trademark.</p></footer>
<script type="text/javascript">track("Russia attacked");</script>
</body></html>
"""

NEWS_TEXT = ("Russia deployed 100,000 troops near the border with Ukraine on Tuesday, officials said.\n\n"
             "NATO warned Moscow against any incursion & threatened sanctions.\n\n"
             "The Kremlin denied any plan to invade.\n\n"
             "Talks in Geneva\n\nBlinken met Lavrov.\n\nNo deal was reached.")


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def read(*paths: Path, **options: Any) -> list[Article]:
    return list(read_articles(list(paths), **options))


def fails(*paths: Path, **options: Any) -> InputError:
    with pytest.raises(InputError) as caught:
        read(*paths, **options)
    return caught.value


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_news_page_gives_clean_text_and_its_metadata(tmp_path: Path) -> None:
    path = write(tmp_path, "page.html", NEWS_PAGE)
    (article,) = read(path)
    assert article.text == NEWS_TEXT
    assert article.title == "Russia masses troops near Ukraine"
    assert article.date == JAN18  # the date as written, not converted to UTC
    assert article.url == "https://www.dailyledger.example/world/russia-troops"
    assert article.source == "Daily Ledger"
    assert article.origin == str(path)
    assert article.id == ingest.article_id(article.title, JAN18, NEWS_TEXT)
    # nothing from scripts, styles, navigation, asides, forms or the footer leaks into what is coded
    for noise in ("invades", "Sport", "France", "Search", "JavaScript", "Copyright", "attacked", "color"):
        assert noise not in article.document


def test_title_falls_back_to_the_title_tag_then_the_first_h1(tmp_path: Path) -> None:
    dated = '<meta name="date" content="2022-01-18">'
    site = '<meta property="og:site_name" content="Daily Ledger">'
    path = write(tmp_path, "a.html", page("<p>Body.</p>", dated + site + "<title>Talks stall - Daily Ledger</title>"))
    assert read(path)[0].title == "Talks stall"  # the site's name is not part of the headline
    path = write(tmp_path, "b.html", page("<p>Body.</p>", dated + "<title>Talks stall - Daily Ledger</title>"))
    assert read(path)[0].title == "Talks stall - Daily Ledger"  # no site name given: nothing is guessed
    path = write(tmp_path, "c.html", page("<header><h1></h1></header><h1>Talks <i>stall</i></h1><p>Body.</p>",
                                          dated))
    (article,) = read(path)
    assert (article.title, article.text) == ("Talks stall", "Body.")  # the headline is not repeated in the text


@pytest.mark.parametrize(("head", "body", "expected"), [
    ('<meta name="date" content="18 January 2022">', "", JAN18),
    ('<meta property="og:published_time" content="2022-01-18">', "", JAN18),
    ('<meta itemprop="datePublished" content="2022-01-18T10:00Z">', "", JAN18),
    ("", '<time datetime="10:30">10:30</time><time datetime="2022-01-17">Mon</time>'
         '<time pubdate datetime="2022-01-18">Tue</time>', JAN18),
    ('<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, '
     '{"@type": "NewsArticle", "datePublished": "2022-01-18T08:00:00+02:00"}]}</script>', "", JAN18),
    ('<meta name="pubdate" content="2022-01-18"><meta name="date" content="2022-01-20">',
     '<time datetime="2022-01-19">', JAN18),
])
def test_date_sources(tmp_path: Path, head: str, body: str, expected: dt.date) -> None:
    path = write(tmp_path, "p.html", page(body + "<p>Russia deployed troops.</p>", head))
    assert read(path, date=dt.date(2000, 1, 1))[0].date == expected  # the page's own date wins over --date


def test_a_time_in_the_footer_is_not_the_publication_date(tmp_path: Path) -> None:
    path = write(tmp_path, "p.html", page('<p>Body.</p><footer><time datetime="2024-05-05">May</time></footer>'))
    assert read(path, date=JAN18)[0].date == JAN18


def test_missing_date_is_one_clear_error_and_skip_bad_skips_it(tmp_path: Path) -> None:
    undated = write(tmp_path, "undated.html", page("<p>Russia deployed troops.</p>"))
    error = fails(undated)
    assert (error.path, error.line, error.field) == (str(undated), None, "date")
    assert str(error).startswith(f"{undated}: field 'date': missing date (give --date")
    assert "\n" not in str(error)
    assert read(undated, date=JAN18)[0].date == JAN18
    dated = write(tmp_path, "dated.html", NEWS_PAGE)
    problems: list[Problem] = []
    articles = read(undated, dated, skip_bad=True, on_problem=problems.append)
    assert [a.origin for a in articles] == [str(dated)]
    assert [str(p) for p in problems] == [str(error)]


def test_a_malformed_declared_date_names_its_meta_tag(tmp_path: Path) -> None:
    path = write(tmp_path, "p.html", page("<p>Body.</p>", '<meta property="article:published_time" content="soon">'))
    error = fails(path, date=JAN18)  # a wrong date is not silently replaced by --date
    assert (error.line, error.field) == (None, "article:published_time")
    assert "unrecognised date 'soon'" in str(error)


def test_url_and_source_fall_back_to_og_url_and_its_domain(tmp_path: Path) -> None:
    head = '<meta name="date" content="2022-01-18"><meta property="og:url" content="https://www.wire.example/a/1">'
    (article,) = read(write(tmp_path, "p.html", page("<p>Body.</p>", head)))
    assert (article.url, article.source) == ("https://www.wire.example/a/1", "wire.example")


def test_declared_charset_is_honoured(tmp_path: Path) -> None:
    head = (b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
            b'<meta name="date" content="2022-01-18">')
    path = write(tmp_path, "p.htm", b"<html><head>" + head + b"</head><body><p>Caf\xe9 \x93quoted\x94.</p>")
    # ISO-8859-1 is read as windows-1252, as browsers do, so its curly quotes survive
    assert read(path)[0].text == "Caf\u00e9 \u201cquoted\u201d."
    path = write(tmp_path, "q.html", '<meta charset="klingon-8"><p>Body.</p>')
    error = fails(path, date=JAN18)
    assert error.line == 1 and error.message.startswith("unknown charset 'klingon-8'")


def test_invalid_utf8_is_the_usual_located_error(tmp_path: Path) -> None:
    path = write(tmp_path, "p.html", b'<meta charset="utf-8">\n<p>ok</p>\n<p>bad \xff byte</p>')
    error = fails(path, date=JAN18)
    assert error.line == 3
    assert str(error) == f"{path}:3: invalid UTF-8 at byte offset 40 (byte 0xff); the file must be UTF-8"


def test_a_page_of_nothing_but_chrome_has_no_text(tmp_path: Path) -> None:
    path = write(tmp_path, "p.html", page("<nav><p>Home</p></nav><script>x()</script><footer>(c)</footer>"))
    error = fails(path, date=JAN18)
    assert (error.line, error.field) == (None, "text")
    assert "no text in the page" in str(error)


def test_an_oversize_page_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_ARTICLE_BYTES", 100)
    small = write(tmp_path, "small.html", page("<p>" + "a" * 100 + "</p>" + "<script>" + "x" * 200 + "</script>"))
    assert len(read(small, date=JAN18)[0].text) == 100  # markup does not count against the text limit
    text = write(tmp_path, "text.html", page("<p>" + "a" * 101 + "</p>"))
    assert "the text is 101 bytes" in str(fails(text, date=JAN18))
    whole = write(tmp_path, "whole.html", page("<p>a</p>" + " " * 400))
    assert "page too large: the file is" in str(fails(whole, date=JAN18))


def test_directories_pick_up_html_and_htm(tmp_path: Path) -> None:
    write(tmp_path / "news", "b.htm", page("<p>Second.</p>"))
    write(tmp_path / "news", "a.html", page("<p>First.</p>"))
    write(tmp_path / "news", "style.css", "p { }")
    assert [a.text for a in read(tmp_path / "news", date=JAN18)] == ["First.", "Second."]


def test_extractor_breaks_paragraphs_at_blocks_and_keeps_inline_text_together() -> None:
    markup = ("<div>One<span> two</span><br/>three</div><h3>Four</h3>five<p>six &lt;seven&gt;</p>"
              "<nav>menu<nav>inner</nav>still menu</nav>eight<table><tr><td>nine</td><td>ten</td></tr></table>")
    assert html_to_text(markup).split("\n\n") == ["One two", "three", "Four", "five", "six <seven>", "eight",
                                                  "nine", "ten"]
    extracted = extract_page('<link rel="alternate canonical" href="/x"><svg><title>icon</title></svg>'
                             '<meta name="Date" content="d"><meta name="date" content="later">')
    assert (extracted.canonical, extracted.title_tag, extracted.meta) == ("/x", "", {"date": "d"})


def test_code_a_page_end_to_end(tmp_path: Path) -> None:
    path = write(tmp_path, "page.html", NEWS_PAGE)
    result = CliRunner().invoke(main, ["code", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert events
    assert all(e["article_id"] == events[0]["article_id"] for e in events)
    deployed = [e for e in events if e["source"] and e["source"]["country"] == "RUS" and e["cameo_root"] == "15"]
    assert deployed and deployed[0]["event_date"] == "2022-01-18"
    assert not any("invades" in e["sentence"] or "attacked" in e["sentence"] for e in events)  # script text
