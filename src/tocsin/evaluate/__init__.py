"""Score coded events against gold sentences: precision, recall and F1, plus a per-record diff.

Two gold formats are read. ``is_event_gold`` tells them apart by the file name: ``.jsonl`` is the
event-list format, anything else the PLOVER GSR JSON list.

- ``normalise``: the forms gold and predictions are compared in (PLOVER's older event names, 3-letter actor
  codes with the CAMEO-era country variants mapped).
- ``plover_gold``: reading the PLOVER GSR sentences (``load_gold``).
- ``event_gold``: reading event-list gold (``load_event_gold``), and coding its sentences inside their
  articles (``events_in_context``).
- ``scoring``: the metrics and their definitions (``evaluate``, ``evaluate_events``), with per-record verdicts.
- ``report``: the plain-text tables and the JSONL diff.
"""

from __future__ import annotations

from .event_gold import EventGoldRecord, GoldEvent, events_in_context, is_event_gold, load_event_gold
from .normalise import _CAMEO_VARIANTS as _CAMEO_VARIANTS  # petrarch.actors maps CAMEO codes the same way
from .normalise import OLD_EVENT_NAMES, normalise_actor_code, normalise_event_type
from .plover_gold import GoldRecord, load_gold
from .report import diff_lines, format_event_report, format_report, write_diff
from .scoring import (
    CodeFn,
    EvalReport,
    EventEvalReport,
    EventRecordDiff,
    ModalityScore,
    PredictedEvent,
    RecordDiff,
    Scores,
    evaluate,
    evaluate_coder,
    evaluate_events,
)

__all__ = [
    "OLD_EVENT_NAMES", "CodeFn", "EvalReport", "EventEvalReport", "EventGoldRecord", "EventRecordDiff", "GoldEvent",
    "GoldRecord", "ModalityScore", "PredictedEvent", "RecordDiff", "Scores", "diff_lines", "evaluate",
    "evaluate_coder", "evaluate_events", "events_in_context", "format_event_report", "format_report",
    "is_event_gold", "load_event_gold", "load_gold", "normalise_actor_code", "normalise_event_type", "write_diff",
]
