"""CAMEO composite codes: every code the table can produce exists, and the layouts line up."""

from __future__ import annotations

import pytest

from tocsin.events.compose import FRAME_ROOTS, composite
from tocsin.ontology import all_codes

CODES = [c.code for c in all_codes()]


def test_every_composite_is_a_cameo_code() -> None:
    produced = {composite(root, action) for root in FRAME_ROOTS for action in CODES}
    produced.discard(None)
    assert produced and produced <= set(CODES)


@pytest.mark.parametrize(("root", "action", "expected"), [
    ("03", "072", "0332"), ("03", "0874", "0356"), ("03", "042", "036"), ("03", "045", "039"),
    ("03", "061", "0311"), ("03", "057", "032"), ("02", "0841", "0253"), ("02", "045", "028"),
    ("10", "087", "1056"), ("10", "046", "106"), ("10", "0832", "1042"),
    ("12", "084", "1243"), ("12", "040", "125"), ("12", "073", "1223"), ("12", "061", "1211"),
    ("13", "163", "1312"), ("13", "193", "1384"), ("13", "192", "1382"), ("13", "204", "1385"),
])
def test_layouts(root: str, action: str, expected: str) -> None:
    assert composite(root, action) == expected


def test_no_composite_where_the_codebook_has_none() -> None:
    assert composite("12", "193") is None  # refusing to fight is not a CAMEO rejection code
    assert composite("03", "112") is None
    assert composite("04", "072") is None  # consult is not a frame
