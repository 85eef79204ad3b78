"""Progress bars for long steps on users' data: shown on a terminal, silent when piped or quiet."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


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
