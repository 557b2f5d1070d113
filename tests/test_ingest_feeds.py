"""RSS and Atom feeds: one article per item, errors naming the item, DOCTYPEs refused, streaming."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tocsin import ingest
from tocsin.errors import InputError
from tocsin.ingest import Problem, read_articles
from tocsin.models import Article

JAN18 = dt.date(2022, 1, 18)

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <image><title>Wire logo</title><url>https://wire.example/logo.png</url></image>
  <title>World Wire</title>
  <link>https://wire.example/</link>
  <item>
    <title>Troops massed at the border</title>
    <link>https://wire.example/a/1</link>
    <guid isPermaLink="false">wire-1</guid>
    <pubDate>Tue, 18 Jan 2022 10:00:00 GMT</pubDate>
    <description>&lt;p&gt;Russia deployed troops near Ukraine.&lt;/p&gt;
      &lt;p&gt;NATO warned Moscow.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Talks stall</title>
    <link>https://wire.example/a/2</link>
    <pubDate>some day soon</pubDate>
    <description>Talks between the sides stalled.</description>
  </item>
  <item>
    <title>Sanctions threatened</title>
    <guid>https://www.wire.example/a/3</guid>
    <dc:date>2022-01-19</dc:date>
    <description>A summary only.</description>
    <content:encoded><![CDATA[<!DOCTYPE html><html><body><h2>Sanctions threatened</h2><div><p>The United
      States threatened sanctions against Russia.</p><script>track("Russia invaded")</script><p>Moscow rejected
      them.</p></div></body></html>]]></content:encoded>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">Example &lt;em&gt;Atom&lt;/em&gt;</title>
  <id>urn:feed</id>
  <updated>2022-01-21T00:00:00Z</updated>
  <entry>
    <title type="html">Ukraine &lt;b&gt;asks&lt;/b&gt; for weapons</title>
    <link rel="self" href="https://atom.example/self/1"/>
    <link rel="alternate" type="text/html" href="https://atom.example/1"/>
    <id>urn:uuid:1225c695-cfb8</id>
    <updated>2022-01-20T12:00:00Z</updated>
    <published>2022-01-18T08:00:00Z</published>
    <summary>Short.</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Ukraine asked Germany for weapons.</p>
      <p>Berlin <em>refused</em> &amp; offered helmets.</p></div></content>
  </entry>
  <entry>
    <title>Aid sent</title>
    <link href="https://atom.example/2"/>
    <id>urn:2</id>
    <updated>2022-01-21</updated>
    <content src="https://atom.example/2.txt"/>
    <summary>Poland   sent
      aid.

      Second paragraph.</summary>
  </entry>
</feed>
"""

RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://old.example/"><title>Old Style</title></channel>
  <item rdf:about="https://old.example/1">
    <title>Envoys meet</title><link>https://old.example/1</link>
    <description>Envoys of France and Russia met in Paris.</description><dc:date>2022-01-18T12:00+01:00</dc:date>
  </item>
</rdf:RDF>
"""


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


def rss(*items: str, channel: str = "<title>Wire</title>") -> str:
    return f'<rss version="2.0"><channel>{channel}{"".join(items)}</channel></rss>'


def item(body: str = "<description>Russia deployed troops.</description>", date: str = "2022-01-18") -> str:
    return f"<item><pubDate>{date}</pubDate>{body}</item>" if date else f"<item>{body}</item>"


def test_rss_items_become_articles_and_a_bad_date_names_its_item(tmp_path: Path) -> None:
    path = write(tmp_path, "news.rss", RSS)
    problems: list[Problem] = []
    first, third = read(path, skip_bad=True, on_problem=problems.append)
    assert [str(p) for p in problems] == [
        f"{path}:2: field 'pubDate': unrecognised date 'some day soon' (item 2)"]
    assert first == Article(id="wire-1", text="Russia deployed troops near Ukraine.\n\nNATO warned Moscow.",
                            date=JAN18, title="Troops massed at the border", url="https://wire.example/a/1",
                            source="World Wire", origin=f"{path}:1")
    # content:encoded over description, scripts dropped, the repeated headline dropped, a guid that is a
    # permalink is the url, and a whole HTML document (DOCTYPE and all) inside CDATA is only content
    assert third.text == "The United States threatened sanctions against Russia.\n\nMoscow rejected them."
    assert (third.id, third.url, third.source, third.date) == (
        "https://www.wire.example/a/3", "https://www.wire.example/a/3", "World Wire", dt.date(2022, 1, 19))
    error = fails(path)
    assert (error.path, error.line, error.field) == (str(path), 2, "pubDate")
    assert str(error) == str(problems[0])


def test_atom_entries(tmp_path: Path) -> None:
    path = write(tmp_path, "feed.atom", ATOM)
    first, second = read(path)
    assert first.title == "Ukraine asks for weapons"
    assert first.text == "Ukraine asked Germany for weapons.\n\nBerlin refused & offered helmets."
    assert (first.id, first.url, first.source) == ("urn:uuid:1225c695-cfb8", "https://atom.example/1", "Example Atom")
    assert first.date == JAN18  # published, not updated
    # out-of-line content: the summary is the text, its own paragraphs kept
    assert (second.text, second.date) == ("Poland sent aid.\n\nSecond paragraph.", dt.date(2022, 1, 21))
    assert (second.id, second.url, second.origin) == ("urn:2", "https://atom.example/2", f"{path}:2")


def test_rss_1_rdf_feed_read_from_xml_by_its_root(tmp_path: Path) -> None:
    (article,) = read(write(tmp_path, "old.xml", RDF))
    assert (article.id, article.title, article.source, article.date) == (
        "https://old.example/1", "Envoys meet", "Old Style", JAN18)
    assert article.text == "Envoys of France and Russia met in Paris."


@pytest.mark.parametrize("prolog", [
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n <!ENTITY lol2 "&lol;&lol;&lol;">\n]>\n',
    '<?xml version="1.0"?>\n<!-- a comment -->\n<!DOCTYPE rss SYSTEM "file:///etc/passwd">\n',
    '<?xml version="1.0"?>\n<!-- -->\n<!ENTITY lol "lol">\n',
])
def test_doctype_and_entity_declarations_are_refused_before_parsing(tmp_path: Path, prolog: str) -> None:
    path = write(tmp_path, "evil.rss", prolog + rss(item("<title>&lol;</title><description>x</description>")))
    error = fails(path)
    assert (error.path, error.line, error.field) == (str(path), prolog.count("\n", 0, prolog.index("<!D"
                                                     if "<!D" in prolog else "<!E")) + 1, None)
    assert "DOCTYPE / ENTITY declarations are refused" in str(error)
    problems: list[Problem] = []
    assert read(path, skip_bad=True, on_problem=problems.append) == [] and len(problems) == 1


def test_item_dates_texts_and_fallbacks(tmp_path: Path) -> None:
    undated = write(tmp_path, "u.rss", rss(item(date="")))
    error = fails(undated)
    assert (error.line, error.field) == (1, "date")
    assert str(error).startswith(f"{undated}:1: field 'date': missing date (give --date")
    assert str(error).endswith("(item 1)")
    (article,) = read(undated, date=JAN18)  # --date for items without one; a blank date element is none
    assert (article.date, article.source, article.url, article.title) == (JAN18, "Wire", "", "")
    assert article.id == ingest.article_id("", JAN18, "Russia deployed troops.")
    blank = write(tmp_path, "b.rss", rss(item("<title>T</title><description>  </description>"),
                                         item("<title>Only a title</title>")))
    problems: list[Problem] = []
    assert read(blank, skip_bad=True, on_problem=problems.append) == []
    assert [(p.line, p.message) for p in problems] == [
        (1, "field 'description': empty text (item 1)"),
        (2, "field 'text': missing text (looked for content:encoded, content, description, summary) (item 2)")]


def test_source_falls_back_to_the_domain_and_ids_to_the_content(tmp_path: Path) -> None:
    path = write(tmp_path, "s.rss", rss(item("<link>https://www.wire.example/x</link><description>A.</description>"),
                                        item("<description>B.</description>"), channel=""))
    first, second = read(path)
    assert (first.source, first.id) == ("wire.example", ingest.article_id("", JAN18, "A."))
    assert second.source == ""


def test_a_repeated_guid_with_other_content_is_a_duplicate(tmp_path: Path) -> None:
    same = "<guid>g1</guid><description>Same.</description>"
    other = "<guid>g1</guid><description>Other.</description>"
    path = write(tmp_path, "d.rss", rss(item(same), item(same), item(other)))
    error = fails(path)
    assert (error.line, error.field) == (3, "id")
    assert f"duplicate id 'g1' (first seen at {path}:1)" in str(error)


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    sitemap = write(tmp_path / "site", "sitemap.xml", '<?xml version="1.0"?>\n<urlset><url>x</url></urlset>')
    write(tmp_path / "site", "feed.xml", rss(item()))
    # inside a directory an .xml file that is not a feed is not an input; named, it is a clear error
    assert [a.origin for a in read(tmp_path / "site")] == [f"{tmp_path / 'site' / 'feed.xml'}:1"]
    error = fails(sitemap)
    assert (error.line, str(error)) == (2, f"{sitemap}:2: not an RSS or Atom feed: the root element is <urlset> "
                                           "(expected <rss>, <feed> or <rdf:RDF>)")


def test_broken_files(tmp_path: Path) -> None:
    cut = write(tmp_path, "cut.rss", rss(item()) [:-20])
    assert str(fails(cut)).startswith(f"{cut}:1: invalid XML: unclosed token (column")
    mismatched = write(tmp_path, "m.rss", "<rss><channel>\n<item><title>x</item>\n</channel></rss>")
    error = fails(mismatched)
    assert (error.line, error.message) == (2, "invalid XML: mismatched tag (column 17)")
    content = rss(item(), "\n" + item("<description>bad \xff byte</description>")).encode("latin-1")
    bad = write(tmp_path, "bad.rss", content)
    problems: list[Problem] = []
    assert len(read(bad, skip_bad=True, on_problem=problems.append)) == 1  # the items before it are read
    offset = content.index(b"\xff")
    assert [str(p) for p in problems] == [
        f"{bad}:2: invalid UTF-8 at byte offset {offset} (byte 0xff); the file must be UTF-8"]
    empty = write(tmp_path, "e.rss", rss())
    assert "no items in the feed" in str(fails(empty))
    assert str(fails(write(tmp_path, "z.rss", " \n"))) == f"{tmp_path / 'z.rss'}:1: empty file"


def test_a_declared_encoding_is_honoured(tmp_path: Path) -> None:
    content = '<?xml version="1.0" encoding="ISO-8859-1"?>' + rss(item("<description>Café talks.</description>"),
                                                                 channel="<title>Déjà</title>")
    (article,) = read(write(tmp_path, "l.rss", content.encode("latin-1")))
    assert (article.text, article.source) == ("Café talks.", "Déjà")


def test_feeds_stream_item_by_item(tmp_path: Path) -> None:
    filler = "".join(item(f"<guid>{n}</guid><description>Item {n}.</description>") for n in range(3000))
    path = write(tmp_path, "big.rss", rss(filler) + "<garbage")  # ~300 KB, broken only at its very end
    articles = read_articles([path])
    assert next(articles).text == "Item 0."  # yielded before the rest of the file is parsed
    with pytest.raises(InputError, match="invalid XML"):
        list(articles)


def test_item_size_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_ARTICLE_BYTES", 1000)
    path = write(tmp_path, "s.rss", rss(item(f"<description>{'a' * 1001}</description>"), item()))
    problems: list[Problem] = []
    assert [a.text for a in read(path, skip_bad=True, on_problem=problems.append)] == ["Russia deployed troops."]
    assert [str(p) for p in problems] == [
        f"{path}:1: field 'description': article too large: the text is 1,001 bytes, over the limit of 1,000 "
        "bytes (MAX_ARTICLE_BYTES) (item 1)"]
    # an item too big to hold is refused while it is read, and the file ends there
    huge = write(tmp_path, "h.rss", rss(item(), item(f"<description>{'a' * 300_000}</description>"), item()))
    problems.clear()
    assert len(read(huge, skip_bad=True, on_problem=problems.append)) == 1
    assert len(problems) == 1 and problems[0].line == 2
    assert problems[0].message.startswith("article too large: the item is")


def test_directories_pick_up_feeds_and_pages_in_order(tmp_path: Path) -> None:
    write(tmp_path / "in", "b.rss", rss(item("<description>From RSS.</description>")))
    write(tmp_path / "in", "a.atom", ATOM)
    write(tmp_path / "in" / "pages", "p.html", "<p>From a page.</p>")
    write(tmp_path / "in", "notes.md", "# not an input")
    texts = [a.text for a in read(tmp_path / "in", date=JAN18)]
    assert texts == ["Ukraine asked Germany for weapons.\n\nBerlin refused & offered helmets.",
                     "Poland sent aid.\n\nSecond paragraph.", "From RSS.", "From a page."]
