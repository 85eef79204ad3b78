"""The command line: exit codes and messages a user sees."""

from __future__ import annotations

import errno
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bbao import paths
from bbao.cli import DATA_FORMATS, EXIT_CODES, TABLE_FORMATS, main, parser


def test_build_writes_into_a_chosen_folder(tmp_path, capsys):
    assert main(["build", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "bbao.owl").is_file() and (tmp_path / "bbao-relation-graph.ttl").is_file()
    assert "built" in capsys.readouterr().out


def test_bad_source_exits_2_naming_file_line_and_column(source_copy, tmp_path, capsys):
    claims = source_copy / "claims.tsv"
    lines = claims.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].replace("RO:0002597", "XX:0002597", 1)
    claims.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--source", str(source_copy), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "claims.tsv:6:3 (relation)" in err and "unknown prefix 'XX'" in err
    assert not out.exists()


def test_stats(capsys):
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "claims per review section:" in out and "CHEBI" in out and "capable of negatively regulating" in out


def test_query_list_and_run(capsys):
    assert main(["query", "--list"]) == 0
    assert "top-down-regulation" in capsys.readouterr().out
    assert main(["query", "bone-to-brain", "--format", "tsv"]) == 0
    assert "undercarboxylated osteocalcin" in capsys.readouterr().out


def test_unknown_query_exits_2(capsys):
    assert main(["query", "no-such-question"]) == 2
    assert "unknown query" in capsys.readouterr().err


def test_help_is_fast_and_needs_no_heavy_imports():
    code = "import sys, bbao.cli; bbao.cli.parser(); print('owlready2' in sys.modules, 'pyshacl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False False"


def choices(command: str, option: str) -> tuple[str, ...]:
    """The choices the parser offers for ``bbao COMMAND OPTION``."""
    sub = next(a for a in parser()._actions if a.dest == "command").choices[command]  # type: ignore[index]
    return tuple(next(a for a in sub._actions if option in a.option_strings).choices)


def test_the_choices_of_the_command_line_are_the_apis():
    """The parser types its choices so that ``--help`` imports no RDF library; they must stay the API's."""
    from bbao import diagram, export, reason, store, tables, validate
    from bbao.artifacts import SYNTAXES

    assert DATA_FORMATS == tuple(SYNTAXES)
    for command in ("validate", "report"):
        assert choices(command, "--format") == tuple(SYNTAXES)
    assert choices("query", "--data-format") == tuple(SYNTAXES)
    assert choices("query", "--format") == TABLE_FORMATS == tables.TABLE_FORMATS
    assert choices("query", "--engine") == store.ENGINES
    assert choices("validate", "--engine") == validate.ENGINES
    assert choices("reason", "--reasoner") == reason.REASONERS
    assert choices("diagram", "--format") == diagram.FORMATS
    assert choices("export", "--view") == tuple(export.VIEWS)
    assert choices("export", "--format") == (*export.FORMATS, "obo")


def test_diagram_help_lists_the_models_axis_directions(capsys):
    from bbao.model import AXIS_DIRECTIONS

    try:
        main(["diagram", "--help"])
    except SystemExit as exit_:
        assert exit_.code == 0
    assert ",".join(AXIS_DIRECTIONS) in "".join(capsys.readouterr().out.split())  # argparse wraps at hyphens


def failing(monkeypatch, exc: BaseException) -> None:
    """Make `bbao stats` raise ``exc`` from inside the command."""
    def stats(*args, **kwargs):
        raise exc

    monkeypatch.setattr("bbao.stats.compute", stats)


def test_a_full_disk_is_an_environment_failure_naming_the_file(monkeypatch, capsys):
    failing(monkeypatch, OSError(errno.ENOSPC, "No space left on device", "/data/ontology/bbao.owl"))
    assert main(["stats"]) == 3
    err = capsys.readouterr().err
    assert err == "bbao stats: cannot continue: /data/ontology/bbao.owl: No space left on device\n"


def test_a_read_only_folder_is_an_environment_failure(monkeypatch, capsys):
    failing(monkeypatch, PermissionError(errno.EROFS, "Read-only file system", "/ro/ontology"))
    assert main(["stats"]) == 3
    assert "Read-only file system" in capsys.readouterr().err


def test_ctrl_c_exits_3_with_one_line(monkeypatch, capsys):
    failing(monkeypatch, KeyboardInterrupt())
    assert main(["stats"]) == 3
    assert capsys.readouterr().err.startswith("bbao stats: interrupted")


def test_a_bug_is_one_line_and_the_traceback_only_on_request(monkeypatch, capsys):
    failing(monkeypatch, ZeroDivisionError("division by zero"))
    monkeypatch.delenv("BBAO_DEBUG", raising=False)
    assert main(["stats"]) == 4
    err = capsys.readouterr().err
    assert "internal error (a bug in bbao" in err and "ZeroDivisionError: division by zero" in err
    assert "Traceback" not in err
    monkeypatch.setenv("BBAO_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(["stats"])


def test_sigterm_ends_the_real_command_with_exit_3(tmp_path):
    """A `bbao` process sent SIGTERM while it works exits 3 with one line, no traceback."""
    code = ("import sys, time, bbao.stats, bbao.cli\n"
            "def slow(*a, **k):\n"
            "    print('started', flush=True); time.sleep(30)\n"
            "bbao.stats.compute = slow\n"
            "sys.argv = ['bbao', 'stats']\n"
            "sys.exit(bbao.cli.main())\n")
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "started"
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 3
    assert err.startswith("bbao stats: interrupted") and "Traceback" not in err


def test_every_exit_code_is_documented_in_the_readme():
    readme = " ".join((Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8").split())
    for code, meaning in EXIT_CODES.items():
        assert f"`{code}` {meaning}" in readme, (code, meaning)


# --- every command under injected faults: exit 3, one line, nothing half-written ---------------------------------


def _disk_full(monkeypatch) -> None:
    """Every staged file fails to reach the disk (fsync: ENOSPC), as on a full disk."""
    from bbao import release

    def fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(release.os, "fsync", fsync)


def _interrupt(monkeypatch, target: str) -> None:
    """Ctrl-C arrives while ``target`` (a module attribute the command calls) runs."""
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(target, interrupted)


WRITERS = {  # command -> (argv given the output folder, the file it would write)
    "build": (lambda d: ["build", "--out", str(d / "ontology")], "ontology/bbao.owl"),
    "docs": (lambda d: ["docs", str(d / "site")], "site/index.html"),
    "diagram": (lambda d: ["diagram", "--format", "dot", "--out", str(d / "axis.dot")], "axis.dot"),
    "export": (lambda d: ["export", "--format", "ttl", "--out", str(d / "bbao.ttl")], "bbao.ttl"),
    "diff": (lambda d: ["diff", str(paths.ontology_dir() / "bbao.nt"), str(paths.ontology_dir() / "bbao.nt"),
                        "--tsv", str(d / "changes.tsv"), "--quiet"], "changes.tsv"),
}
READERS = {  # command -> (argv, what it calls that is interrupted)
    "reason": (["reason", "--no-write"], "bbao.reason._in_child"),
    "explain": (["explain", "CHEBI:8499", "BBAO:0000049"], "bbao.explain._run_java"),
    "conflicts": (["conflicts"], "bbao.validate.shipped_graph"),
    "validate": (["validate"], "bbao.validate.validate"),
    "report": (["report"], "bbao.report.report"),
    "stats": (["stats"], "bbao.stats.compute"),
    "query": (["query", "top-down-regulation"], "bbao.store.load_store"),
    "path": (["path", "CHEBI:33569", "GO:0030316"], "bbao.store.load_store"),
    "load": (["load", "--endpoint", "http://127.0.0.1:9/store"], "bbao.load.http_request"),
    "imports": (["imports", "--reference", str(paths.source_dir())], "bbao.source.load_source"),
}


def test_every_command_is_under_fault_injection():
    from bbao.cli import parser

    commands = set(parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    assert commands == set(WRITERS) | set(READERS)


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_full_disk_exits_3_naming_the_file_and_writes_nothing(command, tmp_path, monkeypatch, capsys):
    argv, target = WRITERS[command]
    _disk_full(monkeypatch)
    assert main(argv(tmp_path)) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"bbao {command}: cannot continue: ") and "No space left on device" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / target).exists()
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == []  # no staged file left either


@pytest.mark.parametrize("command", sorted(READERS))
def test_ctrl_c_exits_3_with_one_line_in_every_command(command, monkeypatch, capsys):
    argv, target = READERS[command]
    _interrupt(monkeypatch, target)
    assert main(argv) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"bbao {command}: interrupted") and "Traceback" not in err


@pytest.mark.parametrize("argv", [
    ["docs", ""], ["export", "--format", "ttl", "--out", ""], ["diagram", "--out", ""], ["build", "--out", ""],
    ["export", "--format", "xml"], ["reason", "--timeout", "abc"], ["stats", "extra"],
    ["export", "--format", "ttl", "--out", "x.ttl/"], ["query", "top-down-regulation", "--data", "x.nt/"],
])
def test_a_usage_error_or_an_empty_path_is_one_line_and_exit_2(argv, capsys, tmp_path, monkeypatch):
    """argparse's errors are one line like every other (found by a tester: the whole usage block came first), and
    an empty path is refused before anything runs (``bbao docs "$OUT"`` with OUT unset wrote the site into the
    current folder; ``--out ""`` was an internal error)."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and len(err.splitlines()) == 1, err
    assert err.startswith("bbao") and ": error: " in err and err.endswith(" --help)\n")  # `bbao:` for extra words
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_an_output_file_that_cannot_be_written_is_named_as_asked(tmp_path, capsys):
    """A folder given as the output file is the user's input (exit 2), named; never its temporary sibling."""
    assert main(["export", "--format", "ttl", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"bbao export: error: {tmp_path}: a folder, not a file: name the file to write\n"
    (tmp_path / "base.ttl").write_text("x", encoding="utf-8")
    assert main(["export", "--format", "ttl", "--out", str(tmp_path / "base.ttl" / "x.ttl")]) == 2
    assert "base.ttl: not a folder, so it cannot hold x.ttl" in capsys.readouterr().err


def test_update_expected_takes_no_query(capsys):
    assert main(["query", "top-down-regulation", "--update-expected"]) == 2
    assert capsys.readouterr().err.startswith("bbao query: error: --update-expected rewrites the expected answers")


def test_a_named_reference_without_terms_is_named(tmp_path, capsys):
    assert main(["imports", "--reference", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (f"bbao imports: error: {tmp_path}: not a verified reference: no terms.tsv in it "
                                       "(the folder with terms.tsv and fragments/)\n")


def test_a_query_file_with_a_byte_order_mark_reads_as_without(tmp_path, capsys):
    plain = ("# Which term?\nSELECT ?s WHERE { ?s a <http://www.w3.org/2002/07/owl#Class> FILTER(isIRI(?s)) }\n"
             "ORDER BY STR(?s) LIMIT 1\n")
    (tmp_path / "bom.rq").write_bytes(b"\xef\xbb\xbf" + plain.encode("utf-8"))
    (tmp_path / "plain.rq").write_text(plain, encoding="utf-8")
    assert main(["query", str(tmp_path / "bom.rq"), "--format", "tsv"]) == 0
    with_bom = capsys.readouterr().out
    assert main(["query", str(tmp_path / "plain.rq"), "--format", "tsv"]) == 0
    assert capsys.readouterr().out == with_bom


def test_an_output_name_too_long_for_the_file_system_is_input(tmp_path, capsys):
    assert main(["export", "--format", "ttl", "--out", str(tmp_path / ("a" * 300 + ".ttl"))]) == 2
    assert capsys.readouterr().err.endswith(".ttl: a file name longer than the file system takes\n")
