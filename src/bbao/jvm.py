"""The Java runtime BBAO's reasoners run in: finding ``java``, the options it starts with, and the compiled
explanation entry point.

HermiT and Pellet (through owlready2, :mod:`bbao.reason`) and the explanation code (:mod:`bbao.explain`) are Java
programs that BBAO starts for a few seconds at a time. For runs that short the JVM's defaults cost more than they
give: the optimizing JIT compiler (C2) and the parallel garbage collector's threads burn CPU on code that has
finished before it is optimized. :data:`DEFAULT_OPTIONS` starts Java with the quick JIT (C1) only and the serial
collector. Measured on the project's machine (2 cores, OpenJDK 17.0.15, 2026-11-30, one run each):

- HermiT on the shipped ``bbao.owl``: 3.43 s wall / 5.3 s CPU with Java's defaults, 2.93 s / 3.2 s with these;
- an explanation (``bbao explain PR:000030444 BBAO:0000030``): 2.8 s / 4.3 s, 2.1 s / 2.0 s, and 1.7 s / 1.6 s
  once its entry point is compiled (:func:`explainer_command`);
- a 10 s classification (the release with the 41 RO chains ``bbao reason`` leaves out): 8% slower wall, 20% less
  CPU. A much longer run (a user's large merge) may want C2 back: set ``BBAO_JAVA_OPTIONS``, which replaces
  these options (``BBAO_JAVA_OPTIONS="-Xmx8g"``, or ``BBAO_JAVA_OPTIONS=""`` for Java's own defaults).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Final

from bbao import paths
from bbao.errors import BBAOError

__all__ = [
    "DEFAULT_OPTIONS", "OPTIONS_ENV", "JavaEnvironmentError", "compiled_classes", "java_options", "require_java",
    "startup_failure", "with_options",
]

#: The options every Java run of BBAO starts with unless :data:`OPTIONS_ENV` is set (see the module's text).
DEFAULT_OPTIONS: Final = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
#: The environment variable whose value (split as a shell would) replaces :data:`DEFAULT_OPTIONS`.
OPTIONS_ENV: Final = "BBAO_JAVA_OPTIONS"


class JavaEnvironmentError(OSError):
    """The environment, not the input, stopped a Java run: no Java, a Java that cannot run the program, options it
    refuses, or a run past its deadline. An :class:`OSError`, so the command line exits 3."""


def require_java() -> str:
    """The path of the ``java`` program on PATH. Raises :class:`JavaEnvironmentError` saying how to install one
    when there is none."""
    java = shutil.which("java")
    if java is None:
        raise JavaEnvironmentError(
            "no Java runtime found: the HermiT and Pellet reasoners need one. "
            "Install a JRE (for example `apt-get install default-jre-headless`) and put `java` on PATH.")
    return java


def java_options() -> list[str]:
    """The JVM options BBAO starts Java with: ``$BBAO_JAVA_OPTIONS`` split as a shell splits it when the variable
    is set (even to nothing), else :data:`DEFAULT_OPTIONS`. Raises :class:`BBAOError` for a value a shell could
    not split (an unclosed quote).

    >>> os.environ[OPTIONS_ENV] = "-Xmx8g '-Dname=a b'"
    >>> java_options()
    ['-Xmx8g', '-Dname=a b']
    >>> del os.environ[OPTIONS_ENV]
    """
    value = os.environ.get(OPTIONS_ENV)
    if value is None:
        return list(DEFAULT_OPTIONS)
    try:
        return shlex.split(value)
    except ValueError as exc:
        raise BBAOError(f"${OPTIONS_ENV} cannot be read as Java options ({exc}): {value!r}") from exc


def with_options(command: list[str], java: str) -> list[str]:
    """``command`` with :func:`java_options` inserted after its first element when that is ``java`` (the path
    of the Java program); any other command is returned unchanged.

    >>> os.environ[OPTIONS_ENV] = "-Xmx1g"
    >>> with_options(["/usr/bin/java", "-cp", "x", "Main"], "/usr/bin/java")
    ['/usr/bin/java', '-Xmx1g', '-cp', 'x', 'Main']
    >>> with_options(["python", "-c", "1"], "/usr/bin/java")
    ['python', '-c', '1']
    >>> del os.environ[OPTIONS_ENV]
    """
    if not command or command[0] != java:
        return command
    return [command[0], *java_options(), *command[1:]]


def startup_failure(output: str) -> JavaEnvironmentError | None:
    """The error to raise when ``output`` (what a Java run printed) says the JVM did not start with the options it
    was given (an option it does not know, a bad value), naming them and where they came from; else ``None``.

    >>> os.environ[OPTIONS_ENV] = "-XX:NoSuchOption"
    >>> print(startup_failure("Unrecognized VM option 'NoSuchOption'\\n"
    ...                       "Error: Could not create the Java Virtual Machine."))  # doctest: +NORMALIZE_WHITESPACE
    Java did not start with the options BBAO gave it (-XX:NoSuchOption, from $BBAO_JAVA_OPTIONS):
    Unrecognized VM option 'NoSuchOption'
    >>> del os.environ[OPTIONS_ENV]
    >>> startup_failure("java.lang.IllegalArgumentException: bad axiom") is None
    True
    """
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    at = next((n for n, line in enumerate(lines) if "Could not create the Java Virtual Machine" in line), None)
    if at is None:
        return None
    cause = lines[at - 1] if at > 0 else lines[at]  # the JVM's own reason comes just before
    origin = f"from ${OPTIONS_ENV}" if OPTIONS_ENV in os.environ else f"BBAO's defaults; ${OPTIONS_ENV} replaces them"
    return JavaEnvironmentError(
        f"Java did not start with the options BBAO gave it ({' '.join(java_options()) or 'none'}, {origin}): {cause}")


def compiled_classes(java: str, source: Path, classpath: str) -> Path | None:
    """A folder holding ``source`` (a Java file whose class has no package) compiled against ``classpath``, for
    Java 11 and newer: made once with the compiler of the JDK module ``jdk.compiler`` (which ``java`` also needs to
    run a single source file, so no separate ``javac`` is asked for) and kept in the user's cache
    (:func:`bbao.paths.cache_dir`, ``java-<digest>``), keyed by the source's bytes and the size and modification
    time of every jar on ``classpath`` (and the folders' names). Returns ``None`` when it cannot be made (no
    compiler module, a cache that cannot be written, a compile error): the caller then runs the source file
    itself, whose errors say why. Two processes compiling at once each write a folder of their own and rename it
    into place; the first wins."""
    key = hashlib.sha256(source.read_bytes())
    for entry in classpath.split(os.pathsep):
        with contextlib.suppress(OSError):
            if Path(entry).is_file():  # a jar; a folder's time changes with whatever is written into it
                stat = Path(entry).stat()
                key.update(f"{entry}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    target = paths.cache_dir() / f"java-{key.hexdigest()[:20]}"
    if (target / f"{source.stem}.class").is_file():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".java-", dir=target.parent))
    except OSError:
        return None
    try:
        done = subprocess.run(
            [java, *java_options(), "--module", "jdk.compiler/com.sun.tools.javac.Main", "--release", "11",
             "-nowarn", "-implicit:none", "-sourcepath", "", "-cp", classpath, "-d", str(staging), str(source)],
            capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0 or not (staging / f"{source.stem}.class").is_file():
            return None
        with contextlib.suppress(OSError):
            staging.rename(target)  # a folder another process renamed into place first stays
        return target if (target / f"{source.stem}.class").is_file() else None
    except (OSError, subprocess.TimeoutExpired):
        return None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
