"""The ``bbao`` command: a thin layer over the Python API.

Exit codes (:data:`EXIT_CODES`): 0 success; 1 the check failed (does not conform, inconsistent, stale,
unsatisfiable, a true conflict); 2 unusable input (each problem on standard error with its file and line);
3 the environment failed (disk full, no permission, read-only folder, interrupted by Ctrl-C or SIGTERM, a
reasoner stopped at its --timeout);
4 a bug in bbao (the traceback is shown only with ``BBAO_DEBUG=1``). No traceback reaches the user otherwise.
Heavy libraries are imported inside the commands so that ``bbao --help`` stays fast.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import NoReturn

#: Exit code -> what it means (README, "Command line and Python API").
EXIT_CODES = {
    0: "success",
    1: "the check failed",
    2: "unusable input",
    3: "the environment failed (disk, permissions, interrupted, timed out)",
    4: "a bug in bbao",
}
#: RDF syntaxes of users' files: the keys of :data:`bbao.artifacts.SYNTAXES`, typed here so that ``--help`` imports
#: no RDF library (tests/test_cli.py checks that the two agree).
DATA_FORMATS = ("turtle", "nt", "rdfxml", "jsonld", "nquads", "trig")
#: Output formats of ``bbao query``: :data:`bbao.tables.TABLE_FORMATS` (checked equal by the tests).
TABLE_FORMATS = ("table", "tsv", "csv", "json")


class _Parser(argparse.ArgumentParser):
    """argparse's parser (each subcommand's too), whose usage errors are one line, as every other error of
    ``bbao`` is: ``bbao CMD: error: MESSAGE (bbao CMD --help)``, exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} ({self.prog} --help)\n")


def _path_argument(text: str) -> Path:
    """A path given on the command line; an empty one is refused (``"$OUT"`` with OUT unset would otherwise be the
    current folder, and a site or a release would be written into it). Raises :class:`argparse.ArgumentTypeError`
    (argparse's exit 2)."""
    if not text:
        raise argparse.ArgumentTypeError("an empty path: name the file or folder")
    return Path(text)


def _file_argument(text: str) -> Path:
    """A file named on the command line (see :func:`_path_argument`); one that ends with ``/`` names a folder, and is
    refused (``--out good.nt/`` replaced good.nt). Raises :class:`argparse.ArgumentTypeError`."""
    if text.endswith(("/", os.sep)):
        raise argparse.ArgumentTypeError(f"{text!r} ends with '/', a folder: name the file")
    return _path_argument(text)


class _VocabularyHelp(argparse.HelpFormatter):
    """Fills ``{axis_directions}`` and ``{knowledge_levels}`` in help texts from :mod:`bbao.model` when help is
    printed, so the values have one source and building the parser stays free of rdflib."""

    def _expand_help(self, action: argparse.Action) -> str:
        text = super()._expand_help(action)
        if "{axis_directions}" in text:
            from bbao.model import AXIS_DIRECTIONS

            text = text.replace("{axis_directions}", ", ".join(AXIS_DIRECTIONS))
        if "{knowledge_levels}" in text:
            from bbao.model import KNOWLEDGE_LEVELS

            text = text.replace("{knowledge_levels}", ", ".join(KNOWLEDGE_LEVELS))
        return text


def _build(args: argparse.Namespace) -> int:
    from bbao.build import build, stale_files, stale_summary

    result, files, changed = build(args.source, args.out, write=not args.check)
    if args.check:
        stale = stale_files(files, args.out)
        for item in stale:
            print(item)
        print(stale_summary(stale))
        return 1 if stale else 0
    source = result.source
    print(f"built {len(source.claims)} claims and {len(source.terms)} curated term rows "
          f"into {len(files)} artifacts ({len(changed)} file(s) written)")
    for path in changed:
        print(f"  wrote {path}")
    return 0


def _imports(args: argparse.Namespace) -> int:
    from bbao import paths
    from bbao.errors import BBAOError
    from bbao.imports import refresh_imports
    from bbao.source import load_source

    reference = args.reference or paths.reference_dir()
    if args.reference is not None and not (args.reference / "terms.tsv").is_file():
        raise BBAOError("not a verified reference: no terms.tsv in it (the folder with terms.tsv and fragments/)",
                        file=args.reference)
    if reference is None or not (reference / "terms.tsv").is_file():
        raise BBAOError("no verified reference found: pass --reference DIR (the folder with terms.tsv and fragments/)")
    source = load_source(paths.source_dir())
    changed = refresh_imports(source, reference, paths.imports_dir())
    print(f"import modules refreshed from {reference} ({len(changed)} changed)")
    for path in changed:
        print(f"  wrote {path}")
    return 0


def _check_timeout(timeout: float | None) -> None:
    """Refuse a ``--timeout`` that is no positive, finite number of seconds (0, -5, nan, inf): raises
    :class:`bbao.errors.BBAOError` (exit 2)."""
    import math

    from bbao.errors import BBAOError

    if timeout is not None and not (timeout > 0 and math.isfinite(timeout)):
        raise BBAOError(f"--timeout must be a positive number of seconds, not {timeout:g}")


def _reason(args: argparse.Namespace) -> int:
    _check_timeout(args.timeout)

    from bbao.artifacts import parse_product
    from bbao.reason import asserted_axioms, check, classify, inferred_edges, with_bbao

    user = None
    if args.file is not None:
        files: dict[Path, bytes] = {}
        user = with_bbao(args.file)
        print(f"{args.file}: {user.triples} triples, reasoned over with BBAO")
        for imported in user.imports:
            print(f"  owl:imports <{imported}> not followed (nothing is fetched): merge what it imports into the file")
        report = check(reasoner=args.reasoner, timeout=args.timeout, user=user)
    else:
        if not args.no_write:
            from bbao import paths
            from bbao.reason import NO_WRITE

            paths.writable_ontology_dir(NO_WRITE)  # outside a BBAO project: refused now, not after the reasoner ran
        report, files = classify(args.reasoner, write=not args.no_write, timeout=args.timeout)
    if not report.consistent:
        print(f"{report.reasoner}: the ontology is INCONSISTENT")
        return 1
    if report.unsatisfiable:
        asserted = user.graph if user is not None else parse_product("full")
        print(f"{report.reasoner}: consistent, but {len(report.unsatisfiable)} unsatisfiable class(es):")
        for curie in report.unsatisfiable:
            print(f"  {curie}")
            for axiom in asserted_axioms(asserted, curie):
                print(f"      {axiom}")
        return 1
    print(f"{report.reasoner}: consistent, no unsatisfiable classes")
    if files:
        edges = inferred_edges(parse_product("full"), report)
        print(f"classified: {len(edges)} inferred axioms between named entities")
        for pred, s, o in edges if args.verbose else ():
            print(f"  {s} {pred} {o}")
        for path in files if not args.no_write else ():
            print(f"  wrote {path}")
    return 0


def _explain(args: argparse.Namespace) -> int:
    import time

    from bbao.errors import BBAOError
    from bbao.explain import (
        EXPLAIN_TIMEOUT,
        ExplainEnvironmentError,
        explain,
        explain_unsatisfiable,
        merged_with,
        render_text,
        to_json,
    )
    from bbao.progress import interruptible

    if args.unsatisfiable and args.classes:
        raise BBAOError("give SUB SUPER (two classes) or --unsatisfiable, not both")
    if not args.unsatisfiable and not args.classes:
        raise BBAOError("give two classes, SUB and SUPER (bbao explain CHEBI:8499 BBAO:0000049), or --unsatisfiable")
    _check_timeout(args.timeout)
    if args.classes and len(args.classes) != 2:
        raise BBAOError(f"give two classes, SUB and SUPER (got {len(args.classes)})")
    # --timeout bounds the whole command: reading the user's file (in a worker thread, abandoned at the deadline)
    # and then HermiT, which gets what is left
    limit = args.timeout or EXPLAIN_TIMEOUT
    deadline = time.monotonic() + limit
    user = None
    if args.file is not None:
        file = args.file
        try:
            merged, own, imports = interruptible(lambda: merged_with(file), deadline=deadline)
        except TimeoutError:
            raise ExplainEnvironmentError(
                f"{file}: reading it did not finish within {limit:g} s and was stopped (--timeout SECONDS)") from None
        user = (merged, own)
        for imported in imports:
            print(f"{args.file}: owl:imports <{imported}> not followed (nothing is fetched)", file=sys.stderr)
    options = {"max_justifications": args.max, "timeout": limit, "user": user, "user_file": str(args.file or ""),
               "deadline": deadline}
    if args.unsatisfiable:
        found = explain_unsatisfiable(**options)
        print(to_json(found) if args.format == "json" else render_text(found) or "no unsatisfiable class")
        return 1 if found else 0
    result = explain(args.classes[0], args.classes[1], **options)
    print(to_json([result]) if args.format == "json" else render_text([result]).rstrip())
    return 0 if result.entailed and result.kind == "subsumption" else 1


def _conflicts(args: argparse.Namespace) -> int:
    from bbao.conflicts import find_conflicts, format_pairs
    from bbao.progress import wanted
    from bbao.userdata import read_rdf
    from bbao.validate import shipped_graph

    graph = shipped_graph()
    for number, path in enumerate(args.files):
        read_rdf(path, None, graph, tag=f"f{number}x", progress=wanted(args.quiet))
    separated, conflicts = find_conflicts(graph)
    print(format_pairs(separated, conflicts))
    return 1 if conflicts else 0


def _stats(args: argparse.Namespace) -> int:
    from bbao.stats import compute, format_stats
    from bbao.store import load_graph

    print(format_stats(compute(load_graph())))
    return 0


def _query(args: argparse.Namespace) -> int:
    from bbao.errors import BBAOError
    from bbao.progress import wanted
    from bbao.query import (
        bind,
        bundled,
        check,
        describe,
        filter_levels,
        format_rows,
        resolve,
        run,
        to_iri,
        unknown_parameters,
        update_expected,
    )
    from bbao.store import open_backend

    if args.update_expected:
        if args.query or args.param or args.data or args.endpoint:
            raise BBAOError("--update-expected rewrites the expected answers of every bundled query from the shipped "
                            "release; it takes no query, --param, --data or --endpoint")
        for path in update_expected(open_backend()):
            print(f"wrote {path}")
        return 0
    if args.list or not args.query:
        for query in bundled().values():
            print(describe(query))
        return 0
    if args.graph and not args.endpoint:
        raise BBAOError("--graph only applies to a remote --endpoint")
    query = resolve(args.query)
    check(query, "endpoint" if args.endpoint else args.engine)  # refused before --data is read
    bindings = bind(query, args.param)
    graphs = tuple(to_iri(g) for g in args.graph) or None
    backend = open_backend(args.endpoint, engine=args.engine, graphs=graphs, data=args.data,
                           fmt=args.data_format, progress=wanted(args.quiet))
    unknown = unknown_parameters(query, bindings, backend)
    if unknown:  # as `bbao path` says: a mistyped CURIE answers nothing, which must not read as "no rows"
        raise BBAOError(f"--param {', '.join(unknown)}: nothing in the {backend.name} store is said about "
                        f"{'it' if len(unknown) == 1 else 'them'} (a mistyped CURIE, or a term of data not passed "
                        "with --data?)")
    columns, rows = run(query, backend, bindings)
    if args.level:
        rows = filter_levels(query, backend, columns, rows, [v for given in args.level for v in given.split(",")])
    print(format_rows(columns, rows, args.format))
    return 0


def _path(args: argparse.Namespace) -> int:
    import dataclasses
    import json

    from bbao.causal_paths import find_chains, format_chains
    from bbao.errors import BBAOError
    from bbao.model import KNOWLEDGE_LEVELS
    from bbao.query import format_rows, to_iri
    from bbao.store import open_backend

    if args.endpoint is not None and not args.endpoint.strip():
        raise BBAOError("--endpoint needs a URL (leave it out to ask the embedded store)")
    if args.graph and not args.endpoint:
        raise BBAOError("--graph only applies to a remote --endpoint")
    levels = [v.strip() for given in args.level for v in given.split(",")] or None
    unknown = sorted(set(levels or ()) - set(KNOWLEDGE_LEVELS))
    if unknown:
        raise BBAOError(f"unknown knowledge level {', '.join(map(repr, unknown))} "
                        f"(choose from {', '.join(KNOWLEDGE_LEVELS)})")
    graphs = tuple(to_iri(g) for g in args.graph) or None
    backend = open_backend(args.endpoint, engine=args.engine, graphs=graphs)
    chains = find_chains(backend, args.start, args.end, levels=levels)
    if args.format == "text":
        print(format_chains(chains, args.start, args.end), end="")
    elif args.format == "json":
        print(json.dumps([dataclasses.asdict(c) for c in chains], ensure_ascii=False, indent=1))
    else:
        rows = [[c.mechanism, c.sign, c.weakest_level, " > ".join(c.claims), c.mechanism_label] for c in chains]
        print(format_rows(["mechanism", "sign", "weakest_level", "steps", "mechanism_label"], rows, args.format))
    return 0


def _load(args: argparse.Namespace) -> int:
    from bbao.load import load
    from bbao.store import split_credentials

    loaded = load(args.endpoint, deadline=args.deadline, user=args.user)
    for item in loaded:
        print(f"loaded {item.path.name} into <{item.graph}>")
    print(f"{len(loaded)} named graphs replaced at {split_credentials(args.endpoint)[0]}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from bbao.progress import wanted
    from bbao.validate import format_results, report_syntax, validate, write_report

    if args.report:
        report_syntax(args.report)  # a report file name that cannot be written is refused before validating
    validation = validate(args.files, args.format, args.engine, progress=wanted(args.quiet))
    if args.report:
        write_report(validation, args.report)
    if validation.results:
        print(format_results(validation.results, args.output))
    what = "the shipped ontology" + (f" with {len(args.files)} file(s)" if args.files else "")
    print(f"{what}: {'conforms' if validation.conforms else f'{len(validation.results)} result(s), does not conform'}")
    return 0 if validation.conforms else 1


def _report(args: argparse.Namespace) -> int:
    from bbao.progress import wanted
    from bbao.report import BASE_IRIS, format_left_out, format_report, format_scoped_tsv, report

    # the release: BBAO's own terms (ODK's --base-iri); a user's FILE: everything in it, as robot report does
    scope = tuple(args.base_iri) if args.base_iri else (BASE_IRIS if args.file is None else None)
    result = report(args.file, args.format, base_iris=scope, progress=wanted(args.quiet))
    rows = result.violations
    if args.output == "tsv" and args.out_of_scope:
        print(format_scoped_tsv(result))
    else:
        print(format_report(rows, args.output))
    left_out = format_left_out(result, every=args.out_of_scope and args.output == "table")
    if left_out:  # after the table; beside TSV data on stderr, so the data stays clean
        print("\n" + left_out if args.output == "table" else left_out, file=sys.stdout if args.output == "table"
              else sys.stderr)
    return 1 if any(v.level == "ERROR" for v in rows) else 0


def _docs(args: argparse.Namespace) -> int:
    import shutil

    from bbao.docs import generate

    written = generate(args.outdir)
    print(f"wrote {len(written)} files into {args.outdir}: open {args.outdir / 'index.html'}")
    if not shutil.which("dot"):
        print("note: Graphviz's `dot` is not installed, so the pages carry no diagram", file=sys.stderr)
    return 0


def _diagram(args: argparse.Namespace) -> int:
    from bbao.diagram import render
    from bbao.errors import BBAOError
    from bbao.store import load_graph

    if args.mechanism is not None and not args.mechanism.strip():
        raise BBAOError("--mechanism needs a mechanism id (BBAM:nnnnnnn)")
    if args.mechanisms is not None and args.mechanisms.exists() and not args.mechanisms.is_dir():
        raise BBAOError(f"--mechanisms {args.mechanisms}: not a folder (the panels go into a folder, one file each)")
    if args.section and (args.mechanism or args.mechanisms or args.overview):
        raise BBAOError("--section selects claims of the whole drawing, not of a mechanism's panel or the overview")
    if args.mechanisms:
        if args.out:
            raise BBAOError("--mechanisms writes one file per mechanism into its folder: leave out --out")
        return _mechanism_panels(args.mechanisms, args.format)
    if args.mechanism or args.overview:
        from bbao.mechanism_diagrams import mechanism_file, render_overview, render_panel

        data = render_panel(load_graph(), args.mechanism, args.format) if args.mechanism else \
            render_overview(load_graph(), args.format)
        default = mechanism_file(args.mechanism, args.format) if args.mechanism else f"bbao-mechanisms.{args.format}"
    else:
        data = render(load_graph(), args.format, args.section or ())
        default = f"bbao-diagram.{args.format}"
    out = args.out or Path(default)
    if str(out) == "-":
        sys.stdout.buffer.write(data)
        return 0
    from bbao.serialize import write_atomically

    write_atomically({out: data})  # whole or not at all (a full disk, Ctrl-C)
    print(f"wrote {out}")
    return 0


def _mechanism_panels(folder: Path, fmt: str) -> int:
    """``bbao diagram --mechanisms DIR``: one panel per mechanism, each file written whole."""
    from bbao.diagram import Axis, axis_claims, pipe
    from bbao.mechanism_diagrams import mechanism_file, panel, read_drawn_mechanisms
    from bbao.serialize import write_atomically
    from bbao.store import load_graph

    graph = load_graph()
    axis = Axis(graph, axis_claims(graph))
    mechanisms = read_drawn_mechanisms(graph)
    write_atomically({folder / mechanism_file(m.id, fmt): pipe(panel(m, axis), fmt) for m in mechanisms})
    print(f"wrote {len(mechanisms)} mechanism panels into {folder}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from bbao.export import export

    data = export(args.view, args.format)
    if str(args.out) == "-":
        sys.stdout.buffer.write(data)
        return 0
    from bbao.serialize import write_atomically

    write_atomically({args.out: data})  # whole or not at all (a full disk, Ctrl-C)
    print(f"wrote {args.out} ({args.view} view, {args.format})")
    return 0


def _diff(args: argparse.Namespace) -> int:
    from bbao.diff import diff, format_report, format_tsv, read_release
    from bbao.progress import wanted

    progress = wanted(args.quiet)
    changes = diff(read_release(args.old, progress=progress), read_release(args.new, progress=progress))
    print(format_report(changes, args.old, args.new))
    if args.tsv:
        from bbao.serialize import write_atomically

        write_atomically({args.tsv: format_tsv(changes).encode("utf-8")})
        print(f"wrote {args.tsv}")
    return 0


def parser() -> argparse.ArgumentParser:
    """The ``bbao`` argument parser, one sub-command per pipeline step; building it imports no RDF library."""
    p = _Parser(prog="bbao", description="Brain-Bone Axis Ontology: build, check and query it.")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="compile ontology/src into the release artifacts in ontology/")
    b.add_argument("--source", type=_path_argument, default=None, help="curated source folder (default: ontology/src)")
    b.add_argument("--out", type=_path_argument, default=None, help="output folder (default: ontology/)")
    b.add_argument("--check", action="store_true", help="write nothing; exit 1 if a committed artifact is out of date")
    b.set_defaults(func=_build)

    i = sub.add_parser("imports", help="refresh ontology/imports from the verified reference (development)")
    i.add_argument("--reference", type=_path_argument, default=None,
                   help="folder with terms.tsv, fragments/ and ro-bfo-subset.ttl")
    i.set_defaults(func=_imports)

    r = sub.add_parser("reason", help="check consistency and satisfiability with HermiT or Pellet")
    r.add_argument("--reasoner", choices=("hermit", "pellet"), default="hermit")
    r.add_argument("--file", type=_file_argument, default=None,
                   help="OWL file to check (default: the shipped bbao.owl, classified into bbao-inferred.owl/.ttl)")
    r.add_argument("--no-write", action="store_true", help="classify without writing bbao-inferred.owl/.ttl")
    r.add_argument("--timeout", type=float, default=None,
                   help="stop the reasoner (HermiT or Pellet, with its Java) after this many seconds (default 300)")
    r.add_argument("--verbose", action="store_true", help="list every inferred axiom")
    r.set_defaults(func=_reason)

    ex = sub.add_parser("explain", help="why SUB is a subclass of SUPER, or why a class is unsatisfiable: the "
                        "justifications (HermiT), each axiom traced to its claims.tsv or terms.tsv row")
    ex.add_argument("classes", nargs="*", metavar="SUB SUPER", help="two classes (CURIEs or IRIs)")
    ex.add_argument("--unsatisfiable", action="store_true", help="explain every unsatisfiable class instead")
    ex.add_argument("--file", type=_file_argument, default=None,
                    help="your OWL file, merged with BBAO (as `bbao reason --file`)")
    ex.add_argument("--max", type=int, default=3, help="at most this many justifications each (default 3)")
    ex.add_argument("--timeout", type=float, default=None,
                    help="stop after this many seconds, reading --file included (then HermiT with its Java gets "
                         "what is left; default 300)")
    ex.add_argument("--format", choices=("text", "json"), default="text")
    ex.set_defaults(func=_explain)

    c = sub.add_parser("conflicts",
                       help="claims with opposite signs on the same target: context-separated, level-separated "
                            "(not both established) or true conflicts")
    c.add_argument("files", nargs="*", type=_file_argument, help="your own claims (RDF), merged with the ontology")
    c.add_argument("--quiet", action="store_true", help="no summary of what was read on the terminal")
    c.set_defaults(func=_conflicts)

    v = sub.add_parser("validate", help="check the ontology, and your own RDF merged with it, against the SHACL shapes")
    v.add_argument("files", nargs="*", type=_file_argument, help="RDF files (Turtle, N-Triples, JSON-LD, RDF/XML...)")
    v.add_argument("--format", choices=DATA_FORMATS, default=None,
                   help="RDF syntax of the files (default: from each file's extension)")
    v.add_argument("--report", type=_file_argument, default=None,
                   help="write the SHACL validation report (.ttl or .json/.jsonld)")
    v.add_argument("--output", choices=("table", "tsv"), default="table", help="how to print the results")
    v.add_argument("--engine", choices=("fast", "pyshacl"), default="fast",
                   help="SHACL engine: fast (pyshacl-turbo, default) or pyshacl (the reference)")
    v.add_argument("--quiet", action="store_true", help="no progress bar")
    v.set_defaults(func=_validate)

    rp = sub.add_parser("report", help="OBO quality report (ROBOT report checks): ERROR, WARN, INFO")
    rp.add_argument("file", nargs="?", type=_file_argument, default=None,
                    help="ontology file (default: the shipped bbao.nt)")
    rp.add_argument("--format", choices=DATA_FORMATS, default=None,
                    help="RDF syntax of the file (default: from its extension)")
    rp.add_argument("--quiet", action="store_true", help="no summary of what was read on the terminal")
    rp.add_argument("--output", choices=("table", "tsv"), default="table")
    rp.add_argument("--base-iri", action="append", metavar="IRI",
                    help="count only violations on entities whose IRI starts with IRI (repeatable), as robot report "
                         "--base-iri; the others are listed as out of scope. Default: https://w3id.org/bbao/ on the "
                         "release; on your FILE, every violation counts (robot report without --base-iri)")
    rp.add_argument("--out-of-scope", action="store_true",
                    help="list every violation left out of scope (the table lists those of level ERROR; TSV gets a "
                         "last column saying why each row is left out, empty when in scope)")
    rp.set_defaults(func=_report)

    s = sub.add_parser("stats", help="terms per source ontology, claims per section and per relation")
    s.set_defaults(func=_stats)

    q = sub.add_parser("query", help="answer a bundled question or a .rq file, on the embedded store or an endpoint",
                       formatter_class=_VocabularyHelp)
    q.add_argument("query", nargs="?", help="name of a bundled query, or a path to a .rq file (none: list them)")
    q.add_argument("--list", action="store_true", help="list the bundled questions and their parameters")
    q.add_argument("--param", action="append", default=[], metavar="NAME=CURIE",
                   help="bind a declared parameter to a CURIE or an absolute IRI; repeatable")
    q.add_argument("--format", choices=TABLE_FORMATS, default="table")
    q.add_argument("--level", action="append", default=[], metavar="LEVEL[,LEVEL]",
                   help="keep only the rows whose ?claim has one of these knowledge levels "
                        "({knowledge_levels}); repeatable")
    q.add_argument("--endpoint", metavar="URL", default=None,
                   help="a SPARQL 1.1 query endpoint to ask instead of the embedded store")
    q.add_argument("--graph", action="append", default=[], metavar="IRI",
                   help="with --endpoint: graph(s) to read (default: the named graphs `bbao load` writes); repeatable")
    q.add_argument("--data", action="append", default=[], type=_file_argument, metavar="FILE",
                   help="your own RDF (claims, classes) to query beside BBAO, read strictly; repeatable")
    q.add_argument("--data-format", choices=DATA_FORMATS, default=None,
                   help="syntax of the --data files (default: from their extension)")
    q.add_argument("--engine", choices=("oxigraph", "maplib", "rdflib"), default="oxigraph",
                   help="embedded engine: oxigraph (default), maplib (columnar, faster on large --data; "
                        "needs bbao[columnar]) or rdflib (slow reference)")
    q.add_argument("--quiet", action="store_true", help="no progress on the terminal while reading --data")
    q.add_argument("--update-expected", action="store_true",
                   help="development: rewrite queries/expected/*.tsv from the embedded store")
    q.set_defaults(func=_query)

    pa = sub.add_parser("path", help="the review's causal chains from one term to another: steps, net sign, "
                                     "weakest knowledge level", formatter_class=_VocabularyHelp)
    pa.add_argument("start", metavar="FROM", help="a CURIE, an IRI or a label (e.g. 'leptin resistance')")
    pa.add_argument("end", metavar="TO", help="a CURIE, an IRI or a label; its kinds and parts count (GO:0001503 "
                                              "ossification takes in osteoblast differentiation)")
    pa.add_argument("--level", action="append", default=[], metavar="LEVEL[,LEVEL]",
                    help="keep only the chains whose every step has one of these knowledge levels "
                         "({knowledge_levels}); repeatable")
    pa.add_argument("--format", choices=("text", *TABLE_FORMATS), default="text",
                    help="text (default: every step with its context and words), or one row per chain")
    pa.add_argument("--endpoint", metavar="URL", default=None,
                    help="a SPARQL 1.1 query endpoint holding the release (`bbao load`) to ask instead of the "
                         "embedded store")
    pa.add_argument("--graph", action="append", default=[], metavar="IRI",
                    help="with --endpoint: graph(s) to read (default: the named graphs `bbao load` writes); repeatable")
    pa.add_argument("--engine", choices=("oxigraph", "rdflib"), default="oxigraph",
                    help="embedded engine: oxigraph (default) or rdflib (slow reference)")
    pa.set_defaults(func=_path)

    ld = sub.add_parser("load",
                        help="put the release artifacts into a triple store, one named graph each (replaces them)")
    ld.add_argument("--endpoint", metavar="URL", required=True,
                    help="SPARQL 1.1 Graph Store Protocol endpoint, e.g. http://localhost:7878/store")
    ld.add_argument("--user", metavar="NAME", default=None,
                    help="user name for HTTP basic or digest authentication; the password comes from "
                         "$BBAO_PASSWORD or ~/.netrc, never from the command line")
    ld.add_argument("--deadline", metavar="SECONDS", type=float, default=600.0,
                    help="give up when the whole load takes longer than this (default 600), however slowly the "
                         "server answers")
    ld.set_defaults(func=_load)

    d = sub.add_parser("docs", help="write the HTML documentation: term pages (pyLODE), claim pages, diagram")
    d.add_argument("outdir", type=_path_argument, help="folder to write the site into (created if needed)")
    d.set_defaults(func=_docs)

    g = sub.add_parser("diagram", help="draw the brain-bone axis from the claims with Graphviz",
                       formatter_class=_VocabularyHelp)
    g.add_argument("--format", choices=("svg", "png", "dot"), default="svg")
    g.add_argument("--section", action="append", metavar="SECTION",
                   help="only claims of this axis direction ({axis_directions}) "
                        "or of review sections whose heading contains these words; repeatable")
    g.add_argument("--out", type=_file_argument, default=None,
                   help="output file, - for standard output (default: bbao-diagram.FORMAT, BBAM_nnnnnnn.FORMAT "
                        "with --mechanism, bbao-mechanisms.FORMAT with --overview)")
    view = g.add_mutually_exclusive_group()
    view.add_argument("--mechanism", metavar="BBAM:nnnnnnn",
                      help="draw one mechanism of the review: its steps left to right in causal order")
    view.add_argument("--mechanisms", metavar="DIR", type=_path_argument,
                      help="write one panel per mechanism into DIR (BBAM_nnnnnnn.FORMAT)")
    view.add_argument("--overview", action="store_true",
                      help="draw the mechanisms between the brain side and the bone side, one box each")
    g.set_defaults(func=_diagram)

    x = sub.add_parser("export",
                       help="write a view of BBAO (full, base, relation-graph, closure, inferred) in an RDF syntax")
    x.add_argument("--format", required=True, choices=("owl", "ttl", "nt", "jsonld", "obo"),
                   help="RDF/XML, Turtle, N-Triples or JSON-LD (obo is refused: no Python library writes it correctly)")
    x.add_argument("--view", choices=("full", "base", "relation-graph", "closure", "inferred"), default="full",
                   help="full: with the import modules; base: BBAO's own axioms; inferred: as `bbao reason` wrote it")
    x.add_argument("--out", type=_file_argument, default=Path("-"), help="output file (default: standard output)")
    x.set_defaults(func=_export)

    df = sub.add_parser("diff", help="terms and claims added, removed and changed between two releases")
    df.add_argument("old", help="an artifact file (bbao.nt, .ttl, .owl) or a git revision (reads its ontology/bbao.nt)")
    df.add_argument("new", help="the same, for the newer release")
    df.add_argument("--tsv", type=_file_argument, default=None, help="also write the changes as TSV to this file")
    df.add_argument("--quiet", action="store_true", help="no summary of what was read on the terminal")
    df.set_defaults(func=_diff)
    return p


def _interrupt(signum: int, frame: object) -> None:
    """Turn SIGTERM into :class:`KeyboardInterrupt`, so ``finally`` blocks clean up as for Ctrl-C."""
    raise KeyboardInterrupt


def _environment_failure(exc: OSError) -> str:
    """What failed, for an OSError that is not the user's input: the file and the system's reason."""
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{exc.strerror or exc}"


def main(argv: list[str] | None = None) -> int:
    """Run one ``bbao`` command with ``argv`` (default: ``sys.argv[1:]``); returns the exit code of
    :data:`EXIT_CODES`, with one message on standard error for every code but 0 and 1. Never raises
    (argparse's own usage errors exit 2 through :class:`SystemExit`)."""
    from bbao.errors import BBAOError

    args = parser().parse_args(argv)
    if argv is None:  # the real command: SIGTERM ends it like Ctrl-C (exit 3, one message), not mid-write
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        return int(args.func(args))
    except BBAOError as exc:
        # where the problem is, unless it is nowhere but in the command itself (Problem's file "bbao")
        told = [problem.message if problem.file == "bbao" and problem.line is None else str(problem)
                for problem in exc.problems]
        if len(told) == 1:
            print(f"bbao {args.command}: error: {told[0]}", file=sys.stderr)
        else:
            print(f"bbao {args.command}: error:", file=sys.stderr)
            for line in told:
                print(f"  {line}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"bbao {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # disk full, permission denied, read-only folder: not the user's input
        print(f"bbao {args.command}: cannot continue: {_environment_failure(exc)}", file=sys.stderr)
        return 3
    except KeyboardInterrupt as exc:  # its argument, if any, says what was undone (bbao.load)
        detail = str(exc) if exc.args else "files already in place were left as they were"
        print(f"bbao {args.command}: interrupted; {detail}", file=sys.stderr)
        return 3
    except Exception as exc:  # a bug: say so in one line, the traceback only on request
        if os.environ.get("BBAO_DEBUG"):
            raise
        print(f"bbao {args.command}: internal error (a bug in bbao, please report it): "
              f"{type(exc).__name__}: {exc}; BBAO_DEBUG=1 shows the traceback", file=sys.stderr)
        return 4


if __name__ == "__main__":
    sys.exit(main())
