"""Progress bars for long steps on users' data: shown on a terminal, silent when piped or quiet."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
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
