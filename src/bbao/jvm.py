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

__all__ = [
    "DEFAULT_OPTIONS", "OPTIONS_ENV", "JavaEnvironmentError", "compiled_classes", "java_options", "require_java",
    "startup_failure", "with_options",
]

#: The options every Java run of BBAO starts with unless :data:`OPTIONS_ENV` is set (see the module's text).
DEFAULT_OPTIONS: Final = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
#: The environment variable whose value (split as a shell would) replaces :data:`DEFAULT_OPTIONS`.
OPTIONS_ENV: Final = "BBAO_JAVA_OPTIONS"
#: What an option of :data:`OPTIONS_ENV` may start with: options of the virtual machine, none of the launcher's.
_VM_OPTION_PREFIXES: Final = ("-X", "-D", "-verbose", "-ea", "-da", "-esa", "-dsa", "-enableassertions",
                              "-disableassertions", "-enablesystemassertions", "-disablesystemassertions",
                              "-javaagent", "-agentlib", "-agentpath", "--add-", "--enable-", "--illegal-access",
                              "--limit-modules")


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
        options = shlex.split(value)
    except ValueError as exc:
        raise JavaEnvironmentError(f"${OPTIONS_ENV} cannot be read as Java options ({exc}): {value!r}") from exc
    for option in options:  # launcher options (-version, -jar, -cp...) would stop or replace the program
        if not option.startswith(_VM_OPTION_PREFIXES):
            raise JavaEnvironmentError(
                f"${OPTIONS_ENV} holds {option!r}, which is not an option of the Java virtual machine (-X..., "
                "-XX:..., -D..., -verbose..., -ea/-da, --add-opens...): BBAO starts the program itself")
    return options


def with_options(command: list[str], java: str) -> list[str]:
    """``command`` with :func:`java_options` inserted when its first element is ``java`` (the path of the Java
    program): just before its class path (``-cp``), so that they come after the options the command already has
    and win over them (Java takes the last ``-Xmx``: owlready2 starts HermiT with ``-Xmx2000M``), else right after
    ``java``; a command that has them there already (``subprocess.check_output`` hands its command to
    ``subprocess.run``) and any other command are returned unchanged.

    >>> os.environ[OPTIONS_ENV] = "-Xmx8g"
    >>> with_options(["/usr/bin/java", "-Xmx2000M", "-cp", "x", "Main"], "/usr/bin/java")
    ['/usr/bin/java', '-Xmx2000M', '-Xmx8g', '-cp', 'x', 'Main']
    >>> with_options(_, "/usr/bin/java")  # once only
    ['/usr/bin/java', '-Xmx2000M', '-Xmx8g', '-cp', 'x', 'Main']
    >>> with_options(["/usr/bin/java", "Main"], "/usr/bin/java")
    ['/usr/bin/java', '-Xmx8g', 'Main']
    >>> with_options(["python", "-c", "1"], "/usr/bin/java")
    ['python', '-c', '1']
    >>> del os.environ[OPTIONS_ENV]
    """
    if not command or command[0] != java:
        return command
    options = java_options()
    at = next((n for n, arg in enumerate(command) if arg in ("-cp", "-classpath", "--class-path")), 1)
    if at > len(options) and command[at - len(options):at] == options:  # given already: a command passed twice
        return command
    return [*command[:at], *options, *command[at:]]


_SUMS: Final = "SHA256SUMS"


def _intact(folder: Path) -> bool:
    """Whether ``folder`` holds every class file its ``SHA256SUMS`` lists, each with its recorded digest."""
    try:
        lines = (folder / _SUMS).read_text(encoding="utf-8").splitlines()
        return bool(lines) and all(hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
                                   for digest, name in (line.split("  ", 1) for line in lines))
    except (OSError, ValueError):
        return False


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
    initialization = next((n for n, line in enumerate(lines) if "Error occurred during initialization of VM" in line),
                          None)
    if at is not None:
        cause = lines[at - 1] if at > 0 else lines[at]  # the JVM's own reason comes just before
    elif initialization is not None:  # a heap it cannot reserve, too small a heap: the reason comes after
        cause = lines[initialization + 1] if initialization + 1 < len(lines) else lines[initialization]
    else:
        return None
    origin = f"from ${OPTIONS_ENV}" if OPTIONS_ENV in os.environ else f"BBAO's defaults; ${OPTIONS_ENV} replaces them"
    return JavaEnvironmentError(
        f"Java did not start with the options BBAO gave it ({' '.join(java_options()) or 'none'}, {origin}): {cause}")


def compiled_classes(java: str, source: Path, classpath: str) -> Path | None:
    """A folder holding ``source`` (a Java file whose class has no package) compiled against ``classpath``, for
    Java 11 and newer: made once with the compiler of the JDK module ``jdk.compiler`` (which ``java`` also needs to
    run a single source file, so no separate ``javac`` is asked for) and kept in the user's cache
    (:func:`bbao.paths.cache_dir`, ``java-<digest>``), keyed by the source's bytes and the size and modification
    time of every jar on ``classpath`` (and the folders' names), its class files checked against the digests
    recorded beside them at every use (a damaged folder is compiled again). Returns ``None`` when it cannot be made (no
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
    if _intact(target):
        return target
    shutil.rmtree(target, ignore_errors=True)  # damaged (a class file cut short or gone): compiled again
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
        (staging / _SUMS).write_text("".join(f"{hashlib.sha256(c.read_bytes()).hexdigest()}  {c.name}\n"
                                             for c in sorted(staging.glob("*.class"))), encoding="utf-8")
        with contextlib.suppress(OSError):
            staging.rename(target)  # a folder another process renamed into place first stays
        return target if _intact(target) else None
    except (OSError, subprocess.TimeoutExpired):
        return None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
