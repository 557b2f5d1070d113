"""The forms gold and predicted values are compared in: current PLOVER event names for the gold's older ones,
3-letter actor codes (ISO 3166-1 alpha-3 for CAMEO-era country variants, ``IGO``, ``NGO``), and the gold
files' dates."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from ..models import Actor

# Older PLOVER event names (the gold's, PLOVER 0.5-0.6) -> current names.
OLD_EVENT_NAMES: Mapping[str, str] = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
    "COOPERATION": "COOPERATE",
}
# CAMEO/TABARI country codes that differ from ISO 3166-1 alpha-3 for the same country. JAP, ITL and VTN
# occur in the gold; ROM, ZAR and TMP are superseded ISO codes still used in CAMEO-era data; KSV is
# Phoenix's Kosovo, which tocsin codes XKX. Historical states (DDR, USR, YUG, CSK) are not variants.
_CAMEO_VARIANTS: Mapping[str, str] = {
    "JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "KSV": "XKX",
}


def normalise_event_type(name: str) -> str:
    """Current PLOVER name for an event type, old names mapped (``"DEMAND"`` -> ``"REQUEST"``)."""
    upper = name.strip().upper()
    return OLD_EVENT_NAMES.get(upper, upper)


def normalise_actor_code(code: str) -> str | None:
    """The 3-letter code an actor is scored by (``"IGOUNO"`` -> ``"IGO"``, ``"JAP"`` -> ``"JPN"``)."""
    head = code.strip().upper()[:3]
    if len(head) < 3 or not head.isalpha():
        return None
    return _CAMEO_VARIANTS.get(head, head)


def actor_key(actor: Actor | None) -> str | None:
    """The code a predicted actor is scored by: its country's, or its own for actors without a country."""
    if actor is None:
        return None
    return normalise_actor_code(actor.country or actor.code)


def gold_date(value: Any) -> datetime.date | None:
    """A gold record's date; None where it is missing or not YYYY-MM-DD (each reader decides if that is an error)."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        return None
