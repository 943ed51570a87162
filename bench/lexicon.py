"""How loading and matching scale with the lexicon: the bundled pack plus N invented aliases.

    python bench/lexicon.py [--sizes 1000 10000 100000] [--text 200kB]

For each size, writes a rule file of N/2 invented organizations with two aliases each (a name and
an acronym), loads the bundled pack with it and compiles its matcher (the automaton is built on
first use: that is loading, not matching), and times ``Matcher.find`` over the same generated text
(bench/corpus.py). Prints load seconds, matching MB/s and the ratio of each size's matching
speed to the smallest's, measured in the same run.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import _place, generate, parse_size


def lexicon_file(path: Path, aliases: int, seed: int = 11) -> None:
    """N/2 organizations named "<Place> <Topic> Authority", each with its acronym."""
    rng = random.Random(seed)
    names: set[str] = set()
    topics = ("Maritime", "Border", "Energy", "Water", "Transit", "Customs", "Space", "Grain")
    while len(names) < aliases // 2:
        names.add(f"{_place(rng)} {rng.choice(topics)} Authority")
    lines = ["concepts:"]
    for i, name in enumerate(sorted(names)):
        acronym = "".join(w[0] for w in name.split()) + f"{i:05d}"
        lines += [
            f"  - id: bench-org-{i}",
            "    class: Organization",
            f"    label: {name}",
            f"    aliases: [{acronym}]",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    from policykg.ontology import RULES_DIR, bundled
    from policykg.pipeline import read_sources
    from policykg.rules.loader import load_rules

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--text", type=parse_size, default=parse_size("200kB"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root / "sources", args.text)
        texts = [d.text for d in read_sources([root / "sources"])]
        megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        first = None
        print(f"text: {megabytes:.2f} MB in {len(texts)} documents")
        print(f"{'aliases':>9}{'forms':>9}{'load s':>9}{'match s':>9}{'MB/s':>8}{'ratio':>8}")
        for size in args.sizes:
            extra = root / f"lexicon-{size}.yaml"
            lexicon_file(extra, size)
            start = time.perf_counter()
            pack = load_rules([bundled(RULES_DIR), extra])
            matcher = pack.matcher  # built on first use: compiling the automaton is loading
            loaded = time.perf_counter() - start
            start = time.perf_counter()
            for text in texts:
                matcher.find(text)
            matched = time.perf_counter() - start
            speed = megabytes / matched
            first = first or speed
            print(
                f"{size:>9}{matcher.size:>9}{loaded:>9.2f}{matched:>9.2f}"
                f"{speed:>8.3f}{speed / first:>8.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
