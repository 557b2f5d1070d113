"""Reporting scores: the plain-text tables and the per-record diff (JSONL)."""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import TocsinError
from ..ontology import lookup
from .scoring import EvalReport, EventEvalReport, Scores


def format_report(report: EvalReport) -> str:
    """A plain-text table: the four headline metrics, then event_type per PLOVER type."""
    head = f"{'':<12}{'precision':>10}{'recall':>8}{'F1':>8}{'tp':>7}{'fp':>7}{'fn':>7}"

    def row(label: str, s: Scores) -> str:
        return f"{label:<12}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.tp:>7}{s.fp:>7}{s.fn:>7}"

    lines = [f"PLOVER gold evaluation: {report.n_records} records", "", head]
    lines += [row(name, getattr(report, name)) for name in ("event_type", "source", "target", "type_dyad")]
    lines += ["", "per type (tp + fn: gold records of the type; fp: other records it was predicted in)",
              head.replace(" " * 12, f"{'type':<12}", 1)]
    lines += [row(t, s) for t, s in report.per_type.items()]
    perfect = sum(d.perfect for d in report.records)
    lines += ["", f"records coded exactly (type and actors, nothing extra): {perfect}/{report.n_records}"]
    return "\n".join(lines) + "\n"


def format_event_report(report: EventEvalReport) -> str:
    """A plain-text table: headline metrics (each saying CAMEO root or PLOVER), modality, per root and type."""
    width = 22
    head = f"{'':<{width}}{'precision':>10}{'recall':>8}{'F1':>8}{'tp':>7}{'fp':>7}{'fn':>7}"

    def row(label: str, s: Scores) -> str:
        return f"{label:<{width}}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.tp:>7}{s.fp:>7}{s.fn:>7}"

    with_events = sum(bool(d.gold.events) for d in report.records)
    lines = [f"Event-list gold evaluation: {report.n_records} records ({with_events} with events, "
             f"{report.n_records - with_events} without), {report.n_events} gold events", "", head,
             row("event_type CAMEO root", report.cameo_root),
             row("event_type PLOVER", report.plover_type),
             row("source", report.source),
             row("target", report.target),
             row("type_dyad CAMEO root", report.root_dyad),
             row("type_dyad PLOVER", report.type_dyad)]
    m = report.modality
    lines += ["", f"modality accuracy on CAMEO-root+dyad matches: {m.accuracy:.3f} ({m.correct}/{m.matched})"]
    lines += [f"  gold {g} -> predicted {p}: {n}" for (g, p), n in m.confusion.items() if g != p]
    lines += ["", "per CAMEO root (tp + fn: records whose gold has the root; fp: other records it was predicted in)",
              head.replace(" " * width, f"{'CAMEO root':<{width}}", 1)]
    lines += [row(f"{r} {lookup(r).name}"[:width - 1], s) for r, s in report.per_root.items()]
    lines += ["", "per PLOVER type (STATEMENT: CAMEO 01, which PLOVER lacks)",
              head.replace(" " * width, f"{'PLOVER type':<{width}}", 1)]
    lines += [row(t, s) for t, s in report.per_type.items()]
    perfect = sum(d.perfect for d in report.records)
    lines += ["", f"records coded exactly (types, actors and modalities, nothing extra): {perfect}/{report.n_records}"]
    return "\n".join(lines) + "\n"


def diff_lines(report: EvalReport | EventEvalReport) -> Iterable[dict[str, Any]]:
    """The per-record diff as JSON-ready dicts, one per gold record."""
    if isinstance(report, EventEvalReport):
        yield from _event_diff_lines(report)
        return
    for d in report.records:
        yield {
            "id": d.gold.id,
            "text": d.gold.text,
            "gold": {"event": d.gold.event, "sources": list(d.gold.sources), "targets": list(d.gold.targets)},
            "predicted": [dataclasses.asdict(p) for p in d.predicted],
            "verdict": {
                "event_type": d.type_found,
                "extra_types": list(d.extra_types),
                "missing_sources": list(d.missing_sources),
                "extra_sources": list(d.extra_sources),
                "missing_targets": list(d.missing_targets),
                "extra_targets": list(d.extra_targets),
                "type_dyad": d.dyad_found,
                "unmatched_dyads": d.unmatched_dyads,
                "perfect": d.perfect,
            },
        }


def _event_diff_lines(report: EventEvalReport) -> Iterable[dict[str, Any]]:
    for d in report.records:
        yield {
            "id": d.gold.id,
            "text": d.gold.text,
            "link": d.gold.link,
            "gold": {"events": [dataclasses.asdict(g) for g in d.gold.events]},
            "predicted": [dataclasses.asdict(p) for p in d.predicted],
            "verdict": {
                "missing_roots": list(d.missing_roots),
                "extra_roots": list(d.extra_roots),
                "missing_types": list(d.missing_types),
                "extra_types": list(d.extra_types),
                "missing_sources": list(d.missing_sources),
                "extra_sources": list(d.extra_sources),
                "missing_targets": list(d.missing_targets),
                "extra_targets": list(d.extra_targets),
                "root_dyad": list(d.root_dyad_found),
                "type_dyad": list(d.type_dyad_found),
                "unmatched_root_dyads": d.unmatched_root_dyads,
                "unmatched_type_dyads": d.unmatched_type_dyads,
                "predicted_modality": list(d.predicted_modality),
                "perfect": d.perfect,
            },
        }


def write_diff(report: EvalReport | EventEvalReport, path: str | Path) -> None:
    """Write the per-record diff as JSONL; the file appears whole or not at all."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            for line in diff_lines(report):
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise TocsinError(f"cannot write the diff: {exc.strerror or exc}", path=str(target)) from None
