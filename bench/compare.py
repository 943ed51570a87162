"""Extraction speed of two checkouts of policykg, alternating in one run (the machine is shared:
only same-run ratios mean something).

    git worktree add /tmp/before REV
    python bench/compare.py /tmp/before/src src [--size 200kB] [--rounds 2]

Each round runs, for each source tree in a fresh interpreter, reading + matching + relation rules
(`extract_document`) over a generated corpus, best of three, and prints MB/s; then the ratio of
the second tree's median to the first's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import generate, parse_size

_TIMER = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from policykg.pipeline import read_sources
from policykg.rules.extract import extract_document
from policykg.rules.loader import load_rules
docs = read_sources([Path(sys.argv[2])])
pack = load_rules()
pack.matcher  # compiled before the clock starts
size = sum(len(d.text.encode("utf-8")) for d in docs)
best = float("inf")
for _ in range(3):
    started = time.perf_counter()
    for d in docs:
        extract_document(d, pack)
    best = min(best, time.perf_counter() - started)
print(json.dumps({"mb_s": size / 1e6 / best, "seconds": best}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("first", type=Path, help="a source tree (the folder holding policykg/)")
    parser.add_argument("second", type=Path)
    parser.add_argument("--size", default="200kB")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    speeds: dict[Path, list[float]] = {args.first: [], args.second: []}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        generate(corpus, parse_size(args.size))
        for round_ in range(1, args.rounds + 1):
            for tree in speeds:
                out = subprocess.run(
                    [sys.executable, "-c", _TIMER, str(tree.resolve()), str(corpus)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                found = json.loads(out.stdout)
                speeds[tree].append(found["mb_s"])
                print(f"round {round_} {tree}: {found['mb_s']:.3f} MB/s ({found['seconds']:.2f} s)")
    first, second = (statistics.median(v) for v in speeds.values())
    print(f"{args.second} / {args.first}: {second / first:.2f}x")


if __name__ == "__main__":
    main()
