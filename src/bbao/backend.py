"""What a query backend is: the interface every SPARQL engine of BBAO implements, and what it answers with.

The engines (:mod:`bbao.store`: Oxigraph, rdflib, a remote endpoint; :mod:`bbao.columnar`: maplib) all
import this module and none imports another's, so there is no import cycle between them. A backend
evaluates a SELECT query and returns :data:`Solutions`, whose cells are pyoxigraph terms built by
:func:`make_term` from an engine's own parts (SPARQL JSON results, maplib's columns), or converted from
rdflib terms by :func:`bbao.rdfterms.to_oxigraph`.

>>> make_term("literal", "chat", language="fr")
<Literal value=chat language=fr>
>>> values_clause({"x": "http://purl.obolibrary.org/obo/GO_0001649"})
'\\nVALUES (?x) { (<http://purl.obolibrary.org/obo/GO_0001649>) }\\n'

Before any engine evaluates a user's query, :func:`check_query` reads it with rdflib's SPARQL 1.1 parser and
algebra (:func:`read_query`) and refuses what that engine must not or cannot do (:data:`REFUSALS`): a
``SERVICE`` clause on every engine (nothing is fetched), named graphs on engines that have none, the
operations maplib 0.20 gets wrong. The features are read from the algebra, never from the text, so a
comment or a string that mentions ``SERVICE`` is no SERVICE clause:

>>> read_query('# SERVICE <http://x/> { } ?\\nSELECT ?s WHERE { ?s ?p "SERVICE <http://x/> {}" }').services
()
>>> read_query("SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }").services
('<http://x/sparql>',)

Where SPARQL leaves a choice to the engine, answers are made comparable with Oxigraph's: the text of a typed
literal is Oxigraph's (:func:`oxigraph_lexical`), and an ORDER BY over terms of several kinds, which each
engine orders its own way, is put in Oxigraph's order (:func:`needs_oxigraph_order`, :func:`oxigraph_order`).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

import pyoxigraph

from bbao.errors import BBAOError, Problem, QuerySyntaxError, query_syntax_error
from bbao.rdfterms import OxigraphTerm

__all__ = [
    "EMBEDDED",
    "Backend",
    "OrderKey",
    "QueryShape",
    "RenderingBackend",
    "Solutions",
    "Term",
    "TermKind",
    "answer_order",
    "as_oxigraph_writes",
    "bound_text",
    "check_query",
    "evaluated_text",
    "keyword_lines",
    "keyword_offsets",
    "make_term",
    "needs_oxigraph_order",
    "order_clause",
    "oxigraph_lexical",
    "oxigraph_order",
    "parameter_problems",
    "read_query",
    "substituted_text",
    "values_clause",
]

#: One cell of an answer: a pyoxigraph IRI, blank node or literal.
Term = OxigraphTerm
#: Result of a SELECT: the projected variable names, and one row of terms (None: unbound) per solution.
Solutions = tuple[list[str], list[list[Term | None]]]
#: What kind of term :func:`make_term` builds.
TermKind = Literal["iri", "bnode", "literal"]
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@runtime_checkable
class Backend(Protocol):
    """Evaluates a SPARQL SELECT query over BBAO.

    ``bindings`` maps variable names to absolute IRIs that the caller has already validated; a backend
    binds them without ever splicing user text into the query. ``select`` returns :data:`Solutions` in the
    query's projection order; it raises :class:`bbao.errors.QuerySyntaxError` for a query the engine cannot
    parse and :class:`bbao.errors.BBAOError` for one it cannot evaluate or that is not a SELECT query.
    """

    name: str

    def select(self, query: str, bindings: Mapping[str, str]) -> Solutions:
        """The answer to ``query`` with ``bindings`` applied (see the class)."""
        ...


@runtime_checkable
class RenderingBackend(Backend, Protocol):
    """A backend that can also give the answer already as text, when it makes that faster than a term per
    cell (the columnar one): :func:`bbao.query.run` then prints what ``rendered`` returns."""

    def rendered(self, query: str, bindings: Mapping[str, str],
                 iri: Callable[[str], str]) -> tuple[list[str], list[list[str]]]:
        """The answer as :func:`bbao.query.run` prints it: IRIs through ``iri``, blank nodes as ``_:id``,
        literals as their lexical form, unbound cells as empty strings; raises as ``select`` does."""
        ...


def make_term(kind: TermKind, value: str, *, datatype: str | None = None, language: str | None = None) -> Term:
    """The pyoxigraph term of an answer's cell, from its parts: its kind, its value (an IRI, a blank node
    label, or a literal's lexical form) and, for a literal, its datatype IRI or language tag (neither: an
    ``xsd:string``). Every backend that does not get pyoxigraph terms from its engine builds them here.

    Raises :class:`ValueError` for an invalid IRI, blank node label or language tag (pyoxigraph's checks).

    >>> make_term("literal", "2", datatype="http://www.w3.org/2001/XMLSchema#integer").datatype.value
    'http://www.w3.org/2001/XMLSchema#integer'
    """
    if kind == "iri":
        return pyoxigraph.NamedNode(value)
    if kind == "bnode":
        return pyoxigraph.BlankNode(value)
    if language:
        return pyoxigraph.Literal(value, language=language)
    return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(datatype) if datatype else None)


def values_clause(bindings: Mapping[str, str]) -> str:
    """A trailing SPARQL 1.1 ``VALUES`` clause that binds each variable of ``bindings`` to its IRI, for an
    engine that takes bindings only in the query text (a remote endpoint, maplib); ``""`` for none.

    The values never travel as raw user text: each is parsed as an absolute IRI by pyoxigraph (which
    rejects spaces, ``<``, ``>``, ``"``, ``{``, ``}`` and every other character that could end the IRI,
    raising :class:`ValueError`) and written back in N-Triples form ``<...>``. A variable name that is not
    a SPARQL variable name raises :class:`bbao.errors.BBAOError`. A trailing VALUES clause is joined with
    the query's solutions, which binds a variable the query projects the same way as substitution.
    """
    if not bindings:
        return ""
    names = list(bindings)
    for name in names:
        if not _VARIABLE.fullmatch(name):
            raise BBAOError(f"not a SPARQL variable name: {name!r}")
    iris = " ".join(str(pyoxigraph.NamedNode(bindings[n])) for n in names)
    return f"\nVALUES ({' '.join('?' + n for n in names)}) {{ ({iris}) }}\n"


def bound_text(query: str, bindings: Mapping[str, str], *, join_first: bool = False) -> str:
    """``query`` with ``bindings`` (variable name -> absolute IRI) written into its text, for an engine that
    takes bindings only in the text (a remote endpoint, maplib); ``query`` itself for none. Raises as
    :func:`values_clause`, which checks every name and IRI first.

    The meaning is SPARQL-dev SEP-0007's (and, but for BOUND and BIND of a variable that no triple pattern uses,
    that of Oxigraph's ``substitutions``): the query is evaluated as if the variable were bound to the IRI from
    the start, everywhere it is in scope (in OPTIONAL, MINUS and FILTER (NOT) EXISTS groups, in FILTER and BIND
    expressions, in subqueries that project it, before their LIMIT), and every answer row carries it. A subquery
    that does not project the variable has a variable of its own of that name, which is left alone. So each
    occurrence in scope is replaced by the IRI and ``BOUND(?x)`` by ``true``, and the variable is given back to
    the projection, ORDER BY and GROUP BY by ``BIND (<IRI> AS ?x)`` at the end of the WHERE group (of the query,
    and of each subquery projecting it), or at its start where a group inside already gives it (an inner
    subquery) or a MINUS needs it (:func:`_substitution`). Constants are also what the engines here plan well
    and evaluate right: Oxigraph does not carry a VALUES binding into the branches of a UNION
    (``mechanism-paths`` on an Oxigraph server took 1.5-3 s with a block and 6 ms substituted, 2026-11-30).

    Where the variable is bound by a join before any OPTIONAL, MINUS, EXISTS, LIMIT-cut subquery or expression
    uses it (:func:`_joined`) and a subquery projects it, a ``VALUES`` block at the start of the group that first
    binds it means the same and is used instead: Virtuoso 7.2 drops a row of ``bone-process-regulators`` with the
    IRI substituted into it, and gets VALUES blocks wrong inside UNION branches and DISTINCT subqueries. With
    ``join_first`` (for maplib, which ignores a triple pattern left without variables) that block is used
    wherever it means the same.

    Where the query itself gives the variable a value (``BIND (... AS ?x)``, ``(... AS ?x)``, a ``VALUES``
    block), no constant can stand in its place (:func:`parameter_problems` tells why; ``bbao query`` refuses
    such a parameter); the binding is then joined with the query's solutions as a trailing ``VALUES`` clause
    would be (SPARQL 1.1 §18.2.4.3), placed at the start of the first group that binds the variable by a join
    (inward through plain subqueries).

    >>> print(bound_text("SELECT ?x { { ?x ?p ?o } UNION { ?o ?p ?x } FILTER(?x != <urn:b>) }", {"x": "urn:a"}))
    SELECT ?x { { <urn:a> ?p ?o } UNION { ?o ?p <urn:a> } FILTER(<urn:a> != <urn:b>)  BIND (<urn:a> AS ?x) }
    >>> print(bound_text("SELECT ?o ?x { ?s ?p ?o OPTIONAL { ?o ?q ?x } FILTER(!BOUND(?x)) }", {"x": "urn:a"}))
    SELECT ?o ?x { ?s ?p ?o OPTIONAL { ?o ?q <urn:a> } FILTER(!true)  BIND (<urn:a> AS ?x) }
    >>> print(bound_text("SELECT ?x { { SELECT ?x { ?x ?p ?o } LIMIT 2 } }", {"x": "urn:a"}).strip())
    SELECT ?x { BIND (<urn:a> AS ?x)  { SELECT ?x { <urn:a> ?p ?o  BIND (<urn:a> AS ?x) } LIMIT 2 } }
    >>> print(bound_text("SELECT ?x { BIND (<urn:a> AS ?x) }", {"x": "urn:b"}).strip())
    SELECT ?x { BIND (<urn:a> AS ?x) }
    VALUES (?x) { (<urn:b>) }
    """
    return _bound(query, bindings, substitute_only=False, join_first=join_first) or query


def substituted_text(query: str, bindings: Mapping[str, str]) -> str | None:
    """``query`` with every binding of ``bindings`` substituted as :func:`bound_text` substitutes it, or None when
    the query itself gives one of the variables a value (``AS``, ``VALUES``), where no constant can stand in for
    it. Oxigraph and rdflib evaluate this text: rdflib's own ``initBindings`` bind the variable inside subqueries
    that do not project it and let a ``BIND`` overwrite it; Oxigraph's own ``substitutions`` leave ``BOUND(?x)``
    false and ``BIND (?x AS ?w)`` empty where no triple pattern uses ``?x``. Raises as :func:`bound_text`.

    >>> substituted_text("SELECT ?x { ?x ?p ?o }", {"x": "urn:a"})
    'SELECT ?x { <urn:a> ?p ?o  BIND (<urn:a> AS ?x) }'
    >>> substituted_text("SELECT ?x { ?s ?p ?o BIND (?o AS ?x) }", {"x": "urn:a"}) is None
    True
    """
    return _bound(query, bindings, substitute_only=True)


def _bound(query: str, bindings: Mapping[str, str], *, substitute_only: bool, join_first: bool = False) -> str | None:
    """:func:`bound_text`, or with ``substitute_only`` :func:`substituted_text`."""
    if not bindings:
        return query
    values_clause(bindings)  # every name and IRI checked before anything is placed
    root = _groups(query)
    edits: list[tuple[int, int, str]] = []  # (offset, characters replaced, text put there)
    places: dict[int, list[str]] = {}
    trailing: dict[str, str] = {}
    for name in bindings:
        iri = str(pyoxigraph.NamedNode(bindings[name]))
        group = None if name in root.computed or root.where is None else _binding_group(root.where, name)
        if not substitute_only and group is not None and root.where is not None \
                and (join_first or not _substitutable(root.where, name)) and _joined(root.where, name):
            places.setdefault(group.start, []).append(name)  # the form Virtuoso 7.2 answers right here
            continue
        substituted = _substitution(root, name, iri) if root.where is not None else None
        if substituted is not None and root.where is not None:
            edits += substituted[0]
            edits.append(_bind_again(root.where, f"BIND ({iri} AS ?{name})", substituted[1]))
            continue
        if substitute_only:
            return None
        if group is None:
            trailing[name] = bindings[name]
        else:
            places.setdefault(group.start, []).append(name)
    for start, names in places.items():
        edits.append((start, 0, " " + values_clause({name: bindings[name] for name in names}).strip()))
    text = query
    for offset, length, insert in sorted(edits, key=lambda edit: edit[0], reverse=True):
        text = text[:offset] + insert + text[offset + length:]
    return text + values_clause(trailing)


def parameter_problems(query: str, names: Iterable[str]) -> list[str]:
    """Why each variable of ``names`` cannot be a parameter of ``query``: it is not projected (Oxigraph refuses to
    bind it), or the query gives it a value itself (``BIND (... AS ?x)``, ``(... AS ?x)``, a ``VALUES`` block),
    where no binding can mean what it means elsewhere. ``[]`` when every one can.

    >>> parameter_problems("SELECT ?y { ?x ?p ?y }", ["x"])
    ['?x is not a variable the query projects (SELECT); a parameter binds one that it does']
    >>> parameter_problems("SELECT ?x { ?s ?p ?o BIND (?o AS ?x) }", ["x"])
    ['?x is given its value by the query itself (BIND, AS or VALUES), so it cannot be a parameter']
    """
    root = _groups(query)
    problems = []
    for name in names:
        if not _projects(root, name):
            problems.append(f"?{name} is not a variable the query projects (SELECT); a parameter binds one that "
                            "it does")
        elif _substitution(root, name, "<urn:bbao:parameter>") is None:  # a value of its own: no constant fits
            problems.append(f"?{name} is given its value by the query itself (BIND, AS or VALUES), so it cannot be "
                            "a parameter")
    return problems


def _substitutable(group: _Group, name: str) -> bool:
    """Whether the variable ``name`` occurs in ``group`` (a WHERE group) only in plain, UNION, GRAPH and FILTER (NOT)
    EXISTS groups (in no OPTIONAL, MINUS, VALUES or SERVICE group, no subquery, and not as the target of ``AS``,
    of a ``VALUES`` block or the argument of ``BOUND``): the queries whose substituted text Virtuoso 7.2 answers
    right (every bundled query's parameter but those that :func:`_joined` places)."""
    for _, item, role in group.items:
        if not isinstance(item, _Group):
            if item == name and role in ("bind", "bound"):
                return False
            continue
        if item.subquery:
            if _projects(item, name):
                return False
        elif item.position in ("optional", "minus", "values", "service"):
            if _in_scope(item, name):
                return False
        elif not _substitutable(item, name):
            return False
    return True


def _joined(group: _Group, name: str) -> bool:
    """Whether, once :func:`_binding_group` has found where the variable ``name`` is first bound by a join, a
    ``VALUES`` block there means what a substitution means (Oxigraph's, see :func:`bound_text`): the binding then
    reaches every later occurrence through the joins. Not so in a subquery cut by LIMIT or OFFSET (cut before
    the join), in a group that reads the variable in an expression without binding it itself (evaluated
    before the join, it sees the variable unbound), nor, to be safe, in OPTIONAL, MINUS and FILTER (NOT) EXISTS
    groups (an OPTIONAL inside a MINUS leaves it unbound where Oxigraph has it bound). Looks through ``group``
    (a WHERE group), the groups in it and the subqueries projecting ``name``."""
    reads = any(item == name and role in ("expr", "bound") for _, item, role in group.items)
    binds = any(item == name and role == "use" for _, item, role in group.items)
    if reads and not binds:
        return False
    for _, item, _ in group.items:
        if not isinstance(item, _Group):
            continue
        if item.subquery:
            if not _projects(item, name):
                continue  # a variable of its own
            if item.cut or item.where is None or not _joined(item.where, name):
                return False
        elif item.position in ("optional", "minus", "exists"):
            if _in_scope(item, name):
                return False
        elif not _joined(item, name):
            return False
    return True


def _substitution(scope: _Group, name: str, iri: str) -> tuple[list[tuple[int, int, str]], bool] | None:
    """The edits that put ``iri`` (written ``<...>``) in place of the variable ``name`` wherever it is in scope in
    the WHERE group of ``scope`` (the query, or a subquery projecting it; see :func:`bound_text`), as (offset,
    characters replaced, text), and whether ``name`` must be bound again at the start of that group rather than
    at its end (see :func:`_bind_again`); None where no constant can stand in for it (it is the target of ``AS``
    or of a ``VALUES`` block in scope).

    A MINUS group that uses the variable keeps it as a variable bound to the IRI on both sides (``BIND`` at the
    start of the MINUS group and of the group it is in): MINUS removes only solutions that share a variable, and
    with the IRI in place the two sides would share none (SEP-0007, issue 4)."""
    if name in scope.computed or any(item == name and role == "bind" for _, item, role in scope.items):
        return None
    bind = f"BIND ({iri} AS ?{name})"
    edits: list[tuple[int, int, str]] = []
    front: set[int] = set()  # the starts of the groups that get the BIND at their start
    inner = False
    pending: list[_Group] = [scope.where] if scope.where is not None else []
    while pending:
        group = pending.pop()
        for offset, item, role in group.items:
            if isinstance(item, _Group):
                if not item.subquery:
                    pending.append(item)
                    if item.position == "minus" and _in_scope(item, name):
                        front.update((item.start, group.start))
                elif _projects(item, name):
                    found = _substitution(item, name, iri)
                    if found is None or item.where is None:
                        return None
                    edits += found[0]
                    edits.append(_bind_again(item.where, bind, found[1]))
                    inner = inner or item.position not in ("minus", "exists")
                continue
            if item != name:
                continue
            if role == "bind":
                return None
            if role == "bound":
                start, end = group.calls[offset]
                edits.append((start, end - start, "true"))
            else:
                edits.append((offset, len(name) + 1, iri))
    where = scope.where.start if scope.where is not None else -1
    edits += [(start, 0, f" {bind} ") for start in sorted(front) if start != where]
    return edits, inner or bool(front)  # a BIND in a group inside puts the variable in scope here too


def _bind_again(where: _Group, bind: str, front: bool) -> tuple[int, int, str]:
    """The edit that binds the substituted variable again in the WHERE group ``where`` (``bind`` is its ``BIND``):
    at the end of the group, where the engines here plan it best, or at its start when an inner subquery gives
    the variable to the group (a BIND after it would bind it twice) or a MINUS in it needs it bound."""
    return (where.start, 0, f" {bind} ") if front else (where.end, 0, f" {bind} ")


def _projects(subquery: _Group, name: str) -> bool:
    """Whether ``subquery`` projects the variable ``name``: names it in its SELECT (or computes it there), or selects
    ``*`` and binds it in its WHERE group (in a triple pattern, GRAPH, BIND or VALUES, or an inner subquery projecting
    it; not only in an expression, a MINUS or a FILTER (NOT) EXISTS group: SPARQL 1.1 §18.2.1)."""
    if subquery.projected is not None:
        return name in subquery.projected or name in subquery.computed
    return subquery.where is not None and _binds(subquery.where, name)


def _binds(group: _Group, name: str) -> bool:
    """Whether ``group`` puts the variable ``name`` in scope (see :func:`_projects`)."""
    for _, item, role in group.items:
        if isinstance(item, _Group):
            if item.subquery:
                if _projects(item, name):
                    return True
            elif item.position not in ("minus", "exists", "values") and _binds(item, name):
                return True
        elif item == name and role in ("use", "bind"):
            return True
    return False


def _in_scope(group: _Group, name: str) -> bool:
    """Whether the variable ``name`` of the group around ``group`` occurs in it (not in a subquery that does not
    project it)."""
    for _, item, _ in group.items:
        if isinstance(item, _Group):
            if not item.subquery:
                if _in_scope(item, name):
                    return True
            elif _projects(item, name):
                return True
        elif item == name:
            return True
    return False


@dataclass
class _Group:
    """One ``{ ... }`` of a query's text (:func:`_groups`): the offset after its ``{``; how it is joined to
    the group around it (``position``: ``group``, ``union``, ``optional``, ``minus``, ``exists``, ``graph``,
    ``service``, ``values``; ``query`` for the whole query); its own variables and groups in the order of
    the text (``items``: offset, variable name or group, and its role: ``use`` in a triple pattern or GRAPH,
    ``expr`` inside parentheses (an expression), ``bound`` as the argument of ``BOUND``, ``bind`` as the
    target of ``AS`` or of a ``VALUES`` block, or ``group``). A subquery (and the whole query) also has the
    variables its SELECT projects as they are (``projected``; None for ``*``) and computes (``computed``,
    ``(... AS ?x)``), whether LIMIT or OFFSET cuts it, whether it is DISTINCT or REDUCED (``distinct``), and its
    WHERE group; ``end`` is the offset of its closing ``}``; ``calls`` gives, for the offset of each ``bound``
    variable, where its ``BOUND ( ?x )`` starts and ends."""

    start: int
    position: str
    items: list[tuple[int, str | _Group, str]] = field(default_factory=list)
    subquery: bool = False
    projected: set[str] | None = field(default_factory=set)
    computed: set[str] = field(default_factory=set)
    cut: bool = False
    distinct: bool = False
    where: _Group | None = None
    parentheses: int = 0
    end: int = 0
    calls: dict[int, tuple[int, int]] = field(default_factory=dict)


_GROUP_KEYWORDS = ("OPTIONAL", "MINUS", "EXISTS", "GRAPH", "SERVICE", "VALUES")


#: The tokens :func:`_tokens` reads, and what it steps over whole: comments, strings, IRIs, language tags (``@as`` is
#: no AS), prefixed names with their escapes (``:p\#q``, ``:p\?x``). ``<`` starts an IRI only where one can start (a
#: scheme, or a relative IRI without ``( ? $ & = !``), so that ``STR(?o)<STR(?x)&&...>`` stays a comparison.
_TOKEN = re.compile(r"""
    (?P<skip>\#[^\n]*
      | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\" | '''(?:[^'\\]|\\.|'(?!''))*'''
      | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
      | <(?:[A-Za-z][A-Za-z0-9+.\-]*:[^<>"{}|^`\\\x00-\x20]*|[^<>"{}|^`\\\x00-\x20()?$&=!]*)>
      | @[A-Za-z]+(?:-[A-Za-z0-9]+)*
      | (?:[^\W\d_][\w.\-\u00b7]*)?:(?:[\w.\-:%\u00b7]|\\[_~.\-!$&'()*+,;=/?\#@%])*)
    | [?$](?P<var>[\w\u00b7]+)
    | (?P<word>[^\W\d]\w*)
    | (?P<punctuation>[{}()*])
    """, re.VERBOSE)
_WORDS = frozenset({"SELECT", "WHERE", "UNION", "AS", "LIMIT", "OFFSET", "DISTINCT", "REDUCED", "BOUND",
                    *_GROUP_KEYWORDS})


def _tokens(query: str) -> list[tuple[str, str, int]]:
    """The tokens of ``query`` that say how its groups nest and what they bind, as (kind, text, offset):
    ``var`` (the name), ``keyword`` (upper case), and ``{``, ``}``, ``(``, ``)``, ``*``. Comments,
    strings, IRIs and prefixed names are stepped over whole, as SPARQL's grammar reads them."""
    found = []
    for match in _TOKEN.finditer(query):
        if match.group("var"):
            found.append(("var", match.group("var"), match.start()))
        elif match.group("word") and match.group("word").upper() in _WORDS:
            found.append(("keyword", match.group("word").upper(), match.start()))
        elif match.group("punctuation"):
            found.append((match.group("punctuation"), match.group("punctuation"), match.start()))
    return found


def _groups(query: str) -> _Group:
    """The groups of ``query``'s text (:class:`_Group`), nested as written: the whole query (position
    ``query``) holds its WHERE group. Raises :class:`BBAOError` when its braces do not match."""
    root = _Group(0, "query", subquery=True)
    stack = [root]
    tokens = _tokens(query)
    pending: str | None = None
    previous = ""
    in_values_header = False  # between VALUES and its data block's "{"
    for index, (kind, text, offset) in enumerate(tokens):
        top = stack[-1]
        selecting = top.subquery and top.where is None
        if kind == "keyword" and text == "VALUES":
            in_values_header = True
        elif kind == "{":
            in_values_header = False
        if kind == "{":
            if selecting:
                top.where = _Group(offset + 1, "group")
                stack.append(top.where)
            else:
                following = tokens[index + 1] if index + 1 < len(tokens) else ("", "", 0)
                group = _Group(offset + 1, pending or "group", subquery=following[:2] == ("keyword", "SELECT"))
                top.items.append((offset, group, "group"))
                stack.append(group)
            pending = None
        elif kind == "}":
            if len(stack) == 1:
                raise BBAOError("the query's braces do not match")
            stack.pop().end = offset
        elif kind == "keyword" and text == "UNION":
            if top.items and isinstance(top.items[-1][1], _Group):
                top.items[-1][1].position = "union"
            pending = "union"
        elif kind == "keyword" and text in _GROUP_KEYWORDS:
            pending = text.lower()
        elif kind == "keyword" and text in ("LIMIT", "OFFSET") and top.subquery:
            top.cut = True
        elif kind == "keyword" and text in ("DISTINCT", "REDUCED") and selecting and top.parentheses == 0:
            top.distinct = True  # SELECT DISTINCT, not COUNT(DISTINCT ...)
        elif kind == "var" and selecting:
            if previous == "AS":
                top.computed.add(text)
            elif top.parentheses == 0 and top.projected is not None:
                top.projected.add(text)
        elif kind == "var":
            # ``AS ?x`` and ``VALUES ?x``/``VALUES (?x ...)`` bind it; ``BOUND(?x)`` needs a variable, not an IRI
            role = "bind" if previous == "AS" or in_values_header else "expr" if top.parentheses > 0 else "use"
            if role == "expr" and index >= 2 and tokens[index - 2][:2] == ("keyword", "BOUND") \
                    and index + 1 < len(tokens) and tokens[index + 1][0] == ")":
                role = "bound"
                top.calls[offset] = (tokens[index - 2][2], tokens[index + 1][2] + 1)
            top.items.append((offset, text, role))
        elif kind in "()" and not in_values_header:
            top.parentheses += 1 if kind == "(" else -1
        elif selecting and kind == "*" and top.parentheses == 0:
            top.projected = None
        previous = text if kind == "keyword" else kind
    if len(stack) != 1:
        raise BBAOError("the query's braces do not match")
    return root


def _mentions(group: _Group, name: str) -> bool:
    """Whether the variable ``name`` of the group around ``group`` occurs in it (a subquery: is projected)."""
    if group.subquery:
        return _projects(group, name)
    return any(_mentions(item, name) if isinstance(item, _Group) else item == name for _, item, _ in group.items)


def _binding_group(group: _Group, name: str) -> _Group | None:
    """The group at whose start a VALUES block binds ``name`` as a trailing one would (see
    :func:`bound_text`), looking from ``group`` inward; None when there is none."""
    for _, item, role in group.items:
        if not isinstance(item, _Group):
            if item == name:
                return None if role == "bind" else group
            continue
        if not _mentions(item, name) or item.position in ("minus", "exists"):
            continue  # MINUS and FILTER (NOT) EXISTS bind nothing
        if item.position == "optional":
            return None
        if item.subquery and item.position == "group" and not item.cut and not item.distinct \
                and item.where is not None and name not in item.computed:
            return _binding_group(item.where, name) or group
        return group
    return group

# --- The text of a typed literal, as Oxigraph writes it ------------------------------------------------------

XSD = "http://www.w3.org/2001/XMLSchema#"
#: Datatypes whose literals Oxigraph stores as values and writes back in its canonical form (``"2.50"`` as
#: ``2.5``, ``"1.0E2"`` as ``100``, ``"1"^^xsd:boolean`` as ``true``); other literals keep their text.
CANONICAL_DATATYPES = frozenset(XSD + name for name in (
    "integer", "decimal", "double", "float", "boolean", "date", "dateTime", "time"))
#: Oxigraph's xsd:decimal keeps 18 digits after the point and truncates a quotient there (2/3 is
#: 0.666666666666666666); rdflib's keeps 28 significant digits and rounds (0.6666666666666666666666666667).
DECIMAL_DIGITS = 18
_DECIMAL = re.compile(r"([+-]?[0-9]*)\.([0-9]+)")
_CANONICAL = pyoxigraph.Store()
_CANONICAL_LOCK = threading.Lock()
_ROW = pyoxigraph.NamedNode("urn:bbao:row")
_VALUE = pyoxigraph.NamedNode("urn:bbao:value")


def oxigraph_lexical(value: str, datatype: str) -> str:
    """The text Oxigraph gives a literal with lexical form ``value`` and datatype IRI ``datatype``: for the
    :data:`CANONICAL_DATATYPES` its canonical form (``2.5``, ``1``, ``100``, ``true``), read back from an
    Oxigraph store, which keeps these literals as values; a decimal with more than :data:`DECIMAL_DIGITS`
    digits after the point (rdflib's quotients) is first cut there, as Oxigraph computes it. Any other
    literal, and a value that does not fit its datatype, keeps its text. The engines that do not compute
    with Oxigraph (rdflib, maplib) print their literals through this, so that the same value prints alike.

    >>> [oxigraph_lexical(v, XSD + t) for v, t in (("2.50", "decimal"), ("1.0", "decimal"), ("3.0", "double"),
    ...                                            ("0.6666666666666666666666666667", "decimal"), ("x", "integer"))]
    ['2.5', '1', '3', '0.666666666666666666', 'x']
    """
    return _canonical(value, datatype) if datatype in CANONICAL_DATATYPES else value


@functools.lru_cache(maxsize=1 << 16)
def _canonical(value: str, datatype: str) -> str:
    """:func:`oxigraph_lexical` for a literal of the :data:`CANONICAL_DATATYPES` (numbers repeat down an
    answer's column, so each is computed once)."""
    if datatype == XSD + "decimal":
        match = _DECIMAL.fullmatch(value)
        if match and len(match.group(2)) > DECIMAL_DIGITS:
            value = f"{match.group(1)}.{match.group(2)[:DECIMAL_DIGITS]}"
    with _CANONICAL_LOCK:
        literal = pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(datatype))
        _CANONICAL.add(pyoxigraph.Quad(_ROW, _VALUE, literal))
        try:
            stored = next(iter(_CANONICAL.quads_for_pattern(_ROW, _VALUE, None))).object
        finally:
            _CANONICAL.clear()
    return stored.value if isinstance(stored, pyoxigraph.Literal) else value


def as_oxigraph_writes(term: Term | None) -> Term | None:
    """``term`` with its literal text as Oxigraph writes it (:func:`oxigraph_lexical`); other terms as they are."""
    if isinstance(term, pyoxigraph.Literal) and not term.language:
        text = oxigraph_lexical(term.value, term.datatype.value)
        if text != term.value:
            return pyoxigraph.Literal(text, datatype=term.datatype)
    return term


# --- What a query asks for, read before any engine evaluates it -------------------------------------------


@dataclass(frozen=True)
class OrderKey:
    """One condition of a query's ORDER BY: the variable it orders by (``None`` for an expression), whether
    it is descending, the one kind of term an expression always gives (``"string"``, ``"integer"``,
    ``"boolean"``, ``"iri"``; ``None`` when it may give several, or for a variable), and the variables
    it reads (an aggregate's result as ``__agg``)."""

    variable: str | None
    descending: bool
    kind: str | None
    reads: frozenset[str]


@dataclass(frozen=True)
class QueryShape:
    """What a query uses that some engine cannot do, read from its SPARQL algebra by :func:`read_query`.

    ``form`` is the algebra's query form (``SelectQuery``, ``AskQuery``...); ``projected`` the projected
    variables; ``services`` each SERVICE target as written (``<IRI>`` or ``?var``); ``graph``, ``dataset``
    (FROM or FROM NAMED) and ``division`` (the ``/`` operator) whether the query has one; ``aggregates``
    the SPARQL names of its aggregates (``COUNT``, ``GROUP_CONCAT``...); ``order`` the answer's ORDER BY
    and ``cut`` the OFFSET and LIMIT (None: no limit) that cut the ordered answer, if any;
    ``inner_orders`` the ORDER BY conditions of subqueries cut by a LIMIT or OFFSET (see
    :func:`needs_oxigraph_order`); ``prefixes`` the query's PREFIX and BASE declarations, as SPARQL;
    ``count_equality`` whether ``=``, ``!=``, IN or NOT IN compares a COUNT (or a variable bound to one);
    ``filter_beside_optional_variable_predicate`` whether a FILTER applies to a group whose OPTIONAL has a
    triple pattern with a variable predicate (two forms maplib 0.20 gets wrong); ``values_before_optional``
    whether an OPTIONAL follows a VALUES block whose variables rdflib's algebra does not record as bound
    there, so that rdflib drops the rows the OPTIONAL does not match (rdflib issue #2332); ``ground_triples`` its
    triple patterns without a variable or blank node (maplib 0.20 ignores them)."""

    form: str
    projected: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    graph: bool = False
    dataset: bool = False
    division: bool = False
    aggregates: frozenset[str] = frozenset()
    order: tuple[OrderKey, ...] = ()
    cut: tuple[int, int | None] | None = None
    inner_orders: tuple[OrderKey, ...] = ()
    prefixes: str = ""
    count_equality: bool = False
    filter_beside_optional_variable_predicate: bool = False
    values_before_optional: bool = False
    ground_triples: tuple[str, ...] = ()


#: The SPARQL name of each of rdflib's aggregate nodes.
_AGGREGATES = {"Aggregate_Count": "COUNT", "Aggregate_Sum": "SUM", "Aggregate_Avg": "AVG", "Aggregate_Min": "MIN",
               "Aggregate_Max": "MAX", "Aggregate_Sample": "SAMPLE", "Aggregate_GroupConcat": "GROUP_CONCAT"}
#: The kind of term each function gives whatever its arguments (SPARQL 1.1 §17.4); CONCAT, UCASE, LCASE,
#: SUBSTR, STRBEFORE, STRAFTER and REPLACE keep their argument's language tag, so they are not here.
_FUNCTION_KINDS = {
    **dict.fromkeys(("STR", "LANG", "ENCODE_FOR_URI", "MD5", "SHA1", "SHA256", "SHA384", "SHA512", "STRUUID",
                     "TZ"), "string"),
    **dict.fromkeys(("STRLEN", "YEAR", "MONTH", "DAY", "HOURS", "MINUTES"), "integer"),
    **dict.fromkeys(("isIRI", "isURI", "isBLANK", "isLITERAL", "isNUMERIC", "BOUND", "sameTerm", "LANGMATCHES",
                     "REGEX", "CONTAINS", "STRSTARTS", "STRENDS", "EXISTS", "NOTEXISTS"), "boolean"),
    **dict.fromkeys(("DATATYPE", "IRI", "URI", "UUID"), "iri"),
}
_BOOLEAN_NODES = ("RelationalExpression", "ConditionalAndExpression", "ConditionalOrExpression", "UnaryNot")
_MODIFIERS = ("Slice", "Distinct", "Reduced", "Project")


def _nodes(value: Any) -> Iterator[Any]:
    """Every algebra node (rdflib's ``CompValue``) in ``value``, depth first."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(value, CompValue):
        yield value
        for key, child in dict.items(value):
            if key != "_vars":
                yield from _nodes(child)
    elif isinstance(value, (list, tuple)):
        for child in value:
            yield from _nodes(child)


def _kind(expr: Any, aggregates: Mapping[str, tuple[str, Any]]) -> str | None:
    """The one kind of term ``expr`` always gives (see :class:`OrderKey`), or None."""
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Literal, URIRef, Variable

    if isinstance(expr, Variable):
        name, _ = aggregates.get(str(expr), ("", None))
        return {"COUNT": "integer", "GROUP_CONCAT": "string"}.get(name)
    if isinstance(expr, URIRef):
        return "iri"
    if isinstance(expr, Literal):
        return "string" if expr.language is None and expr.datatype in (None, URIRef(XSD + "string")) else None
    if not isinstance(expr, CompValue):
        return None
    if expr.name in _BOOLEAN_NODES:
        return "boolean"
    if expr.name.startswith("Builtin_") and expr.name[8:] in _FUNCTION_KINDS:
        return _FUNCTION_KINDS[expr.name[8:]]
    if expr.name in ("Builtin_COALESCE", "Builtin_IF"):
        branches = dict.get(expr, "arg", []) if expr.name == "Builtin_COALESCE" else [
            dict.get(expr, "arg2"), dict.get(expr, "arg3")]
        kinds = {_kind(branch, aggregates) for branch in branches}
        return kinds.pop() if len(kinds) == 1 else None
    return None


def _reads(expr: Any, aggregates: Mapping[str, tuple[str, Any]]) -> frozenset[str]:
    """The variables ``expr`` reads; a group variable read through rdflib's SAMPLE stands for itself, any
    other aggregate is ``__agg``."""
    from rdflib.term import Variable

    found: set[str] = set()

    def visit(value: Any) -> None:
        if isinstance(value, Variable):
            name, argument = aggregates.get(str(value), ("", None))
            if not name:
                found.add(str(value))
            elif name == "SAMPLE" and isinstance(argument, Variable):
                found.add(str(argument))
            else:
                found.add("__agg")
        elif isinstance(value, dict):
            for key, child in dict.items(value):
                if key != "_vars":
                    visit(child)
        elif isinstance(value, (list, tuple)):
            for child in value:
                visit(child)

    visit(expr)
    return frozenset(found)


def _ordering(node: Any) -> tuple[Any, tuple[int, int | None] | None]:
    """The OrderBy node under a query's solution modifiers (or None) and the (OFFSET, LIMIT) of the Slice
    above it (None: no Slice)."""
    cut = None
    while getattr(node, "name", None) in _MODIFIERS:
        if node.name == "Slice":
            cut = (int(dict.get(node, "start") or 0), dict.get(node, "length"))
        node = dict.get(node, "p")
    return (node if getattr(node, "name", None) == "OrderBy" else None), cut


def _keys(order_by: Any, aggregates: Mapping[str, tuple[str, Any]]) -> tuple[OrderKey, ...]:
    from rdflib.term import Variable

    keys = []
    for condition in dict.get(order_by, "expr", []):
        expr = dict.get(condition, "expr")
        descending = dict.get(condition, "order") == "DESC"
        reads = _reads(expr, aggregates)
        if isinstance(expr, Variable) and str(expr) not in aggregates:
            keys.append(OrderKey(str(expr), descending, None, reads))
        else:
            keys.append(OrderKey(None, descending, _kind(expr, aggregates), reads))
    return tuple(keys)


@functools.lru_cache(maxsize=256)
def read_query(query: str) -> QueryShape:
    """What ``query`` uses (:class:`QueryShape`), read by rdflib's SPARQL 1.1 parser and algebra
    (``rdflib.plugins.sparql.parser.parseQuery``, ``algebra.translateQuery``), which evaluate nothing.

    Raises :class:`~bbao.errors.QuerySyntaxError`: with Oxigraph's message and position when Oxigraph's
    parser rejects the query too (the query is given to an empty store, whose answer is never read, so
    nothing is evaluated), else with rdflib's: a query that only Oxigraph reads (SPARQL 1.2 syntax) cannot
    be checked, so it is refused."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.term import Variable

    try:
        parsed = parseQuery(query)
        algebra = translateQuery(parsed).algebra
    except Exception as exc:  # pyparsing's errors, and rdflib's plain Exception for a misplaced aggregate
        try:
            _EMPTY.query(query)  # parsed by Oxigraph; lazy, so nothing is evaluated
        except SyntaxError as oxigraph_error:
            raise query_syntax_error(str(oxigraph_error)) from exc
        line = exc.lineno if isinstance(exc, ParseBaseException) else None
        column = exc.col if isinstance(exc, ParseBaseException) else None
        reason = exc.msg if isinstance(exc, ParseBaseException) else str(exc)
        raise QuerySyntaxError(f"{reason} (rdflib's SPARQL 1.1 parser: bbao reads every query with it before an "
                               "engine runs it, to refuse what the engine must not do, and runs none it cannot "
                               "read; Oxigraph reads this one, perhaps as SPARQL 1.2)", line, column) from exc
    nodes = list(_nodes(algebra))
    aggregates = {str(dict.get(n, "res")): (_AGGREGATES[n.name], dict.get(n, "vars"))
                  for n in nodes if n.name in _AGGREGATES}
    services = tuple(f"?{term}" if isinstance(term, Variable) else f"<{term}>"
                     for term in (dict.get(n, "term") for n in nodes if n.name == "ServiceGraphPattern"))
    order_by, cut = _ordering(dict.get(algebra, "p"))
    inner: list[OrderKey] = []
    for node in nodes:
        if node.name == "ToMultiSet":  # a subquery: its order matters only when a LIMIT or OFFSET cuts it
            inner_order, inner_cut = _ordering(dict.get(node, "p"))
            if inner_order is not None and inner_cut is not None:
                inner.extend(_keys(inner_order, aggregates))
    counts = {var for var, (name, _) in aggregates.items() if name == "COUNT"}
    extends = [(str(dict.get(n, "var")), dict.get(n, "expr")) for n in nodes if n.name == "Extend"]
    while True:  # a COUNT's alias, and the alias of that alias in an enclosing query
        more = {var for var, expr in extends if isinstance(expr, Variable) and str(expr) in counts} - counts
        if not more:
            break
        counts |= more
    prefixes = []
    for declaration in parsed[0]:
        if declaration.name == "Base":
            prefixes.append(f"BASE <{dict.get(declaration, 'iri')}>")
        else:
            prefixes.append(f"PREFIX {dict.get(declaration, 'prefix') or ''}: <{dict.get(declaration, 'iri')}>")
    return QueryShape(
        form=algebra.name,
        projected=tuple(str(v) for v in dict.get(algebra, "PV") or ()),
        services=services,
        graph=any(n.name == "Graph" for n in nodes),
        dataset=bool(dict.get(algebra, "datasetClause")),
        division=any(n.name == "MultiplicativeExpression" and "/" in (dict.get(n, "op") or ()) for n in nodes),
        aggregates=frozenset(name for name, _ in aggregates.values()),
        order=_keys(order_by, aggregates) if order_by is not None else (),
        cut=cut if order_by is not None else None,
        inner_orders=tuple(inner),
        prefixes="\n".join(prefixes),
        count_equality=any(_compares_equal(n, counts) for n in nodes),
        filter_beside_optional_variable_predicate=any(
            n.name == "Filter" and _optional_variable_predicate(dict.get(n, "p")) for n in nodes),
        values_before_optional=any(n.name == "LeftJoin" and _unrecorded_values(dict.get(n, "p1")) for n in nodes),
        ground_triples=_ground_triples(nodes),
    )


def _ground_triples(nodes: Iterable[Any]) -> tuple[str, ...]:
    """The triple patterns of the BGPs among ``nodes`` (rdflib algebra) with no variable and no blank node, as
    N-Triples, sorted."""
    from rdflib.term import Literal as RdfLiteral
    from rdflib.term import URIRef

    return tuple(sorted({" ".join(term.n3() for term in triple) for node in nodes if node.name == "BGP"
                         for triple in dict.get(node, "triples") or ()
                         if all(isinstance(term, (URIRef, RdfLiteral)) for term in triple)}))


def _unrecorded_values(node: Any) -> bool:
    """Whether ``node`` binds a variable in a VALUES block that its ``_vars`` (the variables rdflib's
    LeftJoin keeps when it checks that the OPTIONAL matches nothing) leave out."""
    recorded = dict.get(node, "_vars") if hasattr(node, "name") else None
    if recorded is None:
        return False
    bound = {str(var) for values in _nodes(node) if values.name == "values"
             for row in dict.get(values, "res") or () for var in row}
    return not bound <= {str(var) for var in recorded}


def _compares_equal(node: Any, variables: set[str]) -> bool:
    """Whether ``node`` is ``=``, ``!=``, IN or NOT IN with one of ``variables`` as an operand."""
    from rdflib.term import Variable

    if node.name != "RelationalExpression" or dict.get(node, "op") not in ("=", "!=", "IN", "NOT IN"):
        return False
    other = dict.get(node, "other")
    operands = [dict.get(node, "expr"), *(other if isinstance(other, list) else [other])]
    return any(isinstance(o, Variable) and str(o) in variables for o in operands)


def _optional_variable_predicate(node: Any) -> bool:
    """Whether ``node`` is an OPTIONAL (a LeftJoin, or one on the left of another) whose optional part has
    a triple pattern with a variable predicate."""
    from rdflib.term import Variable

    while getattr(node, "name", None) == "LeftJoin":
        if any(isinstance(triple[1], Variable) for bgp in _nodes(dict.get(node, "p2")) if bgp.name == "BGP"
               for triple in dict.get(bgp, "triples") or ()):
            return True
        node = dict.get(node, "p1")
    return False


_EMPTY = pyoxigraph.Store()

#: The engines that run in this process (an endpoint is a remote server: ``"endpoint"``).
EMBEDDED = ("oxigraph", "rdflib", "maplib")
_INSTEAD = "use --engine oxigraph"


def _refusals(shape: QueryShape, engine: str) -> list[tuple[str, str | None]]:
    """What ``engine`` must not or cannot evaluate in a query of ``shape``: (message, the keyword whose
    first use in the text the message is about, or None)."""
    found: list[tuple[str, str | None]] = []
    if shape.services:
        targets = ", ".join(shape.services)
        if engine == "endpoint":
            found.append((f"SERVICE {targets}: the endpoint would send part of this query to another server "
                          "(from inside its own network); bbao sends queries only where --endpoint says: "
                          "ask that server yourself, or load its data into the endpoint", "SERVICE"))
        else:
            found.append((f"SERVICE {targets}: the query asks another SPARQL server, over the network, and bbao "
                          "fetches nothing: query that server yourself, or save its answer as RDF and pass it "
                          "with --data", "SERVICE"))
    if engine not in EMBEDDED:
        return found
    if shape.dataset:
        found.append(("FROM / FROM NAMED: the embedded engines query BBAO and your --data as one dataset, and "
                      "Oxigraph would ignore the clause; remove it (GRAPH <IRI> { ... } on --engine oxigraph "
                      "reads one graph)", "FROM"))
    if shape.graph and engine in ("rdflib", "maplib"):
        found.append((f"GRAPH: the {engine} engine holds BBAO and your --data as one graph, without named "
                      f"graphs; {_INSTEAD}", "GRAPH"))
    if engine == "maplib":
        if shape.ground_triples:
            found.append((f"a triple pattern without variables ({shape.ground_triples[0]}): maplib 0.20 ignores it and "
                          f"answers as if it held; {_INSTEAD}", None))
        if shape.division:
            found.append(("'/': maplib 0.20 divides in floating point (1/2 gives 0.0), not as SPARQL does "
                          f"(an integer divided by an integer is an xsd:decimal: 0.5); {_INSTEAD}", None))
        if shape.count_equality:
            found.append(("COUNT compared with =, !=, IN or NOT IN: maplib 0.20 types COUNT as xsd:unsignedInt, "
                          "so COUNT(...) = 2 never holds; compare with >= and <= (COUNT(...) >= 2 && "
                          f"COUNT(...) <= 2), or {_INSTEAD}", None))
        if shape.filter_beside_optional_variable_predicate:
            found.append(("FILTER beside an OPTIONAL with a variable predicate (?s ?p ?o): maplib 0.20 ignores "
                          "that FILTER; put the pattern and its FILTER in a group of their own "
                          f"({{ ... FILTER (...) }} OPTIONAL {{ ... }}), or {_INSTEAD}", "OPTIONAL"))
        for name, why in (("AVG", "averages in floating point, not as an xsd:decimal"),
                          ("GROUP_CONCAT", "joins maplib's internal numbers of the terms, not their text"),
                          ("MIN", "gives no value when the values are of different kinds or numeric types"),
                          ("MAX", "gives no value when the values are of different kinds or numeric types")):
            if name in shape.aggregates:
                found.append((f"{name}: maplib 0.20 {why}; {_INSTEAD}", name))
    if engine == "rdflib" and shape.values_before_optional:
        found.append(("VALUES before an OPTIONAL: rdflib 7 drops the rows the OPTIONAL does not match (rdflib "
                      f"issue #2332); {_INSTEAD}", "VALUES"))
    if engine in ("rdflib", "maplib"):
        found.extend(_order_refusals(shape, engine))
    return found


def _order_refusals(shape: QueryShape, engine: str) -> list[tuple[str, str | None]]:
    """Why ``engine``'s order of the answer cannot be checked against SPARQL's (see
    :func:`needs_oxigraph_order`), for each ORDER BY condition where it cannot; located at the last ORDER
    keyword (``-ORDER``: the answer's) or the first (a subquery's)."""
    mixed = (f"{engine} orders terms of different kinds (IRIs, numbers, plain and language-tagged strings) its "
             "own way, and bbao puts such an answer in Oxigraph's order only when it can compute the order "
             "from the rows it prints")
    found: list[tuple[str, str | None]] = []
    for number, key in enumerate(shape.order, 1):
        if key.variable is not None:
            if key.variable not in shape.projected:
                found.append((f"ORDER BY ?{key.variable}: {mixed}, and ?{key.variable} is not projected; "
                              f"project it (or order by STR(?{key.variable}), for text), or {_INSTEAD}", "-ORDER"))
        elif key.kind is None and ("__agg" in key.reads or not key.reads <= set(shape.projected)):
            found.append((f"ORDER BY condition {number}: {mixed}, and this expression may give terms of "
                          "different kinds from an aggregate or a variable that is not projected; project it "
                          f"(SELECT ... (expression AS ?x) ... ORDER BY ?x), or {_INSTEAD}", "-ORDER"))
    if any(key.kind is None for key in shape.inner_orders):
        found.append((f"ORDER BY in a subquery with LIMIT or OFFSET: {mixed}, and a subquery's cut is made "
                      f"inside the engine; order the subquery by STR(...) of each condition, or {_INSTEAD}", "ORDER"))
    return found


def check_query(query: str, engine: str, file: str | Path | None = None) -> QueryShape:
    """What ``query`` uses (:func:`read_query`), after refusing what ``engine`` (one of :data:`EMBEDDED`,
    or ``"endpoint"``) must not or cannot evaluate: nothing has been evaluated yet.

    Every engine refuses ``SERVICE``: it sends part of the query to a server the query names, over the
    network, and bbao fetches nothing. A remote endpoint refuses it too, although the endpoint could
    evaluate it, because the endpoint would then query a third server from inside its own network, one
    the user never named on the command line (a request the user may not be allowed to make, and whose
    answers bbao cannot vouch for); the query can go to that server directly. The embedded engines
    refuse FROM and FROM NAMED (they query one dataset, and Oxigraph would silently ignore the clause);
    rdflib and maplib refuse GRAPH (they hold no named graphs); rdflib refuses an OPTIONAL after a VALUES
    block (rdflib 7 drops rows there, rdflib issue #2332); maplib refuses what maplib 0.20 computes
    wrongly (``/``, AVG, GROUP_CONCAT, MIN, MAX, a COUNT compared with ``=``, a FILTER beside an OPTIONAL
    with a variable predicate); rdflib and maplib refuse an ORDER BY whose order bbao cannot check against
    SPARQL's (see :func:`needs_oxigraph_order`).

    Raises :class:`BBAOError` with one problem per refusal, naming ``file`` and, where it can be found
    (:func:`keyword_lines`), the line; and :class:`~bbao.errors.QuerySyntaxError` as :func:`read_query`."""
    shape = read_query(query)
    refusals = _refusals(shape, engine)
    if refusals:
        lines = keyword_lines(query, {keyword.lstrip("-") for _, keyword in refusals if keyword})

        def line(keyword: str | None) -> int | None:  # "-ORDER": the last ORDER (the answer's), else the first
            found = lines.get(keyword.lstrip("-")) if keyword else None
            return (found[-1] if keyword and keyword.startswith("-") else found[0]) if found else None

        raise BBAOError([Problem(str(file) if file else "query", message, line(keyword))
                         for message, keyword in refusals])
    return shape


def _scanner(keywords: Iterable[str]) -> Any:
    """A pyparsing scanner for ``keywords`` (any case, whole words) that steps over comments, strings,
    IRIs, prefixed names and variables whole, with the tokens of rdflib's SPARQL grammar, so that a
    keyword inside one of them is not found."""
    from pyparsing import CaselessKeyword, MatchFirst, Regex
    from rdflib.plugins.sparql import parser as grammar

    words = [CaselessKeyword(k).set_parse_action(lambda tokens: ("\0keyword", tokens[0].upper()))
             for k in sorted(keywords)]
    skipped = [Regex(r"#[^\n]*"), grammar.String, grammar.IRIREF, grammar.PNAME_LN, grammar.VAR1, grammar.VAR2]
    return MatchFirst([*skipped, *words])


def keyword_offsets(query: str, keywords: Iterable[str]) -> dict[str, list[int]]:
    """Where each of ``keywords`` (SPARQL keywords such as ``SERVICE`` or ``ORDER``) is used in ``query``,
    as character offsets in the order of the text; a keyword in a comment, string, IRI or name is not one.
    Used to say where something is; what a query does is read from its algebra (:func:`read_query`)."""
    found: dict[str, list[int]] = {k.upper(): [] for k in keywords}
    for tokens, start, _ in _scanner(found).scan_string(query):
        if isinstance(tokens[0], tuple) and tokens[0][0] == "\0keyword":
            found[tokens[0][1]].append(start)
    return found


def keyword_lines(query: str, keywords: Iterable[str]) -> dict[str, list[int]]:
    """The lines (1-based) of :func:`keyword_offsets`."""
    return {k: [query.count("\n", 0, offset) + 1 for offset in offsets]
            for k, offsets in keyword_offsets(query, keywords).items()}


# --- An answer's order, as Oxigraph orders it ------------------------------------------------------------

#: Kinds of term that each engine orders as SPARQL 1.1 §15.1 does when a column holds only that kind
#: (and unbound): IRIs and strings by code point, numbers of one datatype and booleans by value.
_WELL_ORDERED = frozenset({XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
                           XSD + "integer", XSD + "decimal", XSD + "double", XSD + "float", XSD + "boolean"})


def _one_kind(terms: Iterable[Term | None]) -> bool:
    """Whether ``terms`` are all of one kind that every engine orders alike (IRIs, blank nodes, or literals
    of one :data:`_WELL_ORDERED` datatype and language), unbound cells aside."""
    kinds = set()
    for term in terms:
        if isinstance(term, pyoxigraph.Literal):
            kinds.add((term.datatype.value, term.language))
        elif term is not None:
            kinds.add((type(term).__name__, None))
        if len(kinds) > 1:
            return False
    return not kinds or next(iter(kinds))[0] in _WELL_ORDERED | {"NamedNode", "BlankNode"}


def needs_oxigraph_order(shape: QueryShape, column: Callable[[str], Iterable[Term | None]]) -> bool:
    """Whether an engine's answer to a query of ``shape`` must be put in Oxigraph's order
    (:func:`oxigraph_order`): SPARQL 1.1 (§15.1) orders the kinds of term (unbound, blank nodes, IRIs,
    literals) but leaves the order between literals of different datatypes to the engine, and rdflib
    and maplib order them differently from Oxigraph (maplib puts language-tagged strings before plain
    ones). The answer keeps the engine's order when every ORDER BY condition gives one kind of term:
    an expression that always does (STR(...), COUNT...), or a variable whose column (``column(name)``,
    the engine's terms) holds one kind (:func:`_one_kind`)."""
    for key in shape.order:
        if key.variable is None:
            if key.kind is None:
                return True
        elif not _one_kind(column(key.variable)):
            return True
    return False


def _clause(query: str, offset: int, element: Any) -> str:
    """The text of the clause of rdflib's grammar ``element`` that starts at ``offset`` in ``query``."""
    from pyparsing import ParseBaseException, original_text_for

    try:
        return str(original_text_for(element).parse_string(query[offset:])[0])
    except ParseBaseException as exc:
        raise BBAOError(f"cannot read the clause at character {offset} of the query: {exc}") from exc


def order_clause(query: str) -> str:
    """The text of the ORDER BY clause of ``query``'s answer (its last ORDER BY, which comes after every
    subquery's), as rdflib's grammar reads it; raises :class:`BBAOError` when there is none.

    >>> order_clause("SELECT * { { SELECT ?a { ?a ?b ?c } ORDER BY ?c LIMIT 1 } } ORDER BY DESC(?a) # last\\nLIMIT 2")
    'ORDER BY DESC(?a)'
    """
    from rdflib.plugins.sparql import parser as grammar

    offsets = keyword_offsets(query, ["ORDER"])["ORDER"]
    if not offsets:
        raise BBAOError("the query has no ORDER BY clause")
    return _clause(query, offsets[-1], grammar.OrderClause)


def _reordered_cut(shape: QueryShape) -> bool:
    """Whether a LIMIT or OFFSET cuts an answer that may have to be put in Oxigraph's order."""
    return shape.cut is not None and any(key.kind is None for key in shape.order)


def evaluated_text(query: str, shape: QueryShape) -> str:
    """The query an engine that orders terms its own way (rdflib, maplib) evaluates for ``query`` (of
    ``shape``): ``query`` itself, or, when its answer may have to be put in Oxigraph's order (an ORDER BY
    condition that may give terms of several kinds) and a LIMIT or OFFSET cuts it, ``query`` without
    them: :func:`answer_order` cuts the answer once it is in Oxigraph's order. Raises :class:`BBAOError`
    when the clauses cannot be found in the text.

    >>> query = "SELECT ?s { ?s ?p ?o } ORDER BY ?o LIMIT 5 OFFSET 2"
    >>> evaluated_text(query, read_query(query))
    'SELECT ?s { ?s ?p ?o } ORDER BY ?o '
    """
    from rdflib.plugins.sparql import parser as grammar

    if not _reordered_cut(shape):
        return query
    offsets = keyword_offsets(query, ["ORDER", "LIMIT", "OFFSET"])
    end = offsets["ORDER"][-1] + len(order_clause(query))
    after = [offset for offset in offsets["LIMIT"] + offsets["OFFSET"] if offset >= end]
    if not after:
        raise BBAOError("cannot find the query's LIMIT or OFFSET")
    start = min(after)
    return query[:start] + query[start + len(_clause(query, start, grammar.LimitOffsetClauses)):]


def answer_order(query: str, shape: QueryShape, columns: Sequence[str],
                 column: Callable[[str], Sequence[Term | None]], count: int) -> list[int] | None:
    """Which of the ``count`` rows an engine answered :func:`evaluated_text` with to print, in which order
    (indices; None: all, in the engine's order): the engine's rows put in Oxigraph's order where they must
    be (:func:`needs_oxigraph_order`, :func:`oxigraph_order`), then cut by the query's OFFSET and LIMIT
    when :func:`evaluated_text` left them out. ``column(name)`` gives the terms of a projected variable.
    Raises :class:`BBAOError` as :func:`oxigraph_order`."""
    order: list[int] | None = None
    if needs_oxigraph_order(shape, column):
        rows = [list(row) for row in zip(*(column(c) for c in columns), strict=True)] if columns else [[]] * count
        order = oxigraph_order(query, shape, columns, rows)
    if _reordered_cut(shape) and shape.cut is not None:
        start, length = shape.cut
        order = list(order if order is not None else range(count))[start:None if length is None else start + length]
    return order


def oxigraph_order(query: str, shape: QueryShape, columns: Sequence[str],
                   rows: Sequence[Sequence[Term | None]]) -> list[int]:
    """The order (indices into ``rows``) that Oxigraph gives the rows an engine answered ``query`` with
    (``columns``: the projected variables, ``rows``: their terms), by evaluating the query's own ORDER BY
    clause (:func:`order_clause`) in Oxigraph over those rows; rows that tie keep the engine's order.
    :func:`check_query` has made sure every condition reads projected variables only. Where SPARQL cannot
    compare two literals (a date and a number), Oxigraph compares their text, so that its order of such a
    mix depends on the order it found them in, and may differ from Oxigraph's own answer.

    Raises :class:`BBAOError` when Oxigraph cannot evaluate the clause."""
    store = pyoxigraph.Store()
    index = pyoxigraph.NamedNode("urn:bbao:order:index")
    cells = [pyoxigraph.NamedNode(f"urn:bbao:order:column:{n}") for n in range(len(columns))]
    integer = pyoxigraph.NamedNode(XSD + "integer")
    quads = []
    for number, row in enumerate(rows):
        subject = pyoxigraph.NamedNode(f"urn:bbao:order:row:{number}")
        quads.append(pyoxigraph.Quad(subject, index, pyoxigraph.Literal(str(number), datatype=integer)))
        quads.extend(pyoxigraph.Quad(subject, cell, term) for cell, term in zip(cells, row, strict=True)
                     if term is not None)
    store.bulk_extend(quads)
    optional = " ".join(f"OPTIONAL {{ ?bbao_row {cell} ?{name} }}" for cell, name in zip(cells, columns, strict=True))
    text = (f"{shape.prefixes}\nSELECT ?bbao_index WHERE {{ ?bbao_row {index} ?bbao_index {optional} }}\n"
            f"{order_clause(query)} ?bbao_index")
    try:
        return [int(solution[0].value) for solution in store.query(text)]  # type: ignore[union-attr]
    except (SyntaxError, RuntimeError, ValueError) as exc:
        raise BBAOError(f"cannot put the answer in Oxigraph's order: {exc}") from exc
