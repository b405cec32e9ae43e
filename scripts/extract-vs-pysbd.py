#!/usr/bin/env python3
"""Times the whole `claimcheck extract` process against pysbd's sentence segmentation alone on the
same ~2 MB of text (the .txt files of FOLDER repeated). Needs `pip install pysbd`.

Usage: scripts/extract-vs-pysbd.py FOLDER [CLAIMCHECK] [MB]
  CLAIMCHECK defaults to target/release/claimcheck; MB to 2.
Prints both times and the ratio. pysbd runs once (it takes tens of seconds); claimcheck the best of 5."""
import glob, os, subprocess, sys, tempfile, time


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    folder = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else "target/release/claimcheck"
    size = float(sys.argv[3] if len(sys.argv) > 3 else 2) * 1e6
    texts = [open(p, encoding="utf-8").read() for p in sorted(glob.glob(os.path.join(folder, "*.txt")))]
    if not texts:
        sys.exit(f"no .txt files in {folder}")
    parts, n, i = [], 0, 0
    while n < size:
        parts.append(texts[i % len(texts)])
        n += len(texts[i % len(texts)].encode())
        i += 1
    body = "\n\n".join(parts)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write(body)
        path = f.name
    try:
        best = float("inf")
        for _ in range(5):
            t = time.perf_counter()
            subprocess.run([binary, "extract", path, "--format", "json"], check=True, stdout=subprocess.DEVNULL)
            best = min(best, time.perf_counter() - t)
        import pysbd
        seg = pysbd.Segmenter(language="en", clean=False)
        t = time.perf_counter()
        sentences = seg.segment(body)
        pysbd_time = time.perf_counter() - t
    finally:
        os.unlink(path)
    mb = len(body.encode()) / 1e6
    print(f"{mb:.2f} MB: claimcheck extract (whole process, best of 5) {best:.3f} s; "
          f"pysbd segmentation {pysbd_time:.1f} s ({len(sentences)} sentences); ratio {pysbd_time / best:.0f}x")


if __name__ == "__main__":
    main()
