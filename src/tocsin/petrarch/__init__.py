"""Import PETRARCH/TABARI dictionaries (actors, agents, CAMEO verbs) into tocsin's YAML dictionaries.

``import_petrarch(paths, out_dir)`` reads any mix of actor, agent and verb files (the kind of each is told
from its content, else its name), converts what tocsin's formats can hold, counts what they cannot (with
reasons and file:line), and writes ``petrarch_actors.yaml`` (countries, organizations, people),
``petrarch_agents.yaml`` and ``petrarch_verbs.yaml`` with their provenance and licence in the header. The
outputs pass ``tocsin dict validate`` and load through ``--dict``/``$TOCSIN_DICTIONARIES``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from ..dictionaries import validate_file
from ..errors import InputError, TocsinError
from .actors import ActorBlock, ActorImport, read_actor_file
from .agents import AgentImport, AgentLine, read_agent_file
from .source import FileReport, ImportResult, Lemmatize, Output, Skip, provenance_header, read_text, spacy_lemmas
from .verbs import VerbFile, VerbImport, read_verb_file

__all__ = ["FileReport", "ImportResult", "Output", "Skip", "detect_kind", "format_summary", "import_petrarch"]

Kind = Literal["actors", "agents", "verbs", "discards", "unknown"]
_SUFFIXES = (".txt", ".actors", ".agents", ".verbs")
ACTORS_FILE = "petrarch_actors.yaml"
AGENTS_FILE = "petrarch_agents.yaml"
VERBS_FILE = "petrarch_verbs.yaml"


def detect_kind(path: str | Path, text: str | None = None) -> Kind:
    """What a PETRARCH/TABARI file holds: its lines tell (verb blocks, ``[~SECTOR]`` agents, ``[CODE]``
    actors); a name with "discard" is a discard list, and the name decides when the content does not."""
    name = Path(path).name.lower()
    if "discard" in name:
        return "discards"
    body = [line.split("#", 1)[0].strip() for line in (read_text(path) if text is None else text).splitlines()]
    body = [line for line in body if line][:2000]
    if any(re.match(r"^---\s.*\[[^\]]*\]\s*-+$", line) for line in body) and any(
            line.startswith("-") and "*" in line for line in body):
        return "verbs"
    if sum(bool(re.search(r"\[~[A-Z]|\[[A-Z]+~\]", line)) for line in body) > len(body) // 4:
        return "agents"
    if any(re.search(r"\[[A-Z]{3}[A-Z0-9]*(\s[^\]]*)?\]", line) for line in body):
        return "actors"
    if "verb" in name or name.startswith("cameo"):
        return "verbs"
    if "agent" in name:
        return "agents"
    return "actors" if "actor" in name else "unknown"


def _files(paths: Sequence[str | Path]) -> list[Path]:
    out: list[Path] = []
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            out += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in _SUFFIXES)
        elif path.is_file():
            out.append(path)
        else:
            raise InputError("no such file or directory", path=str(path))
    return out


def import_petrarch(paths: Sequence[str | Path], out_dir: str | Path,
                    lemmatize: Lemmatize = spacy_lemmas) -> ImportResult:
    """Convert the PETRARCH/TABARI files (or directories of them) into tocsin dictionaries in ``out_dir``.

    Files are taken in the order given: where two entries claim the same phrase or pattern with different
    codes, the first one read wins. Phrases and agent nouns tocsin's own data already has are left out, so
    the import only adds.
    """
    reports: list[FileReport] = []
    actors: list[tuple[FileReport, list[ActorBlock]]] = []
    agents: list[tuple[FileReport, list[AgentLine]]] = []
    verbs: list[tuple[FileReport, VerbFile]] = []
    for path in _files(paths):
        text = read_text(path)
        kind = detect_kind(path, text)
        report = FileReport(str(path), kind)
        reports.append(report)
        if kind == "actors":
            actors.append((report, read_actor_file(str(path), report, text)))
        elif kind == "agents":
            agents.append((report, read_agent_file(str(path), report, text)))
        elif kind == "verbs":
            verbs.append((report, read_verb_file(str(path), report, text)))
        elif kind == "discards":
            report.ignored = "discard lists have no tocsin equivalent"
        else:
            report.ignored = "not a PETRARCH/TABARI actor, agent or verb dictionary"
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    outputs: list[Output] = []
    if actors:
        actor_import = ActorImport()
        actor_import.add(actors)
        outputs.append(_write(out / ACTORS_FILE, "actors", actor_import.render(_header("actor", actors)),
                              actor_import.counts()))
    if agents:
        agent_import = AgentImport()
        agent_import.add(agents, lemmatize)
        outputs.append(_write(out / AGENTS_FILE, "agents", agent_import.render(_header("agent", agents)),
                              agent_import.counts()))
    if verbs:
        verb_import = VerbImport()
        verb_import.add(verbs, lemmatize)
        outputs.append(_write(out / VERBS_FILE, "verbs", verb_import.render(_header("verb", verbs)),
                              verb_import.counts()))
    return ImportResult(tuple(reports), tuple(outputs))


def _header(kind: str, files: Sequence[tuple[FileReport, object]]) -> str:
    usage = ["Use it with `tocsin code --dict FILE` or list it in $TOCSIN_DICTIONARIES; its entries take",
             "precedence over tocsin's packaged dictionaries for the same phrase or pattern."]
    return provenance_header(kind, [r.path for r, _ in files], usage)


def _write(path: Path, kind: str, text: str, counts: str) -> Output:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, "utf-8")
    problems = validate_file(tmp)
    if problems:  # a converter bug, not the user's: keep the file for inspection, name the first problem
        raise TocsinError(f"the converted {kind} dictionary fails validation: {problems[0]}", path=str(tmp))
    tmp.replace(path)
    return Output(path, kind, counts)


def format_summary(result: ImportResult, examples: int = 5) -> str:
    """What was read, written and skipped per file (skip reasons counted, first skipped lines shown)."""
    lines: list[str] = []
    for report in result.reports:
        name = Path(report.path).name
        if report.ignored:
            lines.append(f"{name}: not imported ({report.ignored})")
            continue
        skipped = report.skipped_entries
        lines.append(f"{name} ({report.kind}): {report.read} entries read, {report.written} written "
                     f"({report.produced} tocsin {_unit(report.kind)}), {len(skipped)} skipped")
        for reason, count in report.reasons(entries=True).most_common():
            lines.append(f"  skipped {count:>6}  {reason}")
        for reason, count in report.reasons(entries=False).most_common():
            lines.append(f"  dropped {count:>6}  {reason}")
        for note, count in report.notes.most_common():
            lines.append(f"  note    {count:>6}  {note}")
        if skipped:
            lines.append("  first skipped entries:")
            lines += [f"    {s}" for s in skipped[:examples]]
    for output in result.outputs:
        lines.append(f"wrote {output.path} ({output.counts})")
    return "\n".join(lines)


def _unit(kind: str) -> str:
    return {"actors": "phrases", "agents": "nouns", "verbs": "patterns"}.get(kind, "entries")
