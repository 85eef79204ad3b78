"""In a checkout the data root is the repository, whose folders hold the curated source, queries and shapes;
elsewhere (an installed wheel) it is the package's ``data`` folder."""

from __future__ import annotations

from pathlib import Path

import pytest

import bbao
from bbao import paths
from bbao.errors import BBAOError

REPO = Path(__file__).resolve().parent.parent


def test_in_the_checkout_the_data_root_is_the_repository():
    assert paths.data_root() == REPO
    assert Path(bbao.__file__).resolve().parent == REPO / "src" / "bbao"


def test_the_folders_are_under_the_data_root_and_exist():
    assert paths.ontology_dir() == REPO / "ontology"
    assert paths.source_dir() == REPO / "ontology" / "src"
    assert paths.imports_dir() == REPO / "ontology" / "imports"
    assert paths.queries_dir() == REPO / "queries"
    assert paths.shapes_dir() == REPO / "shapes"
    for folder in (paths.ontology_dir(), paths.source_dir(), paths.imports_dir(), paths.queries_dir(),
                   paths.shapes_dir()):
        assert folder.is_dir(), folder


def test_the_folders_hold_what_they_should():
    for name in ("terms.tsv", "claims.tsv", "metadata.toml"):
        assert (paths.source_dir() / name).is_file(), name
    assert "BBAO:0000001\tclass\tbrain-bone axis claim" in (paths.source_dir() / "terms.tsv").read_text(
        encoding="utf-8")
    assert (paths.ontology_dir() / "bbao.nt").is_file()
    assert (paths.imports_dir() / "ro_import.ttl").is_file()
    queries = {p.stem for p in paths.queries_dir().glob("*.rq")}
    assert {"bone-process-regulators", "top-down-regulation", "claims-by-section"} <= queries
    assert "SELECT" in (paths.queries_dir() / "bone-process-regulators.rq").read_text(encoding="utf-8")
    assert (paths.shapes_dir() / "bbao-shapes.ttl").is_file()
    assert "sh:NodeShape" in (paths.shapes_dir() / "bbao-shapes.ttl").read_text(encoding="utf-8")


def test_outside_a_checkout_the_data_root_is_the_package_data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BBAO_PROJECT", raising=False)
    monkeypatch.setattr(paths, "_REPO", tmp_path / "site-packages-parent")
    assert paths.project_root() is None
    assert paths.data_root() == paths._PACKAGE / "data"
    assert paths.queries_dir() == paths._PACKAGE / "data" / "queries"
    assert paths.source_dir() == paths._PACKAGE / "data" / "ontology" / "src"


def test_the_package_data_is_never_the_folder_a_build_writes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BBAO_PROJECT", raising=False)
    monkeypatch.setattr(paths, "_REPO", tmp_path / "site-packages-parent")
    with pytest.raises(BBAOError, match="is not in a BBAO project"):
        paths.writable_root()


def project(folder: Path) -> Path:
    """A minimal BBAO project layout: ontology/src/terms.tsv."""
    (folder / "ontology" / "src").mkdir(parents=True)
    (folder / "ontology" / "src" / "terms.tsv").write_text("id\n", encoding="utf-8")
    return folder


def test_the_project_is_the_current_folder_or_its_nearest_parent(tmp_path, monkeypatch):
    monkeypatch.delenv("BBAO_PROJECT", raising=False)
    root = project(tmp_path / "clone")
    (root / "docs" / "deep").mkdir(parents=True)
    monkeypatch.chdir(root / "docs" / "deep")
    assert paths.project_root() == root.resolve()
    assert paths.data_root() == root.resolve() and paths.writable_root() == root.resolve()
    assert paths.source_dir() == root.resolve() / "ontology" / "src"


def test_bbao_project_names_the_project_wherever_the_command_runs(tmp_path, monkeypatch):
    root = project(tmp_path / "mine")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BBAO_PROJECT", str(root))
    assert paths.data_root() == root.resolve()
    monkeypatch.setenv("BBAO_PROJECT", str(tmp_path / "nothing-here"))
    with pytest.raises(BBAOError, match="is not a BBAO project"):
        paths.data_root()


def test_an_editable_checkout_serves_commands_run_outside_any_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BBAO_PROJECT", raising=False)
    checkout = project(tmp_path / "repo")
    monkeypatch.setattr(paths, "_REPO", checkout)
    assert paths.data_root() == paths._PACKAGE / "data"  # terms.tsv alone is not a checkout
    (checkout / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    assert paths.data_root() == checkout


def test_reference_dir_is_none_when_absent(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "_REPO", tmp_path / "repo")
    assert paths.reference_dir() is None
    (tmp_path / "shared" / "reference").mkdir(parents=True)
    assert paths.reference_dir() is None  # the folder alone is not a reference: it needs terms.tsv


def test_reference_dir_is_the_shared_reference_beside_the_repository(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "_REPO", tmp_path / "repo")
    reference = tmp_path / "shared" / "reference"
    reference.mkdir(parents=True)
    (reference / "terms.tsv").write_text("id\tlabel\n", encoding="utf-8")
    assert paths.reference_dir() == reference


def test_reference_dir_in_the_checkout():
    expected = REPO.parent / "shared" / "reference"
    found = paths.reference_dir()
    if (expected / "terms.tsv").is_file():
        assert found == expected
    else:
        assert found is None


def test_the_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("BBAO_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert paths.cache_dir() == tmp_path / "bbao"
    monkeypatch.setenv("BBAO_CACHE_DIR", str(tmp_path / "c"))
    assert paths.cache_dir() == tmp_path / "c"
