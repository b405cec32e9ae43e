#!/usr/bin/env python3
"""trafilatura's speed on the same pages as benches/import-speed.sh, on one core, for the import
target ("at least 10x trafilatura's pages per second"). Reads every page once to warm up, then times
ROUNDS passes of trafilatura.extract over the pages (file reads included, as in import_speed).

Usage: taskset -c 0 PYTHON benches/trafilatura-speed.py PAGES_DIR [ROUNDS]
  PYTHON: a Python with trafilatura installed, e.g. a venv made with
  `python3 -m venv ~/.cache/claimcheck/venv-traf && ~/.cache/claimcheck/venv-traf/bin/pip install trafilatura==2.3.1`
"""
import os
import sys
import time

import trafilatura


def main():
    pages_dir = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    paths = sorted(os.path.join(pages_dir, f) for f in os.listdir(pages_dir) if f.endswith(".html"))
    for p in paths:
        with open(p, "rb") as f:
            trafilatura.extract(f.read())
    start = time.perf_counter()
    for _ in range(rounds):
        for p in paths:
            with open(p, "rb") as f:
                trafilatura.extract(f.read())
    elapsed = time.perf_counter() - start
    n = rounds * len(paths)
    print(f"trafilatura {trafilatura.__version__}: {n} pages in {elapsed:.2f} s = {n / elapsed:.1f} pages/s")


if __name__ == "__main__":
    main()
