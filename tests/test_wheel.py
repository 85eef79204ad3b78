"""The wheel a user installs: it carries the ontology, queries, shapes and mappings, and its commands work in
a fresh environment, outside the repository, without the network.

The wheel is built from this checkout and installed into a new virtual environment; the development
environment's third-party packages are made visible to it through a ``.pth`` file naming their
site-packages folder (the ``.pth`` files inside that folder, among them the editable bbao's, are not
processed), so the bbao that runs is the wheel's and nothing is downloaded.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
#: Every variable that could lead a child to the checkout or to the network.
_DROPPED = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONUSERBASE", "VIRTUAL_ENV", "NO_PROXY", "no_proxy")
_DEAD_PROXY = "http://127.0.0.1:9"


def run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False, **kwargs)  # type: ignore[call-overload]


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, f"{result.args} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel of the checkout (hatchling from the environment when it has it, else in build isolation)."""
    out = tmp_path_factory.mktemp("dist")
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out)]
    if importlib.util.find_spec("hatchling") is not None:
        cmd.append("--no-build-isolation")
    ok(run([*cmd, str(REPO)]))
    [built] = out.glob("bbao-*.whl")
    return built


@pytest.fixture(scope="module")
def names(wheel) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def _pip_has_python_option() -> bool:
    major, minor, *_ = (int(part) for part in importlib.metadata.version("pip").split(".")[:2])
    return (major, minor) >= (22, 3)


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A new virtual environment with only the wheel installed, seeing the development environment's
    third-party packages through a .pth file."""
    root = tmp_path_factory.mktemp("env") / "venv"
    with_pip = not _pip_has_python_option()
    ok(run([sys.executable, "-m", "venv", *([] if with_pip else ["--without-pip"]), str(root)]))
    python = root / "bin" / "python"
    if with_pip:
        ok(run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)]))
    else:
        ok(run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", "--no-index",
                str(wheel)]))
    site = Path(ok(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]))
                .stdout.strip())
    dev = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    (site / "zz_development_packages.pth").write_text("".join(f"{folder}\n" for folder in dev), encoding="utf-8")
    return root


def _network_free() -> list[str]:
    """A prefix that runs a command in a network namespace of its own, when this machine allows it."""
    unshare = shutil.which("unshare")
    if unshare and run([unshare, "--net", "--", "true"]).returncode == 0:
        return [unshare, "--net", "--"]
    return []


@pytest.fixture(scope="module")
def bbao(venv, tmp_path_factory):
    """Run a bbao command of the new environment in an empty folder outside the repository, offline."""
    cwd = tmp_path_factory.mktemp("work")
    home = tmp_path_factory.mktemp("home")
    assert REPO not in cwd.parents
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    env |= {"PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}", "VIRTUAL_ENV": str(venv),
            "HOME": str(home), "PYTHONNOUSERSITE": "1"}
    env |= {name: _DEAD_PROXY for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                                           "ALL_PROXY")}
    prefix = _network_free()

    def call(*args: str, program: str = "bbao") -> subprocess.CompletedProcess[str]:
        result = run([*prefix, str(venv / "bin" / program), *args], cwd=cwd, env=env)
        assert "Traceback" not in result.stderr, result.stderr
        assert list(cwd.iterdir()) == [], f"{args} left files in the working folder"
        return result

    return call


# --- what the wheel carries ---------------------------------------------------------------------------------


def test_the_wheel_carries_the_release_queries_shapes_and_mappings(names):
    assert "bbao/data/ontology/bbao.nt" in names
    assert "bbao/data/ontology/src/claims.tsv" in names
    assert "bbao/data/ontology/src/terms.tsv" in names
    assert "bbao/data/shapes/bbao-shapes.ttl" in names
    assert "bbao/data/mappings/bbao.sssom.tsv" in names
    assert "bbao/py.typed" in names
    queries = {n.removeprefix("bbao/data/queries/") for n in names if n.startswith("bbao/data/queries/")}
    assert {p.name for p in (REPO / "queries").glob("*.rq")} <= queries
    for artifact in ("bbao.owl", "bbao.ttl", "bbao.jsonld", "bbao-base.owl", "bbao-relation-graph.ttl",
                     "bbao-closure.ttl", "bbao-void.ttl", "bbao.context.jsonld"):
        assert f"bbao/data/ontology/{artifact}" in names, artifact
    imports = {p.name for p in (REPO / "ontology" / "imports").glob("*.ttl")}
    assert {f"bbao/data/ontology/imports/{name}" for name in imports} <= set(names)


def test_the_wheel_carries_every_package_module(names):
    modules = {f"bbao/{p.relative_to(REPO / 'src' / 'bbao').as_posix()}" for p in (REPO / "src" / "bbao").rglob("*.py")
               if "__pycache__" not in p.parts}
    assert modules <= set(names)
    assert "bbao/cli.py" in names and "bbao/model.py" in names


def test_the_wheel_has_no_temporary_or_cache_files(names):
    hidden = [n for n in names if any(part.startswith(".") for part in n.split("/"))]
    assert not hidden, f"temporary files in the wheel: {hidden}"
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", "~", ".tmp", ".swp"))]
    assert not [n for n in names if n.startswith(("tests/", "docs/", "benchmarks/"))]


# --- the installed commands -----------------------------------------------------------------------------


def test_bbao_is_imported_from_the_new_environment_not_the_checkout(bbao, venv):
    out = ok(bbao("-c", "import sys, bbao, bbao.paths, rdflib; print(bbao.__file__); print(bbao.paths.data_root()); "
                  "print(rdflib.__file__); print('\\n'.join(sys.path))", program="python")).stdout.splitlines()
    package = Path(out[0]).parent
    assert venv in package.parents
    assert package.name == "bbao"
    assert REPO not in package.parents
    assert Path(out[1]) == package / "data"
    assert venv not in Path(out[2]).parents  # third-party packages come from the development environment
    assert str(REPO / "src") not in out[3:]


def test_query_list_names_every_bundled_query(bbao):
    result = ok(bbao("query", "--list"))
    listed = {line.split()[0] for line in result.stdout.splitlines() if line and not line.startswith(" ")}
    assert listed == {p.stem for p in (REPO / "queries").glob("*.rq")}
    assert "--param process=CURIE (optional, e.g. GO:0001649)" in result.stdout


def _example(listing: str, query: str) -> str:
    lines = listing.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split()[:1] == [query])
    parameter = lines[start + 1].split()
    assert parameter[0] == "--param"
    name = parameter[1].split("=")[0]
    example = lines[start + 1].rsplit("e.g. ", 1)[1].rstrip(")")
    return f"{name}={example}"


def test_a_bundled_query_with_its_example_parameter_gives_the_expected_rows(bbao):
    binding = _example(ok(bbao("query", "--list")).stdout, "bone-process-regulators")
    assert binding == "process=GO:0001649"
    result = ok(bbao("query", "bone-process-regulators", "--param", binding, "--format", "tsv"))
    expected = (REPO / "queries" / "expected" / "bone-process-regulators.example.tsv").read_text(encoding="utf-8")
    assert result.stdout.splitlines() == expected.splitlines()
    assert any("CHEBI:33569\tnoradrenaline\tnegative" in line for line in result.stdout.splitlines())


def test_a_bundled_query_as_a_table(bbao):
    lines = ok(bbao("query", "claims-by-section")).stdout.splitlines()
    expected = (REPO / "queries" / "expected" / "claims-by-section.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split() == expected[0].split("\t")
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert lines[-1] == f"({len(expected) - 1} rows)"
    assert len(lines) == len(expected) + 2
    assert lines[2].startswith("Coordinated Regulation by Neuropeptides and Hormones")


def test_validate_finds_the_shipped_ontology_conforms(bbao):
    result = ok(bbao("validate"))
    assert "the shipped ontology: conforms" in result.stdout


def test_stats_counts_the_claims_and_terms(bbao):
    result = ok(bbao("stats"))
    claims = (REPO / "ontology" / "src" / "claims.tsv").read_text(encoding="utf-8").strip().count("\n")
    assert f"claims: {claims}" in result.stdout
    assert "review statements: " in result.stdout and "claims per knowledge level" in result.stdout
    assert "claims per review section:" in result.stdout
    assert "The Core Regulatory Role of the Sympathetic Nervous System" in result.stdout


def test_an_unknown_query_fails_with_a_message_not_a_traceback(bbao):
    result = bbao("query", "no-such-question")
    assert result.returncode != 0
    assert "no-such-question" in result.stderr


def test_build_reason_and_update_expected_outside_a_project_never_write_into_the_installed_package(bbao, venv):
    site_data = next(venv.glob("lib/python*/site-packages/bbao/data"))

    def files() -> dict[Path, bytes]:
        return {p: p.read_bytes() for folder in ("ontology", "queries/expected")
                for p in (site_data / folder).iterdir() if p.is_file()}

    before = files()
    for command, instead in ((("build",), "--source and --out"),
                             (("build", "--source", str(site_data / "ontology" / "src")), "--source and --out"),
                             (("reason",), "--no-write"), (("query", "--update-expected"), "--format tsv")):
        result = bbao(*command)
        assert result.returncode == 2, (command, result.stderr)
        assert "is not in a BBAO project" in result.stderr and instead in result.stderr, result.stderr
        assert len(result.stderr.splitlines()) == 1  # one line
    assert files() == before


def test_build_works_on_the_project_it_runs_in(venv, tmp_path):
    """A clone with a non-editable install: `bbao build` reads and writes the clone, not site-packages."""
    project = tmp_path / "clone"
    shutil.copytree(REPO / "ontology", project / "ontology")
    claims = project / "ontology" / "src" / "claims.tsv"
    rows = claims.read_text(encoding="utf-8").strip().split("\n")
    claims.write_text("\n".join(row for row in rows if not row.startswith("BBAC:0000158\t")), encoding="utf-8")
    coverage = project / "ontology" / "src" / "coverage.tsv"  # the statement it encoded keeps BBAC:0000001
    coverage.write_text(coverage.read_text(encoding="utf-8").replace("|BBAC:0000158", ""), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED} | {"PYTHONNOUSERSITE": "1"}
    result = run([str(venv / "bin" / "bbao"), "build"], cwd=project / "ontology" / "src", env=env)
    assert result.returncode == 0, result.stderr
    assert f"built {len(rows) - 2} claims" in result.stdout
    assert "BBAC_0000158" not in (project / "ontology" / "bbao.nt").read_text(encoding="utf-8")
