"""The package's layout: no import cycle between bbao modules, one test module per package module, and the
compiler (bbao.build) imported only by the command line and the benchmarks."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "src" / "bbao"
TESTS = REPO / "tests"

#: Package modules without a test module of their own, each with the reason.
NO_TEST_MODULE: dict[str, str] = {
    "bbao": "the package's __init__: re-exports only",
}
#: Modules allowed to import the compiler: the command line runs it (the benchmarks are outside the package).
MAY_IMPORT_BUILD = {"bbao.build", "bbao.cli"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def top_level_imports(body: list[ast.stmt]) -> list[ast.Import | ast.ImportFrom]:
    """Import statements run when the module is imported: top level, and inside top-level ``if``/``try``
    blocks, but not under ``if TYPE_CHECKING:`` and not inside functions or classes."""
    found: list[ast.Import | ast.ImportFrom] = []
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If):
            if not is_type_checking(node.test):
                found += top_level_imports(node.body)
            found += top_level_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                found += top_level_imports(block)
    return found


def imported_modules(name: str, path: Path, statements: list[ast.Import | ast.ImportFrom],
                     known: set[str]) -> set[str]:
    """The bbao modules that ``statements`` of module ``name`` import."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in statements:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known:
                    targets.add(alias.name)
                elif alias.name.startswith("bbao."):
                    targets.add(alias.name.rpartition(".")[0])
            continue
        if node.level:  # relative: from . import x, from .x import y
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            source = f"{base}.{node.module}" if node.module else base
        else:
            source = node.module or ""
        if source != "bbao" and not source.startswith("bbao."):
            continue
        for alias in node.names:
            submodule = f"{source}.{alias.name}"
            targets.add(submodule if submodule in known else source)
    targets.discard(name)
    return targets & known


def import_graph(runtime_only: bool) -> dict[str, set[str]]:
    known = set(modules())
    graph: dict[str, set[str]] = {}
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        if runtime_only:
            statements = top_level_imports(tree.body)
        else:
            statements = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
        graph[name] = imported_modules(name, path, statements, known)
    return graph


def test_the_import_scanner_sees_the_kinds_of_import():
    tree = ast.parse(
        "import bbao.paths\n"
        "from bbao import errors, BBAOError\n"
        "from bbao.model import FIELD_PROPERTY\n"
        "from . import tables\n"
        "from .claims import read_claims\n"
        "import os\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from bbao.store import Backend\n"
        "try:\n"
        "    from bbao.progress import step\n"
        "except ImportError:\n"
        "    pass\n"
        "def later():\n"
        "    from bbao.build import build\n"
    )
    known = {"bbao", "bbao.paths", "bbao.errors", "bbao.model", "bbao.tables", "bbao.claims", "bbao.store",
             "bbao.progress", "bbao.build", "bbao.x"}
    found = imported_modules("bbao.x", PACKAGE / "x.py", top_level_imports(tree.body), known)
    assert found == {"bbao", "bbao.paths", "bbao.errors", "bbao.model", "bbao.tables", "bbao.claims",
                     "bbao.progress"}


@pytest.mark.parametrize("runtime_only", [True, False], ids=["module-level", "anywhere"])
def test_there_is_no_import_cycle_among_bbao_modules(runtime_only):
    """No cycle at import time, nor through the imports deferred into functions (a deferred import that
    closes a cycle is a cycle the reader must still hold in their head)."""
    graph = import_graph(runtime_only=runtime_only)
    assert "bbao.model" in graph and "bbao.errors" in graph
    try:
        order = list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:
        cycle = error.args[1]
        raise AssertionError("import cycle: " + " -> ".join(cycle)) from None
    assert set(order) == set(graph)


def test_the_shared_modules_sit_low_in_the_import_graph():
    """The vocabulary, registry and helpers every command uses must not pull in the heavy modules."""
    graph = import_graph(runtime_only=True)
    light = {"bbao.errors", "bbao.paths", "bbao.prefixes", "bbao.model", "bbao.artifacts", "bbao.claims",
             "bbao.rdfterms", "bbao.tables", "bbao.progress"}

    def reachable(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for target in graph.get(todo.pop(), ()):
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        return seen

    for name in sorted(light & set(graph)):
        heavy = reachable(name) - light - {"bbao"}
        assert not heavy, f"{name} imports {sorted(heavy)} at import time"


def test_every_package_module_has_its_own_test_module():
    missing = []
    for name in modules():
        if name in NO_TEST_MODULE:
            continue
        short = name.rpartition(".")[2]
        if short.startswith("_"):  # private helpers are tested through their public module
            continue
        if not (TESTS / f"test_{name.removeprefix('bbao.').replace('.', '_')}.py").is_file():
            missing.append(name)
    assert not missing, f"package modules without tests/test_<name>.py: {', '.join(missing)}"


def test_the_listed_exceptions_are_real_modules():
    assert set(NO_TEST_MODULE) <= set(modules())


def test_only_the_command_line_imports_the_compiler():
    importers = sorted(name for name, targets in import_graph(runtime_only=False).items()
                       if "bbao.build" in targets and name not in MAY_IMPORT_BUILD)
    assert not importers, f"modules importing bbao.build (take the vocabulary from bbao.model): {importers}"


def public_definitions() -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef]]:
    """Every public function, class and method of the package, with where it is."""
    found: list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef]] = []

    def visit(where: str, body: list[ast.stmt]) -> None:
        for node in body:
            definition = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            overload = definition and any(  # typing.overload stubs: the implementation carries the docstring
                (d.id if isinstance(d, ast.Name) else d.attr if isinstance(d, ast.Attribute) else "") == "overload"
                for d in node.decorator_list)
            if definition and not overload and not node.name.startswith("_"):
                found.append((f"{where}:{node.lineno} {node.name}", node))
                if isinstance(node, ast.ClassDef):
                    visit(where, node.body)

    for name, path in modules().items():
        visit(name, ast.parse(path.read_text(encoding="utf-8")).body)
    return found


def test_every_public_definition_has_a_docstring():
    missing = [where for where, node in public_definitions() if not ast.get_docstring(node)]
    assert not missing, f"public definitions without a docstring: {missing}"


def test_a_public_function_that_raises_says_so():
    """A public function with a ``raise`` of its own names it in its docstring ("raises", or the exception)."""
    silent = []
    for where, node in public_definitions():
        if isinstance(node, ast.ClassDef):
            continue
        raised = {ast.unparse(r.exc).split("(")[0].rsplit(".", 1)[-1] for r in ast.walk(node)
                  if isinstance(r, ast.Raise) and r.exc is not None}
        doc = ast.get_docstring(node) or ""
        if raised and "raise" not in doc.lower() and not any(name in doc for name in raised):
            silent.append(f"{where} raises {sorted(raised)}")
    assert not silent, f"docstrings that do not say what the function raises: {silent}"
