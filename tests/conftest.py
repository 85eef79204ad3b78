"""Shared fixtures: the built ontology (loaded once) and the verified reference beside the repository."""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from bbao import paths
from bbao.store import load_graph

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The tests keep Bioregistry's cached answers (``bbao.prefixes.cache_dir``) in a folder of their own,
    never in the user's ``~/.cache/bbao``; processes the tests start inherit it."""
    folder = tmp_path_factory.mktemp("bbao-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BBAO_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session", autouse=True)
def sparql_parsed_once() -> Iterator[None]:
    """rdflib parses a SPARQL text anew at every ``Graph.query`` (pyparsing: about 0.08 s a query). pySHACL, the
    reference validation engine, sends the same SPARQL constraints on every case, so most of its time went to
    parsing them again. Here a text that declares every prefix it uses is parsed and translated once per test
    process and the translated query reused (rdflib's ``prepareQuery`` does the same); a text that relies on the
    graph's own prefixes (it does not translate without them) goes the usual way. No answer changes."""
    from rdflib.plugins.sparql import processor

    translated: dict[tuple[str, str | None], object] = {}
    real = processor.SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # type: ignore[no-untyped-def]
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base)
            if key not in translated:
                try:
                    translated[key] = processor.translateQuery(processor.parseQuery(strOrQuery), base, {})
                except Exception:  # an undeclared prefix, or a syntax error the real call reports
                    return real(self, strOrQuery, initBindings, initNs, base, DEBUG)
            strOrQuery = translated[key]
        return real(self, strOrQuery, initBindings, initNs, base, DEBUG)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(processor.SPARQLProcessor, "query", query)
        yield


def _once_per_run(tmp_path_factory: pytest.TempPathFactory, worker_id: str, name: str,
                  make: Callable[[Path], None]) -> Path:
    """A folder ``make(folder)`` fills once per test run: under pytest-xdist the first worker to ask makes it
    (under a lock) in the run's own temporary folder, and the other workers use what it made; one process
    (``-n 0``) makes its own. The folder is shared: tests only read it."""
    if worker_id == "master":
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    shared = tmp_path_factory.getbasetemp().parent  # this run's folder, the same for all its workers
    folder = shared / name
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not folder.is_dir():
            staging = shared / f"{name}.part"
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir()
            make(staging)
            staging.rename(folder)
    return folder


@pytest.fixture(scope="session")
def shipped_files(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> dict[Path, bytes]:
    """What `bbao build` compiles the shipped source to, once per test run (:func:`_once_per_run`): each release
    file's bytes by its path relative to the folder that holds ``ontology/`` (``ontology/bbao.owl``,
    ``mappings/...``). Tests about writing or checking a release start from these bytes instead of compiling the
    source again."""
    from bbao.build import build

    def make(folder: Path) -> None:
        out = folder / "ontology"
        _, files, _ = build(out_dir=out, write=False, validate=False, fresh_prefixes=False)
        (folder / "files.pickle").write_bytes(pickle.dumps({path.relative_to(folder): data
                                                            for path, data in files.items()}))

    files: dict[Path, bytes] = pickle.loads((_once_per_run(tmp_path_factory, worker_id, "shipped-build", make)
                                             / "files.pickle").read_bytes())
    return files


@pytest.fixture(scope="session")
def docs_site(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The documentation site `bbao docs` generates from the shipped release, once per test run (read only)."""
    from bbao.cli import main

    def make(folder: Path) -> None:
        assert main(["docs", str(folder)]) == 0

    return _once_per_run(tmp_path_factory, worker_id, "docs-site", make)


@pytest.fixture(scope="session")
def graph() -> Graph:
    return load_graph()


@pytest.fixture(scope="session")
def relation_graph() -> Graph:
    return Graph().parse(paths.ontology_dir() / "bbao-relation-graph.ttl")


@pytest.fixture(scope="session")
def reference() -> Path:
    """The verified reference (../shared/reference); tests comparing against it skip without it."""
    ref = SHARED / "reference"
    if not (ref / "terms.tsv").is_file():
        pytest.skip("../shared/reference is absent: comparison with the verified reference skipped")
    return ref


@pytest.fixture(scope="session")
def review_text() -> str:
    path = SHARED / "source" / "brain-bone-axis-review.txt"
    if not path.is_file():
        pytest.skip("../shared/source/brain-bone-axis-review.txt is absent: excerpt check against it skipped")
    return path.read_text(encoding="utf-8")


@pytest.fixture()
def source_copy(tmp_path: Path) -> Path:
    """A writable copy of ontology/src and ontology/imports, for tests that break the source."""
    shutil.copytree(paths.source_dir(), tmp_path / "ontology" / "src")
    shutil.copytree(paths.imports_dir(), tmp_path / "ontology" / "imports")
    return tmp_path / "ontology" / "src"


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every attempt to open a socket fails the test (for readers that must never fetch anything)."""
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def interrupt_renames(monkeypatch: pytest.MonkeyPatch, after: int) -> list[str]:
    """Make the release writer's renames raise KeyboardInterrupt (a Ctrl-C) once ``after`` files are in place;
    returns the list that fills with the names renamed so far."""
    from bbao import release

    real, renamed = os.replace, []

    def replace(src: str | Path, dst: str | Path) -> None:
        if len(renamed) == after:
            raise KeyboardInterrupt
        real(src, dst)
        renamed.append(Path(dst).name)

    monkeypatch.setattr(release.os, "replace", replace)
    return renamed


#: The test modules that take longest (seconds of a run on the project's machine, 2026-11-30: test_reason 40,
#: test_explain 30, test_build 20, test_load 20, test_cli 17...). pytest-xdist (``--dist loadfile``) hands each
#: worker a whole module at a time in the order they are collected, so these go first and the short ones fill
#: in at the end, instead of a long module starting last while the other worker has nothing left to do.
LONGEST_FIRST = ("test_reason.py", "test_explain.py", "test_build.py", "test_load.py", "test_cli.py",
                 "test_export.py", "test_query.py", "test_validate.py", "test_build_release.py", "test_obo_tools.py",
                 "test_virtuoso.py", "test_columnar.py", "test_docs.py", "test_docs_browser.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order the collected tests module by module, :data:`LONGEST_FIRST` first (each module's own order kept)."""
    rank = {name: index for index, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def pytest_configure(config: pytest.Config) -> None:
    """The test processes collect garbage less often (the first generation at 50,000 allocations instead of 700):
    the tests build and drop rdflib graphs of tens of thousands of terms, all alive until the test ends, and
    CPython's default thresholds walked them over and over (measured 2026-11-30, 5 query, validation, export and
    reader modules in one process: 57.4 s of CPU, 51.6 s with these). Nothing checked changes; processes the
    tests start (bbao commands, reasoners) keep Python's defaults."""
    import gc

    gc.set_threshold(50_000, 20, 100)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection made (modules, test items) lives until the end: moved out of the collector's reach."""
    import gc

    gc.freeze()
