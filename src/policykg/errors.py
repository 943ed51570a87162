"""Typed errors with stable codes, and the exit codes the command line documents.

Every problem a user can cause is reported as one line, ``PATH:LINE:COL: error[CODE]: message``,
and maps to an exit code; a traceback is never the answer to bad input.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """Exit codes of the ``policykg`` command (documented in the README)."""

    OK = 0
    FINDINGS = 1  # the command ran and found problems: failed rule tests, violations
    BAD_INPUT = 2  # bad usage or bad input: unreadable source, invalid rule file, bad query
    INTERRUPTED = 130  # Ctrl-C


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a user's input."""

    path: str
    line: int  # 1-based; 0 when the problem has no line (a missing file)
    col: int  # 1-based; 0 when unknown
    code: str
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        return f"{where}: {self.severity}[{self.code}]: {self.message}"


def display_path(path: str | Path) -> str:
    """A path as users wrote it: relative to the working directory when it is below it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


class PolicyKGError(Exception):
    """Base class of every error policykg reports to users: a list of problems and an exit code."""

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = sorted(problems) if isinstance(problems, list) else [problems]
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(
        cls, path: str | Path, code: str, message: str, line: int = 0, col: int = 0
    ) -> PolicyKGError:
        """One problem at a place."""
        return cls(Problem(display_path(path), line, col, code, message))

    @classmethod
    def at_address(cls, address: str, code: str, message: str) -> PolicyKGError:
        """One problem at a network address (a URL, tcp://HOST:PORT), shown as given."""
        return cls(Problem(str(address), 0, 0, code, message))


class SourceError(PolicyKGError):
    """A source document cannot be read (S codes)."""


class RuleError(PolicyKGError):
    """A rule pack is invalid (R codes)."""


class GraphError(PolicyKGError):
    """A graph file cannot be read or written (G codes)."""


class QueryError(PolicyKGError):
    """A SPARQL query is invalid or cannot be run (Q codes)."""


class UsageError(PolicyKGError):
    """The command was called with arguments that do not fit (U codes)."""


class ValidationError(PolicyKGError):
    """A graph violates the SHACL shapes (V codes)."""

    exit_code = ExitCode.FINDINGS


class EngineError(PolicyKGError):
    """A validation engine cannot evaluate the shapes on a graph (V002): the graph is not judged."""


class FindingsError(PolicyKGError):
    """The command ran and found problems (failed rule tests)."""

    exit_code = ExitCode.FINDINGS
