"""The PETRARCH verb dictionary (``CAMEO.2.0.txt``) -> a tocsin verb dictionary.

The source format: synonym sets (``&CURRENCY`` followed by ``+DOLLAR`` lines), then verb blocks. A block
starts ``--- NAME [CODE] ---`` (``[---]``: the verb alone is no event), lists its verbs (``RUSH``, ``SPEED
{SPEEDING SPEEDS SPED}`` with irregular forms, ``+CALL_OFF`` where ``+`` marks the verb of a phrase,
``VERB [CODE]`` with a code of its own) and its patterns, which apply to every verb of the block:

    - * (TO BORDER) [154]          the verb, the preposition "to" with the noun "border"
    - * {ARMS SHIPMENT} [072]      a noun phrase after the verb (the last word is its head)
    - &MILITARY * (INTO +) [192]   a subject from a synonym set; "+" the target, "$" the source
    - * AID [070:071]              a second code for the reverse direction after ":"

tocsin's pattern ``lemma [particle ...] [{object|alts} ...]`` holds what comes after the verb: prepositions
and particles become particle words, nouns become object groups (synonym sets become alternatives, ``A/B``
too), all as spaCy lemmas. Source and target markers after the verb are dropped (the coder finds the target
from the syntax), ``^`` (any phrase) is dropped, and the reverse-direction code is dropped with a note.
What tocsin cannot hold is counted and skipped: words before the verb (a subject constraint), a target
before the verb or a source after it, reverse-only codes, null codes, words spaCy splits (``SIT-IN``),
synonym sets of multi-word phrases only, and the ``~`` transformations.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..dictionaries import pattern_never_matches
from ..errors import DictionaryError
from ..ontology import is_code
from .source import FileReport, Lemmatize, SourceLine, quote, significant_lines

_BLOCK = re.compile(r"^---\s*(.*?)\s*\[([^\]]*)\][\s-]*$")
_CODE_AT_END = re.compile(r"\[([^\]]*)\]\s*$")
_TOKEN = re.compile(r"[(){}]|[^\s(){}]+")
_WORD = re.compile(r"^[a-z][a-z']*$")
_MARKERS = frozenset({"$", "+", "^", "%"})
# Words that never name an object: left out of object groups ("(TO THE END)" -> "to {end}").
_FUNCTION_WORDS = frozenset({"a", "an", "the", "and", "or", "but", "nor", "that", "this", "these", "those",
                             "its", "their", "his", "her", "our", "will", "would", "not", "no"})
# Words that are particles or prepositions where a pattern puts them after the verb without parentheses
# ("SET * OUT VIEWS", "VOTE * DOWN INVESTIGATION", "MOVE * TOWARD +").
_PARTICLES = frozenset({
    "about", "above", "across", "after", "against", "ahead", "along", "amid", "among", "apart", "around", "as",
    "aside", "at", "away", "back", "before", "behind", "below", "beside", "between", "beyond", "by", "down",
    "during", "for", "forth", "forward", "from", "in", "inside", "into", "of", "off", "on", "onto", "out",
    "outside", "over", "past", "through", "throughout", "to", "together", "toward", "towards", "under", "until",
    "up", "upon", "with", "within", "without",
})


class _Unconvertible(Exception):
    """A pattern or verb that tocsin's format cannot hold; the message is the reason counted."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class VerbForm:
    lemma: str
    particles: tuple[str, ...]  # from a phrase verb: +CALL_OFF
    objects: tuple[str, ...]  # raw words after a phrase verb that are not particles: +TAKE_SHAPE
    code: str  # its own code, or the block's
    line: SourceLine


@dataclass(frozen=True)
class PatternLine:
    line: SourceLine
    code: str
    particles: tuple[tuple[str, ...], ...]  # slots of alternatives: (TO/FOR ...) -> ("to", "for")
    groups: tuple[tuple[str, ...], ...]  # raw words or &SYNSETS, alternatives per group
    dropped: tuple[str, ...] = ()  # function words left out


@dataclass
class VerbBlock:
    name: str
    line: SourceLine
    verbs: list[VerbForm] = field(default_factory=list)
    patterns: list[PatternLine] = field(default_factory=list)


@dataclass
class VerbFile:
    blocks: list[VerbBlock] = field(default_factory=list)
    synsets: dict[str, list[str]] = field(default_factory=dict)


# ------------------------------------------------------------------------------------------------ reading

def read_verb_file(path: str, report: FileReport, text: str | None = None) -> VerbFile:
    out = VerbFile()
    block: VerbBlock | None = None
    block_code = "---"
    synset: str | None = None
    for line in significant_lines(path, text):
        body = line.text.split(";", 1)[0].strip()  # TABARI's older comment mark
        if not body:
            continue
        if synset is not None and body.startswith("+"):
            out.synsets[synset].append(body[1:].strip())
            continue
        synset = None
        if body.startswith("&"):
            synset = body.split()[0].rstrip("_")
            out.synsets[synset] = []
        elif body.startswith("~"):
            report.read += 1
            report.skip(line, "entry", "verb transformation (no tocsin equivalent)")
        elif body.startswith("---"):
            found = _BLOCK.match(body)
            if found is None:
                report.skip(line, "block", "malformed block header")
                block = None
                continue
            block = VerbBlock(found.group(1), line)
            block_code = found.group(2).strip() or "---"
            out.blocks.append(block)
        elif block is None:
            report.read += 1
            report.skip(line, "entry", "outside a verb block")
        elif body.startswith("-"):
            report.read += 1
            try:
                block.patterns.append(_pattern(line, body[1:]))
            except _Unconvertible as exc:
                report.skip(line, "entry", exc.reason, detail=exc.detail)
        else:
            report.read += 1
            try:
                block.verbs.append(_verb(line, body, block_code))
            except _Unconvertible as exc:
                report.skip(line, "entry", exc.reason, detail=exc.detail)
    return out


def _verb(line: SourceLine, body: str, block_code: str) -> VerbForm:
    code = block_code
    own = _CODE_AT_END.search(body)
    if own:
        code = own.group(1).strip()
        body = body[:own.start()]
    fixed = re.search(r"\{\s*\}", body) is not None
    words = re.sub(r"\{[^}]*\}", " ", body).split()
    if len(words) != 1:
        raise _Unconvertible("malformed verb line")
    parts = words[0].split("_")
    marked = [i for i, p in enumerate(parts) if p.startswith("+")]
    verb_at = marked[0] if marked else 0
    if len(parts) > 1 and not marked:
        raise _Unconvertible("phrase verb without '+' on its verb")
    if verb_at > 0:
        raise _Unconvertible("words before the verb of a phrase verb", words[0])
    if fixed and len(parts) > 1:
        raise _Unconvertible("fixed inflected form ({}) has no base form to match lemmas", words[0])
    lemma = parts[0].lstrip("+").lower()
    if "-" in lemma:
        raise _Unconvertible("hyphenated verb (spaCy splits it)", words[0])
    if not _WORD.match(lemma):
        raise _Unconvertible("not a plain word", words[0])
    rest = [p.lower() for p in parts[1:] if p]
    particles = tuple(w for w in rest if w in _PARTICLES)
    objects = tuple(w for w in rest if w not in _PARTICLES)
    return VerbForm(lemma, particles, objects, code, line)


def _pattern(line: SourceLine, body: str) -> PatternLine:
    found = _CODE_AT_END.search(body)
    if found is None:
        raise _Unconvertible("pattern without a code")
    code = _event_code(found.group(1).strip())
    body = body[:found.start()]
    if body.count("*") != 1:
        raise _Unconvertible("pattern without one '*' for the verb")
    pre, _, post = body.partition("*")
    pre_tokens = pre.split()
    if "+" in pre_tokens:
        raise _Unconvertible("target before the verb")
    if any(t != "$" for t in pre_tokens):
        raise _Unconvertible("words before the verb (a constraint on the subject)")
    particles: list[tuple[str, ...]] = []
    groups: list[tuple[str, ...]] = []
    dropped: list[str] = []
    if post[:1] and not post[:1].isspace():
        raise _Unconvertible("words joined to the verb's '*'")
    tokens = _TOKEN.findall(post)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in ("(", "{"):
            close = ")" if token == "(" else "}"
            end = _closing(tokens, i, close)
            inner = [t for t in tokens[i + 1:end] if t not in "(){}"]
            if token == "(" and inner and inner[0] not in _MARKERS and not inner[0].startswith("&"):
                particles.append(_alternatives(inner[0]))
                inner = inner[1:]
            for word in inner:
                _element(word, particles, groups, dropped, nouns_only=True)
            i = end + 1
            continue
        if token in (")", "}"):
            raise _Unconvertible("unbalanced brackets")
        _element(token, particles, groups, dropped, nouns_only=False)
        i += 1
    return PatternLine(line, code, tuple(particles), tuple(groups), tuple(dropped))


def _event_code(text: str) -> str:
    if text == "---":
        raise _Unconvertible("null code [---] (the pattern blocks coding)")
    forward, colon, _ = text.partition(":")
    if colon and not forward:
        raise _Unconvertible("only a reverse-direction event", f"[{text}]")
    if not is_code(forward):
        raise _Unconvertible("not a code of tocsin's CAMEO ontology", f"[{text}]")
    return text


def _closing(tokens: list[str], start: int, close: str) -> int:
    for j in range(start + 1, len(tokens)):
        if tokens[j] == close:
            return j
    raise _Unconvertible("unbalanced brackets")


def _element(token: str, particles: list[tuple[str, ...]], groups: list[tuple[str, ...]], dropped: list[str],
             nouns_only: bool) -> None:
    if token == "$":
        raise _Unconvertible("source after the verb")
    if token == "%":
        raise _Unconvertible("compound actor marker '%'")
    if token in _MARKERS:  # the target and "any phrase" are found from the syntax
        return
    if token.startswith("&"):
        groups.append((token.rstrip("_"),))
        return
    for word in (w for w in token.split("_") if w):
        alternatives = _alternatives(word)
        if all(a in _FUNCTION_WORDS for a in alternatives):
            dropped.append(word)
        elif not nouns_only and all(a in _PARTICLES for a in alternatives):
            particles.append(alternatives)
        else:
            groups.append(alternatives)


def _alternatives(word: str) -> tuple[str, ...]:
    out = tuple(w.lower() for w in word.split("/") if w)
    for w in out:
        if not _WORD.match(w):
            raise _Unconvertible("a word tocsin's patterns cannot hold (spaCy splits it, or not a word)", word)
    return out


# ---------------------------------------------------------------------------------------------- conversion

@dataclass
class VerbImport:
    """Patterns of one or more verb files; the first pattern text keeps its code."""

    sections: list[tuple[str, list[tuple[str, list[tuple[str, str]]]]]] = field(default_factory=list)
    _owner: dict[str, tuple[str, str]] = field(default_factory=dict)  # pattern -> (code, file:line)

    def add(self, files: Sequence[tuple[FileReport, VerbFile]], lemmatize: Lemmatize) -> None:
        words = [w for _, vf in files for b in vf.blocks for p in b.patterns for g in p.groups for w in g
                 if not w.startswith("&")]
        words += [w for _, vf in files for b in vf.blocks for v in b.verbs for w in v.objects]
        words += [m.lower() for _, vf in files for members in vf.synsets.values() for m in members]
        lemmas = lemmatize(words)
        for report, verb_file in files:
            for block in verb_file.blocks:
                self._block(report, verb_file, block, lemmas)

    def _block(self, report: FileReport, verb_file: VerbFile, block: VerbBlock, lemmas: dict[str, str]) -> None:
        by_code: dict[str, list[tuple[str, str]]] = {}
        used: set[SourceLine] = set()
        failed: dict[SourceLine, _Unconvertible] = {}

        def emit(pattern: str, code: str, source: SourceLine, verb: VerbForm) -> None:
            first = self._owner.setdefault(pattern, (code, source.where))
            if first[0] != code:
                report.notes["expansions dropped: pattern already under another code"] += 1
                return
            if first[1] != source.where:
                report.notes["expansions dropped: repeated pattern"] += 1
                return
            by_code.setdefault(code, []).append((pattern, source.where))
            used.update((source, verb.line))
            report.produced += 1

        for verb in block.verbs:
            if verb.code == "---":
                continue
            try:
                code = _event_code(verb.code).partition(":")[0]
                emit(self._text(verb, (), (), lemmas, verb_file.synsets), code, verb.line, verb)
            except _Unconvertible as exc:
                failed[verb.line] = exc
        for pattern in block.patterns:
            code, _, reverse = pattern.code.partition(":")
            if reverse:
                report.notes["reverse-direction code dropped ([A:B] written as A)"] += 1
            if pattern.dropped:
                report.notes["function words left out of a pattern (THE, AND, ...)"] += 1
            failure: _Unconvertible | None = None
            for verb in block.verbs:
                for choice in itertools.product(*pattern.particles):
                    try:
                        emit(self._text(verb, choice, pattern.groups, lemmas, verb_file.synsets), code,
                             pattern.line, verb)
                    except _Unconvertible as exc:
                        failure = failure or exc
            if pattern.line not in used:
                why = failure or _Unconvertible("every expansion repeats an earlier pattern")
                if not block.verbs:
                    why = _Unconvertible("block without a usable verb")
                report.skip(pattern.line, "entry", why.reason, detail=why.detail)
        for verb in block.verbs:
            problem = failed.get(verb.line)
            if verb.line in used:
                if problem is not None:  # its patterns were written, the verb alone was not
                    report.skip(verb.line, "verb", problem.reason, detail=problem.detail)
                continue
            if problem is None:
                problem = _Unconvertible("null code and no pattern of its block converts" if verb.code == "---"
                                         else "repeats an earlier verb")
            report.skip(verb.line, "entry", problem.reason, detail=problem.detail)
        report.written += len(used)
        if by_code:
            self.sections.append((f"{block.name} ({block.line.where})", list(by_code.items())))

    @staticmethod
    def _text(verb: VerbForm, particles: tuple[str, ...], groups: tuple[tuple[str, ...], ...],
              lemmas: dict[str, str], synsets: dict[str, list[str]]) -> str:
        words = list(dict.fromkeys((*verb.particles, *particles)))
        alternatives: list[tuple[str, ...]] = [(lemmas.get(w, w),) for w in verb.objects]
        for group in groups:
            options: list[str] = []
            for word in group:
                if word.startswith("&"):
                    if word not in synsets:
                        raise _Unconvertible("undefined synonym set", word)
                    members = [lemmas.get(m.lower(), m.lower()) for m in synsets[word]]
                    single = [m for m in members if _WORD.match(m)]
                    if not single:
                        raise _Unconvertible("synonym set of multi-word phrases only", word)
                    options += single
                else:
                    options.append(lemmas.get(word, word))
            alternatives.append(tuple(dict.fromkeys(o for o in options if _WORD.match(o))))
        if any(not a for a in alternatives):
            raise _Unconvertible("a word tocsin's patterns cannot hold (spaCy splits it, or not a word)")
        text = " ".join([verb.lemma, *words, *("{" + "|".join(a) + "}" for a in alternatives)])
        try:
            from ..events.verbs import _compile

            _compile(text, "010", noun=False, order=0, where=verb.line.path)
        except DictionaryError as exc:
            raise _Unconvertible("not a valid tocsin pattern", exc.message) from None
        if pattern_never_matches(text):
            raise _Unconvertible("a word tocsin's patterns cannot hold (spaCy splits it, or not a word)", text)
        return text

    def render(self, header: str) -> str:
        out = [header.rstrip("\n")]
        if not self.sections:
            out.append("[]")
        for title, entries in self.sections:
            out.append(f"# ---- {title}")
            for code, patterns in entries:
                out.append(f"- code: {quote(code)}")
                out.append("  verbs:")
                out += [f"    - {quote(p)}  # {where}" for p, where in patterns]
                out.append("  nouns: []")
        return "\n".join(out) + "\n"

    def counts(self) -> str:
        patterns = [p for _, entries in self.sections for _, ps in entries for p, _ in ps]
        triggers = {p.split()[0] for p in patterns}
        return f"{len(patterns)} patterns for {len(triggers)} verbs"
