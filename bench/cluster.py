"""Extraction locally and on a Dask cluster, same corpus, same run (`build --scheduler`).

    python bench/cluster.py [--size 150kB] [--workers 2] [--rounds 2]

Starts a `distributed.LocalCluster` on loopback (one thread per worker process), then builds a
generated corpus alternately in this process and on the cluster, printing each build's
extraction time, and checks that both wrote the same `graph.ttl`. The first cluster build
includes the workers' warm-up (imports, the rule pack arriving).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import generate, parse_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="150kB")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    from distributed import LocalCluster

    from policykg.pipeline import build

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        generate(corpus, parse_size(args.size))
        outputs = {"local": Path(tmp) / "local", "dask": Path(tmp) / "dask"}
        with LocalCluster(
            n_workers=args.workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster:
            for round_ in range(1, args.rounds + 1):
                for where, scheduler in (("local", None), ("dask", cluster.scheduler_address)):
                    result = build(
                        [corpus], outputs[where], render=False, cache=None, scheduler=scheduler
                    )
                    print(f"round {round_} {where:5} extraction {result.timings['extract']:.2f} s")
        same = (outputs["local"] / "graph.ttl").read_bytes() == (
            outputs["dask"] / "graph.ttl"
        ).read_bytes()
        print(f"graph.ttl byte-identical: {same}")


if __name__ == "__main__":
    main()
