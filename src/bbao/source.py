"""Read and check the curated source: ``terms.tsv``, ``claims.tsv``, ``metadata.toml`` and
``logical-definitions.ttl``.

Curators edit only these files (ROBOT-template style tables, and one Turtle file for the axioms a table
cannot hold). Every defect is reported with the file, line and column, and all defects are collected
before failing, so one run shows every mistake. The allowed relations, signs, sites and developmental
stages come from :mod:`bbao.model`.
"""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from bbao.errors import BBAOError, Problem
from bbao.model import ALLOWED_RELATIONS, CURIE_FIELDS, DEVELOPMENTAL_STAGES, SIGNS, SITES
from bbao.prefixes import CurieError, expand

TERM_COLUMNS = (
    "id", "type", "label", "parent", "definition", "definition_source", "exact_synonyms",
    "related_synonyms", "mappings", "axioms", "comment",
)
CLAIM_COLUMNS = (
    "id", "subject", "relation", "object", "sign", "receptor", "mediator", "anatomical_context",
    "cell_context", "taxon", "disease_context", "developmental_context", "site", "cotreatment",
    "evidence", "section", "excerpt", "comment",
)
#: The ``type`` column: a term BBAO mints (class, object or annotation property) or an external one it annotates.
TERM_TYPES = ("class", "object_property", "annotation_property", "external")
#: The mapping predicates of the ``mappings`` column.
SKOS_MAPPINGS = ("skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch", "skos:relatedMatch")
#: What a ``definition_source`` may be: a DOI, a PubMed ID, a URL, or the curators.
DEFINITION_SOURCE = re.compile(r"(doi:10\.\d{4,9}/\S+|BBAO:curators|PMID:\d+|https?://\S+)")
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
    receptor: tuple[str, ...] = ()
    mediator: tuple[str, ...] = ()
    anatomical_context: tuple[str, ...] = ()
    cell_context: tuple[str, ...] = ()
    taxon: tuple[str, ...] = ()
    disease_context: tuple[str, ...] = ()
    developmental_context: tuple[str, ...] = ()
    site: tuple[str, ...] = ()
    cotreatment: tuple[str, ...] = ()
    comment: str = ""
    line: int = 0

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


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


class _Reader:
    """Reads one TSV file, keeping line numbers, and records problems against cells."""

    def __init__(self, path: Path, columns: tuple[str, ...], problems: list[Problem]) -> None:
        self.path = path
        self.name = str(path)
        self.columns = columns
        self.problems = problems

    def rows(self) -> list[tuple[int, dict[str, str]]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.problems.append(Problem(self.name, "file not found"))
            return []
        except UnicodeDecodeError as exc:
            self.problems.append(Problem(self.name, f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
            return []
        lines = text.splitlines()
        if not lines:
            self.problems.append(Problem(self.name, "empty file: expected a header row", line=1))
            return []
        header = next(csv.reader([lines[0]], delimiter="\t"))
        missing = [c for c in self.columns if c not in header]
        if missing:
            self.problems.append(Problem(self.name, f"header lacks column(s) {', '.join(missing)}", line=1))
            return []
        out = []
        for number, cells in enumerate(csv.reader(lines[1:], delimiter="\t"), start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                self.problems.append(Problem(self.name, f"{len(cells)} cells but the header has {len(header)}",
                                             line=number))
                continue
            cells += [""] * (len(header) - len(cells))
            out.append((number, {h: v.strip() for h, v in zip(header, cells, strict=True)}))
        return out

    def col(self, name: str) -> int:
        return self.columns.index(name) + 1

    def problem(self, line: int, name: str, message: str) -> None:
        self.problems.append(Problem(self.name, message, line=line, column=self.col(name), field=name))

    def curie(self, line: int, name: str, value: str) -> str | None:
        try:
            expand(value)
        except CurieError as exc:
            self.problem(line, name, str(exc))
            return None
        return value

    def curies(self, line: int, name: str, value: str) -> tuple[str, ...]:
        return tuple(v for v in _split(value) if self.curie(line, name, v))


def read_terms(path: Path, problems: list[Problem]) -> list[Term]:
    """The rows of ``terms.tsv`` that pass their checks; each defect is appended to ``problems`` (file,
    line, column) and its row left out."""
    reader = _Reader(path, TERM_COLUMNS, problems)
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
            if not DEFINITION_SOURCE.fullmatch(row["definition_source"]):
                reader.problem(line, "definition_source",
                               f"{tid} needs a definition source (doi:..., PMID:..., URL or BBAO:curators)")
            if not row["parent"] and kind != "annotation_property":
                reader.problem(line, "parent", f"{tid} has no parent")
            if kind == "class" and not row["mappings"]:
                reader.problem(line, "mappings", f"{tid} needs a SKOS mapping to a public term")
        parent = reader.curie(line, "parent", row["parent"]) if row["parent"] else ""
        mappings = []
        for item in _split(row["mappings"]):
            pred, _, target = item.partition(" ")
            if pred not in SKOS_MAPPINGS:
                reader.problem(line, "mappings", f"mapping predicate {pred!r} is not one of {', '.join(SKOS_MAPPINGS)}")
            elif reader.curie(line, "mappings", target.strip()):
                mappings.append((pred, target.strip()))
        axioms = []
        for item in _split(row["axioms"]):
            rel, _, target = item.partition(" ")
            if reader.curie(line, "axioms", rel) and reader.curie(line, "axioms", target.strip()):
                axioms.append((rel, target.strip()))
        terms.append(
            Term(
                id=tid, type=kind, label=row["label"], parent=parent or "",
                definition=row["definition"], definition_source=row["definition_source"],
                exact_synonyms=_split(row["exact_synonyms"]), related_synonyms=_split(row["related_synonyms"]),
                mappings=tuple(mappings), axioms=tuple(axioms), comment=row["comment"], line=line,
            )
        )
    return terms


def read_claims(path: Path, sections: dict[str, Section], problems: list[Problem]) -> list[Claim]:
    """The rows of ``claims.tsv`` that pass their checks (allowed relation and matching sign, ECO evidence,
    known section, values of :data:`bbao.model.SITES` and :data:`bbao.model.DEVELOPMENTAL_STAGES`); each
    defect is appended to ``problems`` and its row left out."""
    reader = _Reader(path, CLAIM_COLUMNS, problems)
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
        site = _split(row["site"])
        if any(s not in SITES for s in site):
            reader.problem(line, "site", f"{cid}: site must be among {', '.join(SITES)}")
            ok = False
        dev = _split(row["developmental_context"])
        if any(d not in DEVELOPMENTAL_STAGES for d in dev):
            reader.problem(line, "developmental_context",
                           f"{cid}: developmental context must be among {', '.join(DEVELOPMENTAL_STAGES)}")
            ok = False
        fields = {name: reader.curies(line, name, row[name]) for name in CURIE_FIELDS if name != "evidence"}
        if not ok:
            continue
        claims.append(
            Claim(
                id=cid, subject=row["subject"], relation=relation, object=row["object"], sign=sign,
                section=row["section"], excerpt=row["excerpt"], evidence=evidence,
                developmental_context=dev, site=site, comment=row["comment"], line=line, **fields,
            )
        )
    return claims


def read_metadata(
    path: Path, problems: list[Problem],
) -> tuple[dict[str, object], dict[str, str], dict[str, Section], list[Reference]]:
    """``metadata.toml``: the ``[ontology]`` table, the ``[review]`` table, the sections by key and the
    references. Missing keys, a version that is not a date and malformed TOML go to ``problems``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(Problem(str(path), "file not found"))
        return {}, {}, {}, []
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(str(path), f"malformed TOML: {exc}"))
        return {}, {}, {}, []
    onto = data.get("ontology", {})
    for key in ("iri", "version", "version_iri_template", "title", "description", "license", "creators", "source_doi"):
        if not onto.get(key):
            problems.append(Problem(str(path), f"[ontology] lacks {key!r}"))
    if onto.get("version") and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(onto["version"])):
        problems.append(Problem(str(path), f"[ontology] version {onto['version']!r} must be a date YYYY-MM-DD"))
    sections = {}
    for s in data.get("section", []):
        try:
            sections[s["key"]] = Section(s["key"], s["heading"], s.get("parent", ""), s["direction"])
        except KeyError as exc:
            problems.append(Problem(str(path), f"[[section]] lacks {exc}"))
    refs = []
    for r in data.get("reference", []):
        try:
            refs.append(Reference(int(r["number"]), r["authors"], r["year"], r["title"], r["journal"],
                                  r.get("volume", ""), r.get("issue", ""), r.get("pages", "")))
        except KeyError as exc:
            problems.append(Problem(str(path), f"[[reference]] lacks {exc}"))
    return onto, data.get("review", {}), sections, refs


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
    try:
        text = path.read_text(encoding="utf-8")
        graph = Graph().parse(data=text, format="turtle", publicID=path.absolute().as_uri())
    except UnicodeDecodeError as exc:
        problems.append(Problem(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
        return None
    except Exception as exc:  # rdflib's parsers raise several types; all mean malformed Turtle
        line = getattr(exc, "lines", None)  # rdflib's BadSyntax: the 0-based line it stopped at
        problems.append(Problem(str(path), f"malformed Turtle: {exc}",
                                line=line + 1 if isinstance(line, int) else None))
        return None
    return LogicalDefinitions(path, graph, tuple(text.splitlines()))


def load_source(directory: Path) -> Source:
    """Read the curated source in ``directory`` (terms.tsv, claims.tsv, metadata.toml, logical-definitions.ttl
    and, when present, review.txt, against which every excerpt is checked); raise :class:`BBAOError`
    listing every problem found."""
    problems: list[Problem] = []
    onto, review, sections, refs = read_metadata(directory / "metadata.toml", problems)
    terms = read_terms(directory / "terms.tsv", problems)
    claims = read_claims(directory / "claims.tsv", sections, problems)
    review_path = directory / "review.txt"
    review_text = review_path.read_text(encoding="utf-8") if review_path.is_file() else None
    if review_text is not None:
        check_excerpts(claims, review_text, directory / "claims.tsv", problems)
    logical = read_logical_definitions(directory / LOGICAL_DEFINITIONS, problems)
    if problems:
        raise BBAOError(problems)
    return Source(directory, terms, claims, onto, review, sections, refs, review_text,
                  logical.curies() if logical else (), logical=logical)
