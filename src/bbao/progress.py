"""Progress bars for long steps on users' data: shown on a terminal, silent when piped or quiet."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


def interruptible(work: Callable[[], T], poll: float = 0.1, *, deadline: float | None = None,
                  settle: float = 0.0, abandon: Callable[[], None] | None = None) -> T:
    """``work()``'s result, computed in a worker thread while this (the main) thread waits in short steps, so that
    Ctrl-C or SIGTERM is seen within ``poll`` seconds even while ``work`` is inside a long native call (Oxigraph's
    bulk load or query, a Rust SHACL engine) that checks no signal: the interrupt is raised here at once and the
    worker, a daemon thread, is left to end with the process. What ``work`` raises is raised here. With a
    ``deadline`` (a :func:`time.monotonic` instant), :class:`TimeoutError` is raised once it passes and the worker
    is abandoned the same way. With ``settle`` (seconds), an interrupted worker is first given that long to end
    by itself (not after the deadline, which is the user's limit), and ``abandon``, when given, is called if it
    has not (to make it stop: an HTTP request's socket shut, say), so that what it was doing is over before the
    caller goes on: a graph put back while the server still applies the interrupted PUT of the same graph would
    be mixed with it.

    >>> interruptible(lambda: 6 * 7)
    42
    """
    outcome: list[T] = []
    failure: list[BaseException] = []
    # The worker's end is told by an Event, not by Thread.join/is_alive: on CPython 3.11 a join that Ctrl-C
    # interrupts can mark the thread as stopped while it still runs (threading._wait_for_tstate_lock), and then
    # ``settle`` would not wait for it.
    done = threading.Event()

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:  # handed to the waiting thread
            failure.append(exc)
        finally:
            done.set()

    worker = threading.Thread(target=run, name="bbao-native-call", daemon=True)
    worker.start()
    try:
        while not done.is_set():
            if deadline is not None and time.monotonic() >= deadline:
                raise TimeoutError("the work did not finish before its deadline")
            done.wait(poll if deadline is None else max(0.0, min(poll, deadline - time.monotonic())))
    except BaseException as exc:  # Ctrl-C, SIGTERM, the deadline
        if settle > 0 and not isinstance(exc, TimeoutError):  # the deadline is the user's limit: no grace
            done.wait(settle)
        if not done.is_set() and abandon is not None:
            abandon()
            done.wait(1.0)
        raise
    if failure:
        raise failure[0]
    return outcome[0]


def wanted(quiet: bool = False) -> bool:
    """Bars only when asked for and standard error is a terminal (never in pipes, logs or CI)."""
    return not quiet and sys.stderr.isatty()


def counting(items: Iterable[T], description: str, enabled: bool) -> Iterator[T]:
    """``items`` unchanged, with a tqdm counter on standard error when ``enabled``.

    >>> list(counting([1, 2], "x", enabled=False))
    [1, 2]
    """
    if not enabled:
        yield from items
        return
    from tqdm import tqdm  # deferred: only long, interactive runs need it

    yield from tqdm(items, desc=description, unit=" triples", unit_scale=True, file=sys.stderr, mininterval=0.5)


@contextmanager
def step(description: str, enabled: bool) -> Iterator[None]:
    """Say on standard error that a long step without a count (a native call) runs, then how long
    it took; nothing when not ``enabled``.

    >>> with step("x", enabled=False):
    ...     pass
    """
    if not enabled:
        yield
        return
    start = time.perf_counter()
    print(f"{description} ...", end="", file=sys.stderr, flush=True)
    try:
        yield
    finally:
        print(f" {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
