"""Writing a release as one set or not at all: staged, recorded, renamed, under a lock.

A release is the set of files one command writes into an output folder: ``bbao build`` the artifacts of
:data:`bbao.build.BUILT`, ``bbao reason`` the ``inferred`` product. :func:`write_release` writes one:

1. it locks the folders it writes into (``fcntl.flock`` on each folder itself, non-blocking), so that a
   second ``bbao build`` or ``bbao reason`` into the same folder is refused instead of interleaving its
   files with this one's (the lock is taken on the folder, not on a lock file in it: a file would be
   packed into the wheel, listed by ``git status`` and left behind by a killed run);
2. it removes the temporary files a killed run left (:func:`leftovers`);
3. it stages every file whose bytes change as a temporary sibling (``.NAME.XXXXXXXX.partial``), written and
   fsync'd, created with mode ``0o666`` less the umask like any file the user creates;
4. it records the release in the manifest ``bbao-release.json`` beside the files: for each command, the
   sha256 of every file of its last release (and of the files it read, :class:`Record`); no timestamp, so
   the same release gives the same bytes;
5. it renames the manifest into place first, then every staged file, and fsyncs the folders.

No temporary file survives a failure (an ``OSError``, ``KeyboardInterrupt`` between two renames...). A run
stopped between two renames (killed, or interrupted) leaves files that differ from the manifest, which
already lists the new release: :func:`unmatched` names them (``bbao build --check``), and the next
:func:`write_release` writes every file that differs, which completes the set. Nothing can remove the
temporary files of a run killed with SIGKILL as it dies: :func:`leftovers` finds them and the next run
removes them.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import secrets
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from bbao.artifacts import ARTIFACT, ARTIFACTS
from bbao.errors import BBAOError, Problem

if sys.platform != "win32":
    import fcntl

__all__ = [
    "MANIFEST", "Record", "digest", "file_digest", "leftovers", "lock", "read_manifest", "render_manifest",
    "replace_files", "unmatched", "write_release",
]

#: The manifest's file name (registered in :data:`bbao.artifacts.ARTIFACTS`).
MANIFEST: Final = ARTIFACT["bbao-release.json"].file
#: What the manifest says it is (its ``about`` entry).
ABOUT: Final = (
    "sha256 of every file of the last release each command wrote into this folder (keys relative to it), and "
    "of the files it read; written before the files are renamed into place, so a file that differs from it is "
    "left from an interrupted run: `bbao build --check` names it")
#: A temporary sibling of this writer (``.bbao.owl.1a2b3c4d.partial``) or of tempfile.mkstemp, which
#: earlier versions used (``.bbao.owl.k2j_x9ab``): a leading dot, the file's name, 8 characters.
_TEMPORARY: Final = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}(?:\.partial)?")
_SHA256: Final = re.compile(r"[0-9a-f]{64}")


def digest(data: bytes) -> str:
    """The sha256 of ``data``, in lower-case hex (what the manifest records)."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    """The :func:`digest` of the file at ``path``, or ``None`` when there is no such file. Raises
    :class:`OSError` when the file exists but cannot be read."""
    try:
        return digest(path.read_bytes())
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


@dataclass(frozen=True)
class Record:
    """One command's last release in the manifest: ``files``, each file it wrote (path relative to the
    manifest's folder, ``/``-separated) -> sha256; ``inputs``, each file it read (by name, e.g. ``bbao.owl``
    for ``bbao reason``) -> the sha256 it had when read."""

    files: dict[str, str]
    inputs: dict[str, str] = field(default_factory=dict)


def _key(path: Path, folder: Path) -> str:
    """``path`` relative to ``folder`` (``../mappings/bbao.sssom.tsv`` for a sibling folder's file)."""
    return Path(os.path.relpath(path, folder)).as_posix()


def render_manifest(records: Mapping[str, Record]) -> bytes:
    """The manifest's bytes for ``records`` (command -> its :class:`Record`): sorted JSON, one key a line,
    ending in a newline, so that the same records always give the same bytes."""
    body: dict[str, object] = {"about": ABOUT}
    for command, record in records.items():
        body[command] = {"files": record.files, **({"inputs": record.inputs} if record.inputs else {})}
    return (json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _digests(value: object, where: str, path: Path) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and k and not os.path.isabs(k) and isinstance(v, str) and _SHA256.fullmatch(v)
            for k, v in value.items()):
        raise BBAOError(f"not a release manifest: {where} must map relative file names to sha256 digests", path)
    return dict(value)


def read_manifest(folder: Path) -> dict[str, Record]:
    """The records of ``folder``'s manifest (``folder/bbao-release.json``), command -> :class:`Record`; an
    empty dict when there is none. Raises :class:`BBAOError` with the line and column when the file is not
    JSON, and naming the entry when it is not a manifest as :func:`render_manifest` writes it."""
    path = folder / MANIFEST
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError as exc:
        raise BBAOError(f"not a release manifest: not UTF-8 text ({exc.reason} at byte {exc.start})", path) from exc
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BBAOError([Problem(str(path), f"not a release manifest: {exc.msg}", exc.lineno, exc.colno)]) from exc
    if not isinstance(body, dict):
        raise BBAOError("not a release manifest: a JSON object is expected", path)
    records: dict[str, Record] = {}
    for command, entry in body.items():
        if command == "about":
            continue
        if not isinstance(entry, dict) or "files" not in entry or set(entry) - {"files", "inputs"}:
            raise BBAOError(f"not a release manifest: {command!r} must hold 'files' (and 'inputs')", path)
        records[command] = Record(_digests(entry["files"], f"{command}.files", path),
                                  _digests(entry.get("inputs", {}), f"{command}.inputs", path))
    return records


@contextlib.contextmanager
def lock(folders: Iterable[Path], *, shared: bool = False) -> Iterator[None]:
    """Hold a lock on every folder of ``folders`` (each must exist) while the block runs: exclusive to write
    a release, ``shared`` to read one (any number of readers, no writer). Never waits: raises
    :class:`BBAOError` "another bbao build is writing FOLDER", naming the first of ``folders`` that is held,
    when another process (or another lock in this one) holds a conflicting lock. The locks are ``flock``
    locks on the folders themselves, released when the block ends or the process dies; on Windows, which has
    no ``flock``, nothing is locked."""
    if sys.platform == "win32":
        yield
        return
    held: list[int] = []
    try:
        for folder in dict.fromkeys(Path(os.path.abspath(f)) for f in folders):  # in order: the output folder first
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            held.append(fd)
            try:
                fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
            except BlockingIOError:
                raise BBAOError(f"another bbao build is writing {folder} (or a `bbao reason`): "
                                "try again when it has finished") from None
        yield
    finally:
        for fd in held:
            os.close(fd)


def leftovers(folders: Iterable[Path], names: Iterable[str] = ()) -> list[Path]:
    """The temporary files an interrupted writer left in ``folders``, sorted: hidden siblings named after a
    release file (any of :data:`bbao.artifacts.ARTIFACTS`, the manifest, or ``names``) followed by 8 random
    characters (and ``.partial``). Other files, hidden or not, are never listed."""
    known = {a.file for a in ARTIFACTS} | set(names)
    found: set[Path] = set()
    for folder in {Path(f) for f in folders}:
        if not folder.is_dir():
            continue
        for entry in os.scandir(folder):
            match = _TEMPORARY.fullmatch(entry.name)
            if match and match.group("name") in known and entry.is_file(follow_symlinks=False):
                found.add(folder / entry.name)
    return sorted(found)


def _unchanged(path: Path, data: bytes) -> bool:
    """Whether the file at ``path`` already holds exactly ``data``."""
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except (FileNotFoundError, NotADirectoryError):
        return False


def _stage(path: Path, data: bytes, staged: list[tuple[Path, Path]]) -> None:
    """Write ``data`` to a new temporary sibling of ``path`` (mode 0o666 less the umask), fsync it, and
    append (temporary, path) to ``staged`` before creating it, so that the caller removes it whatever happens."""
    while True:
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
        staged.append((temporary, path))
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except FileExistsError:  # another file by that name, not ours: leave it, draw another name
            staged.pop()
            continue
        break
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """fsync ``folder`` so that the renames into it are on disk; a file system that cannot is left as it is."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


#: The errors of a write that come from the machine's state (disk full, quota, read-only, no permission, I/O),
#: not from the user's input: :func:`write_release` lets them through as ``OSError`` (the CLI's exit 3).
_ENVIRONMENT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO})


class WriteError(OSError):
    """A file the machine refuses to write (disk full, quota, read-only, permission denied, I/O error), named as
    the caller asked for it, not by its temporary sibling: an :class:`OSError`, so the command line exits 3."""


def write_error(path: Path, exc: OSError) -> Exception:
    """``exc`` (raised while writing ``path`` or making its folder) as what the command line should say, naming
    ``path`` (or the file that stands where one of its folders should be): a :class:`WriteError` (exit 3) when
    the machine refuses (:data:`_ENVIRONMENT_ERRNOS`), else a :class:`BBAOError` (exit 2): a path of the user's
    choosing that cannot be a file (a folder, a file where a folder belongs, a place that holds no files such as
    /proc), as :func:`write_release` tells them apart."""
    if exc.errno in _ENVIRONMENT_ERRNOS:
        return WriteError(exc.errno, exc.strerror or str(exc), str(path))
    if exc.errno == errno.ENAMETOOLONG:
        return BBAOError("a file name longer than the file system takes", path)
    if path.is_dir():
        return BBAOError("a folder, not a file: name the file to write", path)
    for folder in path.parents:
        if folder.exists():
            if not folder.is_dir():
                return BBAOError(f"not a folder, so it cannot hold {path.name}", folder)
            break
    return BBAOError(f"cannot be written: {exc.strerror or exc}", path)


def replace_files(files: Mapping[Path, bytes]) -> list[Path]:
    """Put every file (path -> bytes) in place, creating folders as needed: every file whose bytes change is
    staged first (a temporary sibling, fsync'd, mode 0o666 less the umask), then all are renamed over their
    targets in the order given (``os.replace``), then their folders are fsync'd. Files already holding their
    bytes are left alone. Returns the files replaced, in order.

    Raises what :func:`write_error` makes of a failure to create a folder, stage a file or rename it (naming the
    file asked for): :class:`WriteError` (an OSError) when the machine refuses, :class:`BBAOError` when the path
    cannot be a file. When anything fails (the exception propagates, ``KeyboardInterrupt``
    included), no temporary file is left:
    a failure while staging replaces no file; one between two renames leaves the earlier files replaced and
    the later ones not (:func:`write_release` records the set first, so that this is detected)."""
    staged: list[tuple[Path, Path]] = []
    replaced: list[Path] = []
    try:
        for path, data in files.items():
            if not path.name:  # Path("") is the current folder
                raise BBAOError("an empty path or a folder: name the file to write", path)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                if not _unchanged(path, data):
                    _stage(path, data, staged)
            except OSError as exc:  # named after the file asked for, not its hidden temporary sibling
                raise write_error(path, exc) from exc
        for temporary, path in staged:
            try:
                os.replace(temporary, path)
            except OSError as exc:  # a folder where the file should go, say
                raise write_error(path, exc) from exc
            replaced.append(path)
        for folder in dict.fromkeys(path.parent for path in replaced):
            _sync_folder(folder)
    finally:
        for temporary, _ in staged:
            # never created (a read-only folder says so even for a file that is not there), or already renamed
            with contextlib.suppress(OSError):
                temporary.unlink()
    return replaced


def unmatched(folder: Path, record: Record) -> list[Path]:
    """The files of ``record`` (a command's release, as :func:`read_manifest` gives it, keys relative to
    ``folder``) that are missing or whose bytes differ from what it records, sorted: what a run stopped
    between two renames, or a hand edit, leaves."""
    found = []
    for key, expected in record.files.items():
        path = Path(os.path.normpath(folder / key))
        if file_digest(path) != expected:
            found.append(path)
    return sorted(found)




def write_release(
    folder: Path, command: str, files: Mapping[Path, bytes], inputs: Mapping[Path, str] | None = None,
) -> list[Path]:
    """Write ``files`` (path -> bytes, in release order) as ``command``'s release into ``folder`` (files
    outside it, such as ``../mappings/bbao.sssom.tsv``, are recorded relative to it), under the lock, as the
    module's docstring says. ``inputs`` (path -> sha256 when the command read it) are recorded by file name,
    and checked first: they must still have those digests. Returns the files written, the manifest first
    when it changed; files already holding their bytes are not rewritten, so a run after an interrupted one
    writes exactly what the interrupted run left unwritten.

    The records of the other commands in the manifest are kept; an unreadable manifest is replaced. Raises
    :class:`BBAOError` when another writer holds the lock, when an input changed, and naming the file when
    the system refuses a write for a reason of the user's choosing (a folder where a file belongs); raises
    :class:`OSError` naming the file ("cannot write the ... release: No space left on device") when the
    machine refuses it (disk full, quota, read-only, permission denied, I/O error: :data:`_ENVIRONMENT_ERRNOS`);
    either way no file is replaced unless the failure came between two renames (see :func:`replace_files`)."""
    try:
        return _write_release(folder, command, files, inputs)
    except OSError as exc:
        where = Path(os.fsdecode(exc.filename2 or exc.filename or folder))
        staged = _TEMPORARY.fullmatch(where.name)
        if staged:  # name the release file, not its temporary sibling
            where = where.with_name(staged.group("name"))
        reason = f"cannot write the `bbao {command}` release: {exc.strerror or exc}"
        if exc.errno in _ENVIRONMENT_ERRNOS:  # the machine's state, not the user's input: the CLI's exit 3
            raise OSError(exc.errno, reason, str(where)) from exc
        raise BBAOError(reason, where) from exc


def _write_release(
    folder: Path, command: str, files: Mapping[Path, bytes], inputs: Mapping[Path, str] | None,
) -> list[Path]:
    """:func:`write_release`, its ``OSError`` unwrapped."""
    folders = list(dict.fromkeys([folder, *(path.parent for path in files)]))
    for path in folders:
        path.mkdir(parents=True, exist_ok=True)
    with lock(folders):
        for path, expected in (inputs or {}).items():
            if file_digest(path) != expected:
                raise BBAOError(f"{path.name} changed while `bbao {command}` ran: run `bbao {command}` again", path)
        names = {path.name for path in files}
        for leftover in leftovers(folders, names):
            leftover.unlink(missing_ok=True)
        try:
            records = read_manifest(folder)
        except BBAOError:
            records = {}
        records[command] = Record({_key(path, folder): digest(data) for path, data in files.items()},
                                  {path.name: sha for path, sha in sorted((inputs or {}).items())})
        return replace_files({folder / MANIFEST: render_manifest(dict(sorted(records.items()))), **files})
