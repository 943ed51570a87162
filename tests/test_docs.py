"""The README cannot drift from the code: every command and every error code is documented."""

from __future__ import annotations

import re

import typer.main

from policykg.cli import app

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    group = typer.main.get_command(app)
    names = []
    for name, command in group.commands.items():
        subcommands = getattr(command, "commands", None)
        if subcommands:
            names.extend(f"{name} {sub}" for sub in subcommands)
        else:
            names.append(name)
    return names


def test_readme_shows_the_two_commands_first():
    first_section = README.split("\n## ")[1]
    assert first_section.startswith("Two commands")
    assert "make demo" in first_section and "make test" in first_section


def test_readme_lists_every_command_in_its_command_table():
    table = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    for name in _commands():
        assert f"`policykg {name}" in table, name


def test_every_command_has_help_text():
    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        assert command.help, name
        for sub_name, sub in getattr(command, "commands", {}).items():
            assert sub.help, f"{name} {sub_name}"


def test_readme_documents_every_error_code_the_code_uses():
    used = set()
    for path in (ROOT / "src" / "policykg").rglob("*.py"):
        used |= set(re.findall(r"\"([RSGQUE]\d{3})\"", path.read_text(encoding="utf-8")))
    documented = set(re.findall(r"^\| ([RSGQUE]\d{3}) \|", README, re.M))
    assert used and used == documented, (used - documented, documented - used)
