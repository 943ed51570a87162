"""``policykg`` and ``python -m policykg``: the console script's entry point.

It imports nothing heavy before it can catch Ctrl-C: importing the command line (typer, rich,
policykg's modules) takes a noticeable moment, and a Ctrl-C then must end, like one anywhere
else, with one line and exit 130 (``policykg.cli.main`` covers the commands themselves).
"""

from __future__ import annotations

import sys

INTERRUPTED = 130  # policykg.errors.ExitCode.INTERRUPTED, not imported: that is the point


def main() -> None:
    try:
        from policykg.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("policykg: interrupted\n")
        sys.exit(INTERRUPTED)
    run()


if __name__ == "__main__":
    main()
