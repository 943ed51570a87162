"""Shared fixtures: the bundled rule pack, and one build of the sample corpus per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.pipeline import BuildResult, build
from policykg.rules import RulePack, load_rules

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
CASES = Path(__file__).resolve().parent / "cases"


@pytest.fixture(scope="session")
def pack() -> RulePack:
    return load_rules()


@pytest.fixture(scope="session")
def essays(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The five essays built once into a temporary folder."""
    out = tmp_path_factory.mktemp("essays-out")
    return build([SOURCES], out)
