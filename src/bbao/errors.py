"""One error type that names where bad input is, so the CLI can print it and exit non-zero."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """A single defect in an input file: where it is and what is wrong.

    >>> str(Problem("claims.tsv", "bad relation", line=3, column=3, field="relation"))
    'claims.tsv:3:3 (relation): bad relation'
    """

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.field:
            where += f" ({self.field})"
        return f"{where}: {self.message}"


class BBAOError(Exception):
    """Raised for unusable input; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem] | str, file: str | Path | None = None) -> None:
        if isinstance(problems, str):
            problems = [Problem(str(file) if file else "bbao", problems)]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class QuerySyntaxError(ValueError):
    """A SPARQL query an engine cannot parse, with the line and column (1-based) where parsing stopped."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


_POSITION = re.compile(r"error at (\d+):(\d+)(?:-\d+:\d+)?: (.*)", re.S)


def query_syntax_error(message: str) -> QuerySyntaxError:
    """The position and reason in a SPARQL parser message of Oxigraph's (``error at 4:1: expected ...``),
    which maplib quotes inside its own; a message without a position is kept whole.

    >>> error = query_syntax_error("maplib: error at 4:1-4:3: expected '}'")
    >>> (error.message, error.line, error.column)
    ("expected '}'", 4, 1)
    """
    match = _POSITION.search(message)
    if match:
        return QuerySyntaxError(match.group(3).strip(), int(match.group(1)), int(match.group(2)))
    return QuerySyntaxError(message)
