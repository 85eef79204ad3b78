"""The Java runtime: the options BBAO starts Java with, a JVM that refuses them, and the compiled entry point."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bbao import explain as ex
from bbao import jvm

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime")

HELLO = "public class Hello { public static void main(String[] a) { System.out.println(\"hello \" + a[0]); } }\n"


def test_the_default_options_are_the_quick_jit_and_the_serial_collector(monkeypatch):
    monkeypatch.delenv(jvm.OPTIONS_ENV, raising=False)
    assert jvm.java_options() == ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]


@pytest.mark.parametrize("value, options", [
    ("", []), ("-Xmx8g", ["-Xmx8g"]), ("-Xss4m  '-Dx=a b'", ["-Xss4m", "-Dx=a b"])])
def test_the_environment_replaces_the_options(monkeypatch, value, options):
    monkeypatch.setenv(jvm.OPTIONS_ENV, value)
    assert jvm.java_options() == options
    assert jvm.with_options(["/j/java", "-cp", "x", "Main"], "/j/java") == ["/j/java", *options, "-cp", "x", "Main"]


def test_options_a_shell_could_not_split_are_refused_naming_the_variable(monkeypatch):
    monkeypatch.setenv(jvm.OPTIONS_ENV, "-Dx='unclosed")
    with pytest.raises(jvm.JavaEnvironmentError,
                       match=r"\$BBAO_JAVA_OPTIONS cannot be read as Java options \(No closing quotation\)"):
        jvm.java_options()


def test_no_java_is_an_environment_failure(monkeypatch):
    monkeypatch.setattr(jvm.shutil, "which", lambda name: None)
    with pytest.raises(jvm.JavaEnvironmentError, match=r"no Java runtime found.*default-jre-headless"):
        jvm.require_java()
    assert issubclass(jvm.JavaEnvironmentError, OSError)  # the command line exits 3


@needs_java
@pytest.mark.parametrize("command", [["reason"], ["explain", "PR:000030444", "BBAO:0000030"]])
def test_options_java_refuses_exit_3_naming_them(command):
    env = {**os.environ, jvm.OPTIONS_ENV: "-XX:NoSuchOption"}
    run = subprocess.run([sys.executable, "-m", "bbao.cli", *command], capture_output=True, text=True, env=env,
                         timeout=120)
    assert run.returncode == 3, run.stderr
    assert run.stderr == (
        f"bbao {command[0]}: cannot continue: Java did not start with the options BBAO gave it (-XX:NoSuchOption, "
        "from $BBAO_JAVA_OPTIONS): Unrecognized VM option 'NoSuchOption'\n")


def test_a_java_failure_that_is_no_startup_failure_is_left_to_the_caller():
    assert jvm.startup_failure("Exception in thread \"main\" java.lang.IllegalArgumentException: bad axiom") is None
    assert jvm.startup_failure("") is None


@pytest.fixture()
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("BBAO_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@needs_java
def test_a_source_is_compiled_once_into_the_cache_and_runs(tmp_path, cache, monkeypatch):
    java = jvm.require_java()
    source = tmp_path / "Hello.java"
    source.write_text(HELLO, encoding="utf-8")
    folder = jvm.compiled_classes(java, source, str(tmp_path))
    assert folder is not None and folder.parent == cache and (folder / "Hello.class").is_file()
    assert [p.name for p in cache.iterdir()] == [folder.name]  # no staging folder left behind
    ran = subprocess.run([java, *jvm.java_options(), "-cp", str(folder), "Hello", "there"], capture_output=True,
                         text=True, check=True)
    assert ran.stdout == "hello there\n"
    monkeypatch.setattr(jvm.subprocess, "run", lambda *a, **k: pytest.fail("compiled again"))
    assert jvm.compiled_classes(java, source, str(tmp_path)) == folder
    source.write_text(HELLO.replace("hello ", "hi "), encoding="utf-8")  # a changed source: a folder of its own
    monkeypatch.undo()
    monkeypatch.setenv("BBAO_CACHE_DIR", str(cache))
    again = jvm.compiled_classes(java, source, str(tmp_path))
    assert again is not None and again != folder and folder.is_dir()


@needs_java
def test_a_source_that_does_not_compile_or_a_cache_that_cannot_be_written_gives_none(tmp_path, cache, monkeypatch):
    java = jvm.require_java()
    broken = tmp_path / "Hello.java"
    broken.write_text(HELLO.replace("println", "printline"), encoding="utf-8")
    assert jvm.compiled_classes(java, broken, str(tmp_path)) is None
    assert not cache.exists() or not any(cache.iterdir())
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("BBAO_CACHE_DIR", str(blocked / "cache"))
    broken.write_text(HELLO, encoding="utf-8")
    assert jvm.compiled_classes(java, broken, str(tmp_path)) is None


def test_explain_runs_the_compiled_entry_point_and_else_the_source_file(monkeypatch):
    commands: list[list[str]] = []

    class Ran(Exception):
        pass

    def record(command, timeout, limit=None):
        commands.append(command)
        raise Ran

    monkeypatch.setattr(ex, "_run_java", record)
    monkeypatch.setattr(ex, "require_java", lambda: "/usr/bin/java")
    monkeypatch.setenv(jvm.OPTIONS_ENV, "-Xss2m")
    for compiled in (Path("/cache/java-1"), None):
        monkeypatch.setattr(ex, "compiled_classes", lambda java, source, classpath, c=compiled: c)
        with pytest.raises(Ran):
            ex.explain("PR:000030444", "BBAO:0000030")
    compiled, source = commands
    assert compiled[:3] == ["/usr/bin/java", "-Xss2m", "-cp"] and compiled[3].startswith(f"/cache/java-1{os.pathsep}")
    assert compiled[4] == "BBAOExplain"
    assert source[:3] == ["/usr/bin/java", "-Xss2m", "-cp"] and source[4] == str(ex.JAVA_SOURCE)
    assert compiled[3].endswith(source[3])  # the same classpath after the compiled folder
    assert compiled[5].endswith("input.nt") and compiled[6:] == source[6:]  # the same question, the same sources


@pytest.mark.parametrize("value", ["-version", "-jar x.jar", "-cp /tmp", "--help"])
def test_launcher_options_are_refused_naming_them(monkeypatch, value):
    monkeypatch.setenv(jvm.OPTIONS_ENV, value)
    with pytest.raises(jvm.JavaEnvironmentError, match=f"holds '{value.split()[0]}', which is not an option of the"):
        jvm.java_options()


def test_the_users_options_come_after_the_commands_own_so_that_they_win(monkeypatch):
    monkeypatch.setenv(jvm.OPTIONS_ENV, "-Xmx8g")
    assert jvm.with_options(["j", "-Xmx2000M", "-cp", "x", "Main"], "j") == ["j", "-Xmx2000M", "-Xmx8g", "-cp", "x",
                                                                             "Main"]


@pytest.mark.parametrize(("output", "cause"), [
    ("Error occurred during initialization of VM\nToo small maximum heap\n", "Too small maximum heap"),
    ("Unrecognized VM option 'Bogus'\nError: Could not create the Java Virtual Machine.\n",
     "Unrecognized VM option 'Bogus'"),
])
def test_a_jvm_that_does_not_start_is_named_with_its_reason(monkeypatch, output, cause):
    monkeypatch.setenv(jvm.OPTIONS_ENV, "-Xmx1k")
    failure = jvm.startup_failure(output)
    assert failure is not None and str(failure).endswith(f"(-Xmx1k, from $BBAO_JAVA_OPTIONS): {cause}")


@needs_java
def test_a_damaged_cache_is_compiled_again(tmp_path, cache):
    java = jvm.require_java()
    source = tmp_path / "Hello.java"
    source.write_text(HELLO, encoding="utf-8")
    folder = jvm.compiled_classes(java, source, str(tmp_path))
    assert folder is not None
    good = (folder / "Hello.class").read_bytes()
    (folder / "Hello.class").write_bytes(good[:100])  # cut short
    assert jvm.compiled_classes(java, source, str(tmp_path)) == folder
    assert (folder / "Hello.class").read_bytes() == good
