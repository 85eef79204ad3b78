"""Writing a release as one set: staged and fsync'd, recorded in the manifest, renamed, under a lock; no
temporary file left on any failure; modes that follow the umask; an interrupted release named and completed."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bbao import release
from bbao.errors import BBAOError
from bbao.release import MANIFEST, Record, leftovers, lock, read_manifest, unmatched, write_release

# Two files of a release as bbao build lays it out: one in the output folder, one in the sibling mappings folder.
OWL = b'<?xml version="1.0"?>\n<rdf:RDF><owl:Class rdf:about="http://purl.obolibrary.org/obo/GO_0001649"/></rdf:RDF>\n'
TTL = b"<http://purl.obolibrary.org/obo/GO_0001649> a <http://www.w3.org/2002/07/owl#Class> .\n"
SSSOM = b"subject_id\tpredicate_id\tobject_id\nBBAO:0000010\tskos:closeMatch\tHGNC:1043\n"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def layout(tmp_path: Path, owl: bytes = OWL, ttl: bytes = TTL, sssom: bytes = SSSOM) -> tuple[Path, dict[Path, bytes]]:
    out = tmp_path / "ontology"
    return out, {out / "bbao.owl": owl, out / "bbao.ttl": ttl, tmp_path / "mappings" / "bbao.sssom.tsv": sssom}


def hidden(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in tmp_path.rglob(".*"))


def test_a_release_is_recorded_before_it_is_renamed_and_rewritten_only_where_it_changed(tmp_path):
    out, files = layout(tmp_path)
    assert write_release(out, "build", files) == [out / MANIFEST, *files]
    assert {p: p.read_bytes() for p in files} == files
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["build"] == {"files": {"bbao.owl": sha(OWL), "bbao.ttl": sha(TTL),
                                           "../mappings/bbao.sssom.tsv": sha(SSSOM)}}
    assert set(manifest) == {"about", "build"}  # no timestamp, nothing but digests
    assert hidden(tmp_path) == []
    first = (out / MANIFEST).read_bytes()

    assert write_release(out, "build", files) == []  # the same release: nothing written
    _, changed = layout(tmp_path, ttl=TTL.replace(b"Class", b"ObjectProperty"))
    assert write_release(out, "build", changed) == [out / MANIFEST, out / "bbao.ttl"]
    assert (out / MANIFEST).read_bytes() != first

    again = tmp_path / "again"
    again_out, again_files = layout(again)
    write_release(again_out, "build", again_files)
    assert (again_out / MANIFEST).read_bytes() == first  # deterministic, relocatable


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_files_get_the_mode_the_umask_gives_any_new_file(tmp_path, umask, mode):
    out, files = layout(tmp_path)
    previous = os.umask(umask)
    try:
        write_release(out, "build", files)
        (tmp_path / "mine.txt").write_bytes(b"a file the user creates\n")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "mine.txt").stat().st_mode) == mode
    for path in [out / MANIFEST, *files]:
        assert stat.S_IMODE(path.stat().st_mode) == mode, path.name


def interrupt_after(monkeypatch, renames: int, error: BaseException) -> list[tuple[str, str]]:
    """Make ``os.replace`` (as bbao.release calls it) raise ``error`` once ``renames`` renames are done."""
    done: list[tuple[str, str]] = []
    real = os.replace

    def replace(src, dst):
        if len(done) == renames:
            raise error
        real(src, dst)
        done.append((str(src), str(dst)))

    monkeypatch.setattr(release.os, "replace", replace)
    return done


def test_an_interrupt_between_renames_leaves_no_temporary_file_and_is_named_then_completed(tmp_path, monkeypatch):
    out, old = layout(tmp_path)
    write_release(out, "build", old)
    _, new = layout(tmp_path, b"<new owl/>\n", b"# new ttl\n", b"new sssom\n")
    done = interrupt_after(monkeypatch, 2, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        write_release(out, "build", new)
    assert [Path(dst).name for _, dst in done] == [MANIFEST, "bbao.owl"]  # the manifest first, then the files
    assert hidden(tmp_path) == []  # the staged .bbao.ttl and .bbao.sssom.tsv temporaries are gone
    record = read_manifest(out)["build"]
    assert record.files["bbao.ttl"] == sha(b"# new ttl\n")  # the manifest already lists the whole new set
    assert unmatched(out, record) == [tmp_path / "mappings" / "bbao.sssom.tsv", out / "bbao.ttl"]

    monkeypatch.undo()
    assert write_release(out, "build", new) == [out / "bbao.ttl", tmp_path / "mappings" / "bbao.sssom.tsv"]
    assert unmatched(out, read_manifest(out)["build"]) == []
    assert {p: p.read_bytes() for p in new} == new


def test_a_failure_while_staging_replaces_nothing_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    out, old = layout(tmp_path)
    write_release(out, "build", old)
    before = {p: p.read_bytes() for p in [out / MANIFEST, *old]}
    real_fsync, calls = os.fsync, []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 3:  # the third staged file cannot be flushed (disk full, say)
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(release.os, "fsync", fsync)
    _, new = layout(tmp_path, b"<new owl/>\n", b"# new ttl\n", b"new sssom\n")
    with pytest.raises(OSError, match="cannot write the `bbao build` release: No space left on device") as info:
        write_release(out, "build", new)  # the machine's state, not the user's input: the CLI exits 3
    assert not isinstance(info.value, BBAOError) and info.value.errno == 28
    assert {p: p.read_bytes() for p in before} == before  # not even the manifest was replaced
    assert hidden(tmp_path) == []


def test_a_file_that_cannot_be_replaced_is_named_and_no_temporary_file_is_left(tmp_path):
    out, files = layout(tmp_path)
    (out / "bbao.ttl").mkdir(parents=True)  # a folder where the release has a file
    with pytest.raises(BBAOError, match=r"bbao\.ttl: a folder, not a file: name the file to write"):
        write_release(out, "build", files)
    assert hidden(tmp_path) == []
    assert unmatched(out, read_manifest(out)["build"]) == [tmp_path / "mappings" / "bbao.sssom.tsv", out / "bbao.ttl"]


def test_a_second_writer_is_refused_while_the_first_holds_the_folder(tmp_path):
    out, files = layout(tmp_path)
    out.mkdir()
    with lock([out]), pytest.raises(BBAOError, match=f"another bbao build is writing {out}"):
        write_release(out, "build", files)
    assert not (out / MANIFEST).exists() and not (out / "bbao.owl").exists()
    with lock([out], shared=True), lock([out], shared=True):  # readers share
        with pytest.raises(BBAOError, match="another bbao build is writing"):
            write_release(out, "build", files)
    with lock([out]), pytest.raises(BBAOError, match="another bbao build is writing"), lock([out], shared=True):
        pass
    write_release(out, "build", files)  # released when the blocks end


def test_the_lock_holds_across_processes_and_dies_with_its_holder(tmp_path):
    out, files = layout(tmp_path)
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; from bbao.release import lock\n"
         "with lock([Path(sys.argv[1])]):\n    print('locked', flush=True); sys.stdin.readline()", str(out)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        with pytest.raises(BBAOError, match=f"another bbao build is writing {out}"):
            write_release(out, "build", files)
    finally:
        holder.kill()
        holder.wait()
    assert write_release(out, "build", files)[0] == out / MANIFEST


def test_leftovers_of_a_killed_run_are_found_and_removed_and_nothing_else(tmp_path):
    out, files = layout(tmp_path)
    out.mkdir()
    (tmp_path / "mappings").mkdir()
    stale = [out / ".bbao.owl.1a2b3c4d.partial", out / ".bbao.nt.k2j_x9ab",  # this writer's, and mkstemp's
             out / ".bbao-release.json.0f0f0f0f.partial", tmp_path / "mappings" / ".bbao.sssom.tsv.abcdefgh"]
    kept = [out / ".gitkeep", out / ".notes.txt.abcdefgh", out / "bbao.owl.1a2b3c4d.partial"]
    for path in stale + kept:
        path.write_bytes(b"partial")
    assert leftovers([out, tmp_path / "mappings"]) == sorted(stale)
    write_release(out, "build", files)
    assert leftovers([out, tmp_path / "mappings"]) == []
    assert all(path.exists() for path in kept)


def test_the_records_of_the_other_command_are_kept(tmp_path):
    out, files = layout(tmp_path)
    owl = out / "bbao.owl"
    write_release(out, "build", files)
    inferred = {out / "bbao-inferred.ttl": b"# inferred\n"}
    write_release(out, "reason", inferred, {owl: sha(OWL)})
    assert read_manifest(out)["reason"] == Record({"bbao-inferred.ttl": sha(b"# inferred\n")}, {"bbao.owl": sha(OWL)})
    _, changed = layout(tmp_path, owl=b"<changed/>\n")
    write_release(out, "build", changed)
    records = read_manifest(out)
    assert set(records) == {"build", "reason"} and records["reason"].inputs == {"bbao.owl": sha(OWL)}
    assert records["build"].files["bbao.owl"] == sha(b"<changed/>\n")


def test_an_input_that_changed_while_the_command_ran_is_refused(tmp_path):
    out, files = layout(tmp_path)
    write_release(out, "build", files)
    owl = out / "bbao.owl"
    with pytest.raises(BBAOError, match=r"bbao\.owl changed while `bbao reason` ran: run `bbao reason` again"):
        write_release(out, "reason", {out / "bbao-inferred.ttl": b"# inferred\n"}, {owl: sha(b"<read earlier/>\n")})
    assert not (out / "bbao-inferred.ttl").exists() and "reason" not in read_manifest(out)


@pytest.mark.parametrize("text, message", [
    ('{"build": {"files": {"bbao.owl": "abc"}}', r"bbao-release.json:1:41: not a release manifest: Expecting ','"),
    ('{"build": {"files": {"bbao.owl": "abc"}}}', r"build\.files must map relative file names to sha256 digests"),
    ('{"build": {"files": {"/etc/passwd": "' + "0" * 64 + '"}}}', "must map relative file names"),
    ('{"build": {"digests": {}}}', r"'build' must hold 'files' \(and 'inputs'\)"),
    ("[1, 2]", "a JSON object is expected"),
    ("\xff", "not UTF-8 text"),
])
def test_a_manifest_that_is_not_one_is_refused_with_where(tmp_path, text, message):
    (tmp_path / MANIFEST).write_bytes(text.encode("latin-1") if text == "\xff" else text.encode("utf-8"))
    with pytest.raises(BBAOError, match=message):
        read_manifest(tmp_path)
    assert read_manifest(tmp_path / "elsewhere") == {}  # no manifest: no record


def test_a_broken_manifest_is_replaced_by_the_next_release(tmp_path):
    out, files = layout(tmp_path)
    out.mkdir()
    (out / MANIFEST).write_text("{not json", encoding="utf-8")
    write_release(out, "build", files)
    assert set(read_manifest(out)) == {"build"}


def test_a_file_that_cannot_be_written_is_named_as_asked(tmp_path, monkeypatch):
    """Never by its hidden temporary sibling (found by a newcomer and a tester: '/proc/.x.ttl.1b36e7da.partial:
    [Errno 2]' exit 2, '.adir.37bb1609.partial: Is a directory', 'base.ttl: File exists'): a path that cannot be a
    file is the user's input (BBAOError, exit 2), a machine that refuses is the environment (WriteError, an
    OSError: exit 3), as write_release tells them apart."""
    import errno

    from bbao import release
    from bbao.release import WriteError, replace_files

    blocker = tmp_path / "base.ttl"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(BBAOError, match=r"not a folder, so it cannot hold x\.ttl") as under_a_file:
        replace_files({blocker / "x.ttl": b"y"})
    assert under_a_file.value.problems[0].file == str(blocker)
    with pytest.raises(BBAOError, match="a folder, not a file") as a_folder:
        replace_files({tmp_path: b"y"})
    assert a_folder.value.problems[0].file == str(tmp_path)
    with pytest.raises(BBAOError, match="cannot be written: No such file or directory"):
        replace_files({Path("/proc/bbao-x.ttl"): b"y"})

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / ".x.ttl.0123abcd.partial"))

    monkeypatch.setattr(release.os, "open", read_only)
    with pytest.raises(WriteError) as refused:
        replace_files({tmp_path / "x.ttl": b"y"})
    assert refused.value.filename == str(tmp_path / "x.ttl") and refused.value.errno == errno.EROFS
    assert not list(tmp_path.glob(".*partial"))
