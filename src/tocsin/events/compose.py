"""CAMEO's composite codes: an appeal, intent, demand, rejection or threat *about* another action.

CAMEO codes "Germany agreed to send weapons to Ukraine" as one event, 0332 (express intent to provide
military aid), not as an agreement plus a separate, unreal delivery of weapons; likewise "demanded the
withdrawal of troops" is 1056, "refused to release the prisoners" 1243, "the threat of sanctions" 1312.
The frame families 02 (appeal), 03 (intent), 10 (demand) and 12 (reject) share one layout of what is
asked, promised or refused; 13 (threaten) has its own. ``composite`` maps a frame's root and the code of
the action under it to the code CAMEO gives the pair, or None where the codebook has no such code.
"""

from __future__ import annotations

from collections.abc import Mapping

# Action (a code prefix, most specific first) -> slot in the shared layout of 02/03/10, as the digits that
# follow the frame root: "11" = material cooperation, economic -> 0211, 0311, 1011.
_SHARED_SLOTS: tuple[tuple[str, str], ...] = (
    ("061", "11"), ("062", "12"), ("063", "13"), ("064", "14"), ("06", "1"),
    ("05", "2"),
    ("071", "31"), ("072", "32"), ("073", "33"), ("074", "34"), ("07", "3"),
    ("0831", "41"), ("0832", "42"), ("0833", "43"), ("0834", "44"), ("083", "4"),
    ("081", "51"), ("082", "52"), ("084", "53"), ("085", "54"), ("086", "55"), ("087", "56"), ("08", "5"),
    ("045", "8"),  # mediation; 03 has its own codes for it (see _INTENT_EXTRA)
    ("04", "6"),
)
# 03 distinguishes accepting mediation (038) from offering to mediate (039): promising to mediate is 039.
_INTENT_EXTRA: Mapping[str, str] = {"045": "039"}

# 12 (reject) has no slot for diplomatic cooperation and numbers the others one lower.
_REJECT_SLOTS: tuple[tuple[str, str], ...] = (
    ("061", "11"), ("062", "12"), ("06", "1"),
    ("071", "21"), ("072", "22"), ("073", "23"), ("074", "24"), ("07", "2"),
    ("0831", "31"), ("0832", "32"), ("0833", "33"), ("0834", "34"), ("083", "3"),
    ("081", "41"), ("082", "42"), ("084", "43"), ("085", "44"), ("086", "45"), ("087", "46"), ("08", "4"),
    ("045", "6"),
    ("04", "5"),
)

# 13 (threaten): what is threatened.
_THREAT_CODES: tuple[tuple[str, str], ...] = (
    ("161", "1313"), ("162", "1311"), ("163", "1312"), ("164", "134"), ("165", "135"), ("166", "136"),
    ("16", "131"),
    ("1721", "1321"), ("1722", "1322"), ("1723", "1323"), ("1724", "1324"), ("172", "132"),
    ("175", "137"), ("173", "137"), ("14", "133"),
    ("191", "1381"), ("192", "1382"), ("18", "1383"), ("20", "1385"), ("19", "1384"),
)

FRAME_ROOTS = frozenset({"02", "03", "10", "12", "13"})


def _first(table: tuple[tuple[str, str], ...], action: str) -> str | None:
    return next((value for prefix, value in table if action.startswith(prefix)), None)


def composite(frame_root: str, action: str) -> str | None:
    """The CAMEO code of a ``frame_root`` (02, 03, 10, 12, 13) about ``action`` (a full CAMEO code)."""
    if frame_root == "13":
        return _first(_THREAT_CODES, action)
    if frame_root == "12":
        slot = _first(_REJECT_SLOTS, action)
        return None if slot is None else "12" + slot
    if frame_root not in ("02", "03", "10"):
        return None
    if frame_root == "03":
        extra = next((code for prefix, code in _INTENT_EXTRA.items() if action.startswith(prefix)), None)
        if extra is not None:
            return extra
    slot = _first(_SHARED_SLOTS, action)
    return None if slot is None else frame_root + slot
