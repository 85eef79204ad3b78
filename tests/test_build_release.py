"""`bbao build` writes its release as one set or not at all: a killed or interrupted build is named by
``bbao build --check`` and completed by the next build; a second build is refused while the first writes; the
inferred products are covered by the check; files follow the umask; a file that cannot be written is named.

The shipped source and a next version of it are each compiled once for the module (``shipped``, ``upcoming``);
tests that are about the release writer and the check give those bytes to :func:`bbao.release.write_release`
and :func:`bbao.build.stale_files`, which `bbao build` and `bbao build --check` call, instead of compiling the
same source again; the builds that matter (killed, paused, refused) are real `bbao build` processes."""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from bbao import paths
from bbao.artifacts import product
from bbao.build import BUILT, build, stale_files, stale_summary
from bbao.cli import main
from bbao.errors import BBAOError
from bbao.release import MANIFEST, digest, read_manifest, write_release
from conftest import interrupt_renames

Release = dict[Path, bytes]  # a release's files by path relative to the folder holding ``ontology/``


def relative(files: Mapping[Path, bytes], out: Path) -> Release:
    return {path.relative_to(out.parent): data for path, data in files.items()}


def at(release: Release, out: Path) -> dict[Path, bytes]:
    """``release`` as it is written into the release folder ``out`` (``out.parent`` holds ``mappings``)."""
    return {out.parent / path: data for path, data in release.items()}


@pytest.fixture(scope="module")
def built_once(shipped_files: Release, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Release]:
    """A release folder (``ontology`` beside ``mappings``) holding the shipped source's release, written as
    `bbao build` writes it, and its files."""
    out = tmp_path_factory.mktemp("shipped") / "ontology"
    write_release(out, "build", at(shipped_files, out))
    return out, shipped_files


@pytest.fixture(scope="module")
def shipped(built_once: tuple[Path, Release]) -> Release:
    """The files the shipped source compiles to."""
    return built_once[1]


@pytest.fixture(scope="module")
def upcoming(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Release]:
    """A copy of the shipped source with another version (:func:`new_version`) and the files it compiles to."""
    folder = tmp_path_factory.mktemp("upcoming")
    shutil.copytree(paths.source_dir(), folder / "ontology" / "src")
    shutil.copytree(paths.imports_dir(), folder / "ontology" / "imports")
    source = new_version(folder / "ontology" / "src")
    out = folder / "ontology"
    _, files, _ = build(source, out, write=False, validate=False, fresh_prefixes=False)
    return source, relative(files, out)


@pytest.fixture()
def shipped_release(built_once: tuple[Path, Release], tmp_path: Path) -> Path:
    """A copy of ``built_once`` in this test's folder: ``tmp_path/release/ontology``."""
    out = tmp_path / "release" / "ontology"
    shutil.copytree(built_once[0].parent, out.parent)
    return out


# --- a release is written as one set or not at all -----------------------------------------------------------

#: Runs ``bbao ARGS...`` with ``os.replace`` stopping at the rename number ``argv[1]`` (0: the first) of a file
#: into the folder ``argv[3]``: ``kill`` kills the process there with SIGKILL, ``pause`` waits for a line on stdin.
AT_RENAME = """
import os, signal, sys
from bbao.cli import main
real, done = os.replace, []
def replace(src, dst):
    if str(dst).startswith(sys.argv[3]):
        if len(done) == int(sys.argv[1]):
            if sys.argv[2] == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            print("renaming", dst, flush=True)
            sys.stdin.readline()
        done.append(dst)
    real(src, dst)
os.replace = replace
sys.exit(main(sys.argv[4:]))
"""


def new_version(source_copy: Path) -> Path:
    """The copied source with another version: every RDF artifact changes (its version IRI)."""
    metadata = source_copy / "metadata.toml"
    text = metadata.read_text(encoding="utf-8")
    assert 'version = "2026-11-24"' in text
    metadata.write_text(text.replace('version = "2026-11-24"', 'version = "2026-12-01"'), encoding="utf-8")
    return source_copy


def check(capsys, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["build", "--check", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def check_against(release: Release, out: Path) -> tuple[int, str]:
    """What `bbao build --check --out OUT` answers when the source compiles to ``release`` (its exit code and
    output, as :func:`bbao.cli.main` prints them)."""
    stale = stale_files(at(release, out), out)
    return (1 if stale else 0), "".join(f"{line}\n" for line in [*map(str, stale), stale_summary(stale)])


def hidden_files(*folders: Path) -> list[str]:
    return sorted(p.name for folder in folders for p in folder.iterdir() if p.name.startswith("."))


def test_a_build_killed_between_renames_is_reported_by_check_and_completed_by_the_next_build(
        upcoming, shipped_release, capsys):
    out = shipped_release
    old = {p: p.read_bytes() for p in (out / "bbao.owl", out / "bbao.nt")}
    source, release = upcoming
    args = ["build", "--source", str(source), "--out", str(out)]
    killed = subprocess.run([sys.executable, "-c", AT_RENAME, "2", "kill", str(out.parent), *args],
                            capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    # the manifest and bbao.owl were renamed, bbao.ttl was next: bbao.owl is new, bbao.nt still old
    assert (out / "bbao.owl").read_bytes() != old[out / "bbao.owl"]
    assert (out / "bbao.nt").read_bytes() == old[out / "bbao.nt"]
    assert hidden_files(out, out.parent / "mappings")  # SIGKILL leaves the staged files: nothing can remove them

    code, text = check(capsys, "--source", str(source), "--out", str(out))  # `bbao build --check` itself
    assert code == 1, text
    assert f"{out / 'bbao.nt'}: does not match, though bbao-release.json lists it: a `bbao build` was interrupted" \
        in text
    assert f"{out / 'bbao.owl'}:" not in text  # renamed before the kill: complete
    assert re.search(rf"{re.escape(str(out))}/\.bbao\.ttl\.[0-9a-f]{{8}}\.partial: temporary file left by an "
                     r"interrupted run", text), text
    assert text.rstrip().endswith("run `bbao build`")

    write_release(out, "build", at(release, out))  # what the next `bbao build` writes
    assert hidden_files(out, out.parent / "mappings") == []
    assert check_against(release, out)[0] == 0


def test_an_interrupted_build_is_named_by_check_and_leaves_no_temporary_file(
        upcoming, shipped, shipped_release, monkeypatch):
    out = shipped_release
    files = [out / a.file if a.folder == "ontology" else out.parent / a.folder / a.file for a in BUILT]
    old = {path: path.read_bytes() for path in files}
    new = at(upcoming[1], out)
    renamed = interrupt_renames(monkeypatch, after=3)
    with pytest.raises(KeyboardInterrupt):
        write_release(out, "build", new)  # as `bbao build` writes the release it compiled
    monkeypatch.undo()
    assert renamed == [MANIFEST, "bbao.owl", "bbao.ttl"]
    assert hidden_files(out, out.parent / "mappings") == []

    code, text = check_against(upcoming[1], out)
    assert code == 1
    left = [path for path in list(new)[2:] if new[path] != old[path]]  # after bbao.owl and bbao.ttl, what changes
    assert len(left) >= 5
    named = [line.split(": ")[0] for line in text.splitlines() if "does not match" in line]
    assert named == [str(path) for path in left]
    assert text.rstrip().endswith(f"{len(left)} file(s) out of date or half-written: run `bbao build`")
    code, text = check_against(shipped, out)  # against the shipped source: the new files are out of date
    assert code == 1 and f"{out / 'bbao.owl'}: out of date: the source changed since `bbao build`" in text

    written = write_release(out, "build", new)
    assert written == left  # the next build writes what the interrupted one left unwritten
    assert check_against(upcoming[1], out)[0] == 0


def test_a_second_build_into_the_same_folder_is_refused_while_the_first_writes(upcoming, shipped, tmp_path, capsys):
    out = tmp_path / "release" / "ontology"
    source, release = upcoming
    first = subprocess.Popen(
        [sys.executable, "-c", AT_RENAME, "0", "pause", str(out.parent), "build", "--source", str(source),
         "--out", str(out)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert first.stdout is not None and first.stdin is not None
        assert first.stdout.readline().startswith("renaming"), first.stderr.read() if first.stderr else ""
        capsys.readouterr()
        assert main(["build", "--out", str(out)]) == 2  # the shipped source: another release
        err = capsys.readouterr().err
        assert f"another bbao build is writing {out}" in err and "Traceback" not in err
        with pytest.raises(BBAOError, match="another bbao build is writing"):  # `build --check`: exit 2
            stale_files(at(shipped, out), out)  # no reading a half-renamed folder either
        first.stdin.write("\n")
        first.stdin.flush()
        assert first.wait(timeout=60) == 0
    finally:
        first.kill()
        first.wait()
    assert check_against(release, out)[0] == 0  # the first build's set, whole
    assert write_release(out, "build", at(shipped, out))  # and once it is done, the next build may write


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600)])
def test_built_files_follow_the_umask(shipped, tmp_path, umask, mode):
    out = tmp_path / "ontology"
    previous = os.umask(umask)
    try:
        written = [str(path) for path in write_release(out, "build", at(shipped, out))]
    finally:
        os.umask(previous)
    for path in written:
        assert stat.S_IMODE(os.stat(path).st_mode) == mode, path
    assert sorted(written) == sorted(str(p) for p in tmp_path.rglob("*") if p.is_file())
    assert len(written) == len(BUILT) + 1  # and the release manifest


def test_check_covers_the_inferred_products(upcoming, shipped, shipped_release, capsys):
    out = shipped_release
    inferred = {out / a.file: a.path().read_bytes() for a in product("inferred")}
    for path, data in inferred.items():
        path.write_bytes(data)
    code, text = check(capsys, "--out", str(out))
    assert code == 1 and f"{out / 'bbao-inferred.ttl'}: bbao-release.json has no record of the `bbao reason`" in text

    read = {path: digest(path.read_bytes()) for path in (out / "bbao.owl", out / "bbao.nt")}
    write_release(out, "reason", inferred, read)  # as `bbao reason` records its release
    assert read_manifest(out)["reason"].inputs == {path.name: sha for path, sha in read.items()}
    assert check_against(shipped, out)[0] == 0

    (out / "bbao-inferred.ttl").write_bytes(b"# half written\n")  # what a killed `bbao reason` leaves
    code, text = check_against(shipped, out)
    assert code == 1
    assert f"{out / 'bbao-inferred.ttl'}: does not match, though bbao-release.json lists it: a `bbao reason` was " \
           "interrupted" in text
    assert f"{out / 'bbao-inferred.owl'}" not in text
    assert text.rstrip().endswith("1 file(s) out of date or half-written: run `bbao reason`")
    (out / "bbao-inferred.ttl").write_bytes(inferred[out / "bbao-inferred.ttl"])

    write_release(out, "build", at(upcoming[1], out))  # a new bbao.owl: the inferred product is from the old one
    code, text = check_against(upcoming[1], out)
    assert code == 1
    for path in inferred:
        assert f"{path}: bbao.nt and bbao.owl changed since `bbao reason` wrote it" in text
    assert text.rstrip().endswith("2 file(s) out of date or half-written: run `bbao reason`")
    code, text = check_against(shipped, out)  # the shipped source, from which they were reasoned
    assert code == 1 and text.rstrip().endswith("run `bbao build`") and "bbao-inferred" not in text
    third = {path: data + b"\n" if path.name in ("bbao.owl", "bbao.nt") else data
             for path, data in upcoming[1].items()}  # a third source: another bbao.owl and bbao.nt
    code, text = check_against(third, out)  # both stale
    assert code == 1 and text.rstrip().endswith("run `bbao build` and then `bbao reason`")


def test_a_manifest_that_is_not_one_is_named_by_check_and_rewritten_by_build(shipped, shipped_release, capsys):
    out = shipped_release
    (out / MANIFEST).write_text('{"build": {"files": {"bbao.owl": 1}', encoding="utf-8")
    code, text = check_against(shipped, out)
    assert code == 1 and "Traceback" not in text
    assert text.splitlines() == [
        f"{out / MANIFEST}: line 1, column 36: not a release manifest: Expecting ',' delimiter",
        "1 file(s) out of date or half-written: run `bbao build`"]
    written = write_release(out, "build", at(shipped, out))
    assert written == [out / MANIFEST]
    assert check_against(shipped, out)[0] == 0


def test_a_release_file_that_cannot_be_written_exits_2_naming_it(shipped, tmp_path, capsys):
    out = tmp_path / "ontology"
    (out / "bbao.nt").mkdir(parents=True)  # a folder where the release has a file
    assert main(["build", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{out / 'bbao.nt'}: a folder, not a file: name the file to write" in err and "Traceback" not in err
    assert hidden_files(out, tmp_path / "mappings") == []
    (out / "bbao.nt").rmdir()
    write_release(out, "build", at(shipped, out))
    assert check_against(shipped, out)[0] == 0
