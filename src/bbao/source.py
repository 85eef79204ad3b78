"""Read and check the curated source: ``terms.tsv``, ``claims.tsv``, ``metadata.toml`` and
``logical-definitions.ttl``.

Curators edit only these files (ROBOT-template style tables, and one Turtle file for the axioms a table
cannot hold). Every defect is reported with the file, line and column, and all defects are collected
before failing, so one run shows every mistake.

The tables are plain TSV, as IANA's ``text/tab-separated-values`` registers it (a row is a line, cells
are separated by TAB, nothing is quoted, so a cell may start with a quotation mark), in UTF-8 (a leading
byte-order mark is dropped). A line ends at LF or CR LF only, never at the other characters
:meth:`str.splitlines` breaks on, such as U+2028 or a form feed. The header must be exactly the expected
columns, in order, and every row must have as many cells. The allowed relations, signs, sites and
developmental stages come from :mod:`bbao.model`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from bbao.errors import BBAOError, Problem
from bbao.model import (
    ALLOWED_RELATIONS,
    CURIE_FIELDS,
    DEVELOPMENTAL_STAGES,
    ESTABLISHED,
    KNOWLEDGE_LEVELS,
    SIGNS,
    SITES,
)
from bbao.prefixes import CurieError, expand

TERM_COLUMNS = (
    "id", "type", "label", "parent", "definition", "definition_source", "exact_synonyms",
    "related_synonyms", "mappings", "axioms", "comment",
)
CLAIM_COLUMNS = (
    "id", "subject", "relation", "object", "sign", "knowledge_level", "receptor", "receptor_location", "mediator",
    "anatomical_context", "cell_context", "taxon", "disease_context", "developmental_context", "site", "cotreatment",
    "example", "evidence", "reported_evidence", "section", "excerpt", "comment",
)
#: The ``type`` column: a term BBAO mints (class, object or annotation property) or an external one it annotates.
TERM_TYPES = ("class", "object_property", "annotation_property", "external")
#: The mapping predicates of the ``mappings`` column.
SKOS_MAPPINGS = ("skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch", "skos:relatedMatch")
#: What a ``definition_source`` may be: a DOI, a PubMed ID, a URL, or the curators.
DEFINITION_SOURCE_PATTERN = re.compile(r"(doi:10\.\d{4,9}/\S+|BBAO:curators|PMID:\d+|https?://\S+)")
#: The curated OWL axioms (equivalences, disjointness) in Turtle, beside the tables.
LOGICAL_DEFINITIONS = "logical-definitions.ttl"


@dataclass(frozen=True)
class Term:
    """One row of ``terms.tsv``: a minted BBAO term, or an external term BBAO annotates."""

    id: str
    type: str
    label: str
    parent: str = ""
    definition: str = ""
    definition_source: str = ""
    exact_synonyms: tuple[str, ...] = ()
    related_synonyms: tuple[str, ...] = ()
    mappings: tuple[tuple[str, str], ...] = ()
    axioms: tuple[tuple[str, str], ...] = ()
    comment: str = ""
    line: int = 0


@dataclass(frozen=True)
class Claim:
    """One row of ``claims.tsv``: an atomic statement of the review with its context."""

    id: str
    subject: str
    relation: str
    object: str
    sign: str
    section: str
    excerpt: str
    evidence: tuple[str, ...]
    knowledge_level: str = ESTABLISHED
    receptor: tuple[str, ...] = ()
    receptor_location: tuple[str, ...] = ()
    mediator: tuple[str, ...] = ()
    anatomical_context: tuple[str, ...] = ()
    cell_context: tuple[str, ...] = ()
    taxon: tuple[str, ...] = ()
    disease_context: tuple[str, ...] = ()
    developmental_context: tuple[str, ...] = ()
    site: tuple[str, ...] = ()
    cotreatment: tuple[str, ...] = ()
    reported_evidence: tuple[str, ...] = ()
    example: tuple[str, ...] = ()
    comment: str = ""
    line: int = 0

    @property
    def established(self) -> bool:
        """Whether the review states the claim as established (only these become OWL class axioms)."""
        return self.knowledge_level == ESTABLISHED

    def curies(self) -> list[str]:
        """Every CURIE the claim refers to: subject, relation, object, then the :data:`bbao.model.CURIE_FIELDS`."""
        out = [self.subject, self.relation, self.object]
        for name in CURIE_FIELDS:
            out.extend(getattr(self, name))
        return out


@dataclass(frozen=True)
class Section:
    """A ``[[section]]`` of ``metadata.toml``: a section of the review that claims cite by ``key``, with its
    heading, parent section and axis direction (a value of :data:`bbao.model.AXIS_DIRECTIONS`)."""

    key: str
    heading: str
    parent: str
    direction: str


@dataclass(frozen=True)
class Reference:
    """A ``[[reference]]`` of ``metadata.toml``: a numbered reference of the review (volume, issue and
    pages may be empty strings)."""

    number: int
    authors: str
    year: str
    title: str
    journal: str
    volume: str
    issue: str
    pages: str


@dataclass(frozen=True)
class LogicalDefinitions:
    """``logical-definitions.ttl``, read once: its path, its triples and its lines (to point at a mistake)."""

    path: Path
    graph: Graph
    lines: tuple[str, ...]

    def curies(self) -> tuple[str, ...]:
        """The OBO term CURIEs (``GO:0001649`` for ``obo:GO_0001649``) among the file's IRIs, sorted: the
        terms the import modules must declare (:meth:`Source.used_curies`)."""
        found = set()
        for triple in self.graph:
            for node in triple:
                match = _OBO_TERM.fullmatch(node) if isinstance(node, URIRef) else None
                if match:
                    found.add(f"{match.group(1)}:{match.group(2)}")
        return tuple(sorted(found))

    def line_of(self, iri: str) -> int | None:
        """The first line (1-based) that mentions the local name of ``iri``, or None."""
        local = iri.rsplit("/", 1)[-1]
        return next((number for number, row in enumerate(self.lines, 1) if local in row), None)


@dataclass
class Source:
    """Everything curated: terms, claims, metadata and logical definitions, with the folder they came
    from. ``ontology`` is the ``[ontology]`` table of metadata.toml, ``review`` its ``[review]`` table;
    ``logical`` is None when there is no ``logical-definitions.ttl``."""

    directory: Path
    terms: list[Term]
    claims: list[Claim]
    ontology: dict[str, object]
    review: dict[str, str]
    sections: dict[str, Section]
    references: list[Reference]
    review_text: str | None = None
    logical_curies: tuple[str, ...] = ()
    problems: list[Problem] = field(default_factory=list)
    logical: LogicalDefinitions | None = None

    @property
    def creators(self) -> list[str]:
        """The ``creators`` of the ``[ontology]`` table of metadata.toml, as strings."""
        value = self.ontology.get("creators", [])
        return [str(c) for c in value] if isinstance(value, list) else []

    def term(self, curie: str) -> Term | None:
        """The ``terms.tsv`` row of ``curie``, or None."""
        return next((t for t in self.terms if t.id == curie), None)

    def used_curies(self) -> set[str]:
        """Every CURIE the source refers to (terms, parents, mappings, axioms, logical definitions and
        claim fields)."""
        used: set[str] = set(self.logical_curies)
        for t in self.terms:
            used.add(t.id)
            if t.parent:
                used.add(t.parent)
            used.update(target for _, target in t.mappings)
            for rel, target in t.axioms:
                used.update((rel, target))
        for c in self.claims:
            used.update(c.curies())
        return used


def split_cell(value: str) -> tuple[str, ...]:
    """The values of a multi-valued cell: separated by ``|``, each stripped, empty ones dropped.

    >>> split_cell("GO:0001649| GO:0001503 ||")
    ('GO:0001649', 'GO:0001503')
    """
    return tuple(v.strip() for v in value.split("|") if v.strip())


#: Characters a cell may not hold: the C0 controls but TAB (a row ends at LF; a CR only before it) and the
#: non-characters U+FFFE and U+FFFF, none of which XML 1.0, hence RDF/XML, can carry.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_UTF8_BOM = b"\xef\xbb\xbf"


def _read_bytes(path: Path, problems: list[Problem]) -> bytes | None:
    """The bytes of ``path`` without a leading UTF-8 byte-order mark, or None after appending a problem
    (file not found, unreadable, or a UTF-16/32 byte-order mark: such a file is not UTF-8)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(str(path), "file not found"))
        return None
    except OSError as exc:
        problems.append(Problem(str(path), f"cannot read the file: {exc.strerror or exc}"))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Problem(str(path), "not UTF-8 text: it starts with a UTF-16 (or UTF-32) byte-order mark; "
                                           "save it as UTF-8", line=1))
        return None
    return data[len(_UTF8_BOM):] if data.startswith(_UTF8_BOM) else data


def _not_utf8(path: Path, exc: UnicodeDecodeError, line: int, offset: int) -> Problem:
    """The problem of a byte sequence that is not UTF-8, at byte ``exc.start - offset`` (1-based) of ``line``."""
    return Problem(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start - offset + 1} of the line)",
                   line=line)


def _read_text(path: Path, problems: list[Problem]) -> str | None:
    """The UTF-8 text of ``path`` (a leading byte-order mark dropped; CR LF and CR read as LF, as
    :meth:`pathlib.Path.read_text` does), or None after appending a problem naming the file and, for
    bytes that are not UTF-8, the line."""
    data = _read_bytes(path, problems)
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        problems.append(_not_utf8(path, exc, data.count(b"\n", 0, exc.start) + 1, line_start))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


class TableReader:
    """Reads one plain-TSV table (see the module's docstring), keeping line numbers, and records problems
    against cells."""

    def __init__(self, path: Path, columns: tuple[str, ...], problems: list[Problem]) -> None:
        self.path = path
        self.name = str(path)
        self.columns = columns
        self.problems = problems

    def lines(self) -> list[str | None] | None:
        """The file's lines (ending at LF, a CR before it dropped; None for a line that is not UTF-8, each
        such line reported with the cell it is in), or None when the file cannot be read."""
        data = _read_bytes(self.path, self.problems)
        if data is None:
            return None
        raw_lines = data.split(b"\n")
        if raw_lines[-1] == b"":
            raw_lines.pop()
        out: list[str | None] = []
        for number, raw in enumerate(raw_lines, start=1):
            raw = raw.removesuffix(b"\r")
            try:
                out.append(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                problem = _not_utf8(self.path, exc, number, 0)
                if number > 1:
                    index = raw.count(b"\t", 0, exc.start)
                    problem = Problem(problem.file, problem.message, line=number, column=index + 1,
                                      field=self.columns[index] if index < len(self.columns) else None)
                self.problems.append(problem)
                out.append(None)
        return out

    def header_problem(self, header: list[str]) -> str | None:
        """What is wrong with ``header`` (columns missing, unknown, repeated or out of order), or None."""
        if header == list(self.columns):
            return None
        if any("\r" in name for name in header):
            return "a carriage return (CR) inside the header line: rows must end at LF or CR LF, not at CR alone"

        def names(items: list[str]) -> str:
            return ", ".join(c if c.isidentifier() else repr(c if len(c) <= 40 else c[:39] + "…") for c in items)

        missing = [c for c in self.columns if c not in header]
        unknown = list(dict.fromkeys(c for c in header if c not in self.columns))
        twice = list(dict.fromkeys(c for i, c in enumerate(header) if c in header[:i]))
        parts = []
        if missing:
            parts.append(f"header lacks column{'s' if len(missing) > 1 else ''} {names(missing)}")
        if unknown:
            parts.append(f"unknown column{'s' if len(unknown) > 1 else ''} {names(unknown)}")
        if twice:
            parts.append(f"column{'s' if len(twice) > 1 else ''} {names(twice)} twice")
        if not parts:
            parts.append(f"the columns must be, in this order: {', '.join(self.columns)}")
        return "; ".join(parts)

    def rows(self) -> list[tuple[int, dict[str, str]]]:
        """The rows after the header, by line number, as column -> cell (surrounding whitespace stripped);
        blank lines are skipped. A missing, unreadable or empty file, a wrong header, a row with the wrong
        number of cells or a control character in a cell goes to ``problems``: the whole file, respectively
        the row, is left out, except that a row with a control character is still checked."""
        lines = self.lines()
        if lines is None:
            return []
        if not lines:
            self.problems.append(Problem(self.name, "empty file: expected a header row", line=1))
            return []
        if lines[0] is None:
            return []
        wrong = self.header_problem(lines[0].split("\t"))
        if wrong:
            self.problems.append(Problem(self.name, wrong, line=1))
            return []
        out = []
        for number, line in enumerate(lines[1:], start=2):
            if line is None or not line.strip():
                continue
            cells = line.split("\t")
            if len(cells) != len(self.columns):
                self.problems.append(Problem(
                    self.name, f"{len(cells)} cells, but the header has {len(self.columns)} columns", line=number))
                continue
            for name, cell in zip(self.columns, cells, strict=True):
                control = _CONTROL.search(cell)
                if control:
                    self.problem(number, name, f"control character U+{ord(control.group()):04X} in the cell "
                                               "(a cell holds text: RDF/XML cannot carry control characters)")
            out.append((number, {h: v.strip() for h, v in zip(self.columns, cells, strict=True)}))
        return out

    def col(self, name: str) -> int:
        """The 1-based column of ``name``; raises ValueError for a name that is not a column."""
        return self.columns.index(name) + 1

    def problem(self, line: int, name: str, message: str) -> None:
        """Record ``message`` against the cell of column ``name`` on ``line``."""
        self.problems.append(Problem(self.name, message, line=line, column=self.col(name), field=name))

    def curie(self, line: int, name: str, value: str) -> str | None:
        """``value`` when it is a CURIE with a known prefix, else None with the problem recorded."""
        try:
            expand(value)
        except CurieError as exc:
            self.problem(line, name, str(exc))
            return None
        return value

    def curies(self, line: int, name: str, value: str) -> tuple[str, ...]:
        """The CURIEs of a multi-valued cell (:func:`split_cell`); each malformed one is recorded and left out."""
        return tuple(v for v in split_cell(value) if self.curie(line, name, v))


def read_terms(path: Path, problems: list[Problem]) -> list[Term]:
    """The rows of ``terms.tsv`` that pass their checks; each defect is appended to ``problems`` (file,
    line, column) and its row left out."""
    reader = TableReader(path, TERM_COLUMNS, problems)
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for line, row in reader.rows():
        tid = row["id"]
        if not tid:
            reader.problem(line, "id", "empty id")
            continue
        if reader.curie(line, "id", tid) is None:
            continue
        if tid in seen:
            reader.problem(line, "id", f"duplicate term id {tid} (first on line {seen[tid]})")
            continue
        seen[tid] = line
        kind = row["type"]
        if kind not in TERM_TYPES:
            reader.problem(line, "type", f"unknown type {kind!r} (allowed: {', '.join(TERM_TYPES)})")
            continue
        minted = kind != "external"
        if minted != tid.startswith("BBAO:"):
            reader.problem(line, "id", f"{tid}: minted terms use the BBAO prefix, external terms any other")
        if not row["label"]:
            reader.problem(line, "label", f"{tid} has no label")
        elif row["label"] != " ".join(row["label"].split()):
            reader.problem(line, "label", f"{tid} label has extra whitespace: {row['label']!r}")
        if minted:
            if not row["definition"]:
                reader.problem(line, "definition", f"{tid} has no definition")
            if not DEFINITION_SOURCE_PATTERN.fullmatch(row["definition_source"]):
                reader.problem(line, "definition_source",
                               f"{tid} needs a definition source (doi:..., PMID:..., URL or BBAO:curators)")
            if not row["parent"] and kind != "annotation_property":
                reader.problem(line, "parent", f"{tid} has no parent")
            if kind == "class" and not row["mappings"]:
                reader.problem(line, "mappings", f"{tid} needs a SKOS mapping to a public term")
        parent = reader.curie(line, "parent", row["parent"]) if row["parent"] else ""
        mappings = []
        for item in split_cell(row["mappings"]):
            pred, _, target = item.partition(" ")
            if pred not in SKOS_MAPPINGS:
                reader.problem(line, "mappings", f"mapping predicate {pred!r} is not one of {', '.join(SKOS_MAPPINGS)}")
            elif reader.curie(line, "mappings", target.strip()):
                mappings.append((pred, target.strip()))
        axioms = []
        for item in split_cell(row["axioms"]):
            rel, _, target = item.partition(" ")
            if reader.curie(line, "axioms", rel) and reader.curie(line, "axioms", target.strip()):
                axioms.append((rel, target.strip()))
        terms.append(
            Term(
                id=tid, type=kind, label=row["label"], parent=parent or "",
                definition=row["definition"], definition_source=row["definition_source"],
                exact_synonyms=split_cell(row["exact_synonyms"]), related_synonyms=split_cell(row["related_synonyms"]),
                mappings=tuple(mappings), axioms=tuple(axioms), comment=row["comment"], line=line,
            )
        )
    return terms


def read_claims(path: Path, sections: dict[str, Section], problems: list[Problem]) -> list[Claim]:
    """The rows of ``claims.tsv`` that pass their checks (allowed relation and matching sign, a
    :data:`bbao.model.KNOWLEDGE_LEVELS` value, ECO evidence and reported evidence, known section, values of
    :data:`bbao.model.SITES` and :data:`bbao.model.DEVELOPMENTAL_STAGES`); each defect is appended to
    ``problems`` and its row left out."""
    reader = TableReader(path, CLAIM_COLUMNS, problems)
    claims: list[Claim] = []
    seen: dict[str, int] = {}
    for line, row in reader.rows():
        cid = row["id"]
        if not cid.startswith("BBAC:") or reader.curie(line, "id", cid) is None:
            if cid.startswith("BBAC:") is False:
                reader.problem(line, "id", f"claim id {cid!r} must be BBAC: followed by 7 digits")
            continue
        if cid in seen:
            reader.problem(line, "id", f"duplicate claim id {cid} (first on line {seen[cid]})")
            continue
        seen[cid] = line
        ok = True
        for name in ("subject", "relation", "object"):
            if not row[name]:
                reader.problem(line, name, f"{cid} has no {name}")
                ok = False
            elif reader.curie(line, name, row[name]) is None:
                ok = False
        relation = row["relation"]
        if relation and relation not in ALLOWED_RELATIONS:
            allowed = ", ".join(sorted(ALLOWED_RELATIONS))
            reader.problem(line, "relation", f"{cid}: relation {relation} is not in the allowed set ({allowed})")
            ok = False
        sign = row["sign"]
        if sign not in SIGNS:
            reader.problem(line, "sign", f"{cid}: sign {sign!r} must be one of {', '.join(SIGNS)}")
            ok = False
        elif relation in ALLOWED_RELATIONS and ALLOWED_RELATIONS[relation] != sign:
            reader.problem(line, "sign",
                           f"{cid}: sign {sign!r} disagrees with {relation}, which is {ALLOWED_RELATIONS[relation]!r}")
            ok = False
        level = row["knowledge_level"]
        if level not in KNOWLEDGE_LEVELS:
            said = f"{level!r}" if level else "none"
            reader.problem(line, "knowledge_level",
                           f"{cid}: knowledge level {said} must be one of {', '.join(KNOWLEDGE_LEVELS)}")
            ok = False
        if row["subject"] and row["subject"] == row["object"]:
            reader.problem(line, "object", f"{cid}: subject and object are the same ({row['subject']})")
            ok = False
        evidence = reader.curies(line, "evidence", row["evidence"])
        if not evidence:
            reader.problem(line, "evidence", f"{cid} has no evidence (an ECO CURIE)")
            ok = False
        elif any(not e.startswith("ECO:") for e in evidence):
            reader.problem(line, "evidence", f"{cid}: evidence must be ECO terms, got {'|'.join(evidence)}")
            ok = False
        if row["section"] not in sections:
            reader.problem(line, "section", f"{cid}: unknown section {row['section']!r} (known: {', '.join(sections)})")
            ok = False
        if not row["excerpt"]:
            reader.problem(line, "excerpt", f"{cid} has no supporting excerpt (the source text)")
            ok = False
        reported = reader.curies(line, "reported_evidence", row["reported_evidence"])
        if any(not e.startswith("ECO:") for e in reported):
            reader.problem(line, "reported_evidence",
                           f"{cid}: reported evidence must be ECO terms, got {'|'.join(reported)}")
            ok = False
        site = split_cell(row["site"])
        if any(s not in SITES for s in site):
            reader.problem(line, "site", f"{cid}: site must be among {', '.join(SITES)}")
            ok = False
        dev = split_cell(row["developmental_context"])
        if any(d not in DEVELOPMENTAL_STAGES for d in dev):
            reader.problem(line, "developmental_context",
                           f"{cid}: developmental context must be among {', '.join(DEVELOPMENTAL_STAGES)}")
            ok = False
        fields = {name: reader.curies(line, name, row[name]) for name in CURIE_FIELDS
                  if name not in ("evidence", "reported_evidence")}
        if not ok:
            continue
        claims.append(
            Claim(
                id=cid, subject=row["subject"], relation=relation, object=row["object"], sign=sign,
                section=row["section"], excerpt=row["excerpt"], evidence=evidence, knowledge_level=level,
                reported_evidence=reported, developmental_context=dev, site=site, comment=row["comment"], line=line,
                **fields,
            )
        )
    return claims


_TOML_POSITION = re.compile(r"(.*) \(at line (\d+), column (\d+)\)", re.S)
_TOML_AT_END = re.compile(r"(.*) \(at end of document\)", re.S)


def _toml_problem(path: Path, exc: tomllib.TOMLDecodeError, text: str) -> Problem:
    """The problem of malformed TOML, at the line and column ``tomllib`` stopped at: its ``lineno`` and
    ``colno`` (added in Python 3.14, per the :mod:`tomllib` documentation), else the position its message
    ends with on earlier versions (``(at line 1, column 10)``)."""
    message = str(exc)
    line: int | None = getattr(exc, "lineno", None)
    column: int | None = getattr(exc, "colno", None)
    if line is not None:
        message = str(getattr(exc, "msg", message))
    elif match := _TOML_POSITION.fullmatch(message):
        message, line, column = match.group(1), int(match.group(2)), int(match.group(3))
    elif match := _TOML_AT_END.fullmatch(message):
        message, line = f"{match.group(1)} at the end of the file", text.count("\n") + 1
    return Problem(str(path), f"malformed TOML: {message}", line=line, column=column)


def _array_lines(text: str, name: str, count: int) -> list[int | None]:
    """The line of each ``[[name]]`` header of a TOML text, when there are ``count`` (an array written
    inline has none); else Nones."""
    lines = [number for number, row in enumerate(text.split("\n"), 1)
             if re.match(rf"\s*\[\[\s*{re.escape(name)}\s*\]\]", row)]
    return list(lines) if len(lines) == count else [None] * count


def _tables(data: dict[str, object], name: str, path: Path, text: str,
            problems: list[Problem]) -> list[tuple[int | None, dict[str, object]]]:
    """The ``[[name]]`` tables of ``data`` with their lines; anything else in their place is a problem."""
    items = data.get(name, [])
    if not isinstance(items, list):
        problems.append(Problem(str(path), f"{name} must be an array of tables ([[{name}]]), not {items!r}"))
        return []
    out = []
    for line, item in zip(_array_lines(text, name, len(items)), items, strict=True):
        if isinstance(item, dict):
            out.append((line, item))
        else:
            problems.append(Problem(str(path), f"[[{name}]] must be a table, not {item!r}", line=line))
    return out


def _fields(table: dict[str, object], name: str, required: tuple[str, ...], optional: tuple[str, ...],
            path: Path, line: int | None, problems: list[Problem]) -> dict[str, str] | None:
    """The string values of ``required`` and ``optional`` keys (absent optional ones as "") of a
    ``[[name]]`` table, or None after appending a problem for each key that is missing or not a string."""
    out: dict[str, str] = {}
    for key in (*required, *optional):
        value = table.get(key, None if key in required else "")
        if value is None:
            problems.append(Problem(str(path), f"[[{name}]] lacks {key!r}", line=line))
        elif not isinstance(value, str):
            problems.append(Problem(str(path), f"[[{name}]] {key} must be a string (in quotes), not {value!r}",
                                    line=line))
        else:
            out[key] = value
    return out if len(out) == len(required) + len(optional) else None


def read_metadata(
    path: Path, problems: list[Problem],
) -> tuple[dict[str, object], dict[str, str], dict[str, Section], list[Reference]]:
    """``metadata.toml``: the ``[ontology]`` table, the ``[review]`` table, the sections by key and the
    references. Text that is not UTF-8 and malformed TOML (with the line and column ``tomllib`` stopped
    at), missing keys, a version that is not a date, a value of the wrong type (``[ontology]`` or
    ``[review]`` not a table, a review, section or reference text that is not a string, a reference number
    that is not an integer) and a section key used twice go to ``problems``, with the line of the
    ``[[section]]`` or ``[[reference]]`` where known."""
    text = _read_text(path, problems)
    if text is None:
        return {}, {}, {}, []
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(_toml_problem(path, exc, text))
        return {}, {}, {}, []
    tables: dict[str, dict[str, object]] = {}
    for name in ("ontology", "review"):
        value = data.get(name, {})
        if isinstance(value, dict):
            tables[name] = value
        else:
            problems.append(Problem(str(path), f"[{name}] must be a table, not {value!r}"))
            tables[name] = {}
    onto = tables["ontology"]
    for key in ("iri", "version", "version_iri_template", "title", "description", "license", "creators", "source_doi"):
        if not onto.get(key):
            problems.append(Problem(str(path), f"[ontology] lacks {key!r}"))
    if onto.get("version") and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(onto["version"])):
        problems.append(Problem(str(path), f"[ontology] version {onto['version']!r} must be a date YYYY-MM-DD"))
    sections: dict[str, Section] = {}
    section_lines: dict[str, int | None] = {}
    for line, table in _tables(data, "section", path, text, problems):
        s = _fields(table, "section", ("key", "heading", "direction"), ("parent",), path, line, problems)
        if s is None:
            continue
        if s["key"] in sections:
            first = section_lines[s["key"]]
            where = f" (first on line {first})" if first else ""
            problems.append(Problem(str(path), f"[[section]] key {s['key']!r} is used twice{where}", line=line))
            continue
        sections[s["key"]] = Section(s["key"], s["heading"], s["parent"], s["direction"])
        section_lines[s["key"]] = line
    refs = []
    for line, table in _tables(data, "reference", path, text, problems):
        number = table.get("number")
        r = _fields(table, "reference", ("authors", "year", "title", "journal"), ("volume", "issue", "pages"),
                    path, line, problems)
        if number is None:
            problems.append(Problem(str(path), "[[reference]] lacks 'number'", line=line))
        elif isinstance(number, bool) or not isinstance(number, int | str) or not str(number).isdecimal():
            problems.append(Problem(str(path), f"[[reference]] number must be an integer, not {number!r}", line=line))
        elif r is not None:
            refs.append(Reference(int(number), r["authors"], r["year"], r["title"], r["journal"],
                                  r["volume"], r["issue"], r["pages"]))
    review: dict[str, str] = {}
    for key, value in tables["review"].items():
        if isinstance(value, str):
            review[key] = value
        else:
            problems.append(Problem(str(path), f"[review] {key} must be a string (in quotes), not {value!r}"))
    return onto, review, sections, refs


def normalize_text(text: str) -> str:
    """Fold whitespace and re-join words hyphenated across a line break, to compare excerpts.

    >>> normalize_text("promotes os-\\n\\nteoclastogenesis  by")
    'promotes osteoclastogenesis by'
    """
    text = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", text)
    return " ".join(text.split())


def check_excerpts(claims: list[Claim], review_text: str, path: Path, problems: list[Problem]) -> None:
    """Every excerpt must stand verbatim in the review (after :func:`normalize_text`)."""
    haystack = normalize_text(review_text)
    col = CLAIM_COLUMNS.index("excerpt") + 1
    for c in claims:
        if normalize_text(c.excerpt) not in haystack:
            problems.append(Problem(str(path), f"{c.id}: excerpt not found in the review: {c.excerpt!r}",
                                    line=c.line, column=col, field="excerpt"))


_OBO_TERM = re.compile(r"http://purl\.obolibrary\.org/obo/([A-Za-z]+)_(\d+)")


def read_logical_definitions(path: Path, problems: list[Problem]) -> LogicalDefinitions | None:
    """Parse ``logical-definitions.ttl`` (once, with rdflib, relative IRIs against the file's URI); None
    when the file is absent. Malformed Turtle or text that is not UTF-8 goes to ``problems`` with the line
    the parser stopped at, and gives None."""
    if not path.is_file():
        return None
    text = _read_text(path, problems)
    if text is None:
        return None
    try:
        graph = Graph().parse(data=text, format="turtle", publicID=path.absolute().as_uri())
    except Exception as exc:  # rdflib's parsers raise several types; all mean malformed Turtle
        line = getattr(exc, "lines", None)  # rdflib's BadSyntax: the 0-based line it stopped at
        problems.append(Problem(str(path), f"malformed Turtle: {exc}",
                                line=line + 1 if isinstance(line, int) else None))
        return None
    lines = text.split("\n")  # lines end at LF only, as the Turtle parser counts them
    return LogicalDefinitions(path, graph, tuple(lines[:-1] if lines[-1] == "" else lines))


def load_source(directory: Path) -> Source:
    """Read the curated source in ``directory`` (terms.tsv, claims.tsv, metadata.toml, logical-definitions.ttl
    and, when present, review.txt, against which every excerpt is checked); raise :class:`BBAOError`
    listing every problem found, each with its file and, where it has one, line (a file that is not UTF-8
    text included: a leading UTF-8 byte-order mark is dropped)."""
    problems: list[Problem] = []
    onto, review, sections, refs = read_metadata(directory / "metadata.toml", problems)
    terms = read_terms(directory / "terms.tsv", problems)
    claims = read_claims(directory / "claims.tsv", sections, problems)
    review_path = directory / "review.txt"
    review_text = _read_text(review_path, problems) if review_path.is_file() else None
    if review_text is not None:
        check_excerpts(claims, review_text, directory / "claims.tsv", problems)
    logical = read_logical_definitions(directory / LOGICAL_DEFINITIONS, problems)
    if problems:
        raise BBAOError(problems)
    return Source(directory, terms, claims, onto, review, sections, refs, review_text,
                  logical.curies() if logical else (), logical=logical)
