"""Checks every reader shares: binary files, UTF-8 that does not decode, and the per-article size limit.

Each check raises (or returns) an ``InputError`` that names the file, the line and, where there is one, the
field, so a bad byte in a 10 GB file can be found without opening it.
"""

from __future__ import annotations

from ..errors import InputError

__all__ = [
    "BOM", "CHUNK", "SNIFF_BYTES", "check_binary", "checked_text", "csv_record_limit", "decode_whole",
    "jsonl_record_limit", "max_article_bytes", "too_large", "utf8_error",
]

BOM = b"\xef\xbb\xbf"
SNIFF_BYTES = 8192  # NUL bytes in this much of the head mark a binary file
CHUNK = 1024 * 1024  # physical lines are read in pieces of this size so one huge line cannot balloon


def max_article_bytes() -> int:
    """The per-article text limit in UTF-8 bytes, as set now.

    The one setting is ``tocsin.ingest.MAX_ARTICLE_BYTES``; it is looked up at every use, so assigning it on
    the package (as callers of the former single-module ``tocsin.ingest`` did) still takes effect.
    """
    from . import MAX_ARTICLE_BYTES

    return MAX_ARTICLE_BYTES


def jsonl_record_limit() -> int:
    # A JSON line may escape each non-ASCII character as \uXXXX (up to 3x its UTF-8 size) and carries
    # other fields, so only a line far over the text limit can be rejected before parsing it.
    return 4 * max_article_bytes()


def csv_record_limit() -> int:
    # CSV does not escape, so a record holds little beyond its text; keep the bound tight, because the csv
    # module buffers a field as 4-byte code points with doubling growth (~6x the bytes at its peak).
    return max_article_bytes() + 1024 * 1024


def check_binary(head: bytes, name: str) -> None:
    nul = head.find(b"\0", 0, SNIFF_BYTES)
    if nul >= 0:
        raise InputError(f"binary file (NUL byte at byte offset {nul}), expected UTF-8 text",
                         path=name, line=head.count(b"\n", 0, nul) + 1)


def utf8_error(error: UnicodeDecodeError, data: bytes, name: str, *, line: int, offset: int) -> InputError:
    bad = data[error.start:error.start + 1].hex()
    return InputError(f"invalid UTF-8 at byte offset {offset + error.start} (byte 0x{bad}); "
                      "the file must be UTF-8", path=name, line=line)


def decode_whole(data: bytes, name: str) -> str:
    """A whole file as text: UTF-8 with an optional BOM, never silently repaired."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        skipped = len(BOM) if data.startswith(BOM) else 0
        # utf-8-sig reports offsets after the BOM
        start = error.start + skipped
        line = data.count(b"\n", 0, start) + 1
        error.start = start
        raise utf8_error(error, data, name, line=line, offset=0) from None


def too_large(size: int, name: str, line: int | None, field: str | None, what: str) -> InputError:
    return InputError(f"article too large: {what} is {size:,} bytes, over the limit of "
                      f"{max_article_bytes():,} bytes (MAX_ARTICLE_BYTES)", path=name, line=line, field=field)


def checked_text(text: str, name: str, line: int | None, field: str) -> str:
    """The text itself once it is valid Unicode within the size limit; else the located error."""
    # encoding copies the text once; the record limits already bound how big it can be
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as error:
        raise InputError(f"invalid Unicode: unpaired surrogate at character {error.start} of the text",
                         path=name, line=line, field=field) from None
    if size > max_article_bytes():
        raise too_large(size, name, line, field, "the text")
    return text
