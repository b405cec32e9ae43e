#!/usr/bin/env python3
"""Scores claimcheck's sentence boundaries on the English Golden Rules (the 48 cases pysbd's
authors collected), read at run time from the pysbd source distribution on PyPI (its
benchmarks/english_golden_rules.py) and never copied into this repository.

Usage: scripts/golden-rules.py [EXTRACT_CMD...]
  EXTRACT_CMD defaults to `target/release/claimcheck extract`; it is run as
  EXTRACT_CMD FILE --format json --all, or, when it ends in `extract_once`, as EXTRACT_CMD FILE json-all.
  Example: scripts/golden-rules.py target/release/examples/extract_once
Needs pip (downloads pysbd's sdist once into ~/.cache/claimcheck/pysbd)."""
import glob, importlib.util, json, os, subprocess, sys, tarfile, tempfile

CACHE = os.path.expanduser("~/.cache/claimcheck/pysbd")


def golden_rules():
    os.makedirs(CACHE, exist_ok=True)
    if not glob.glob(os.path.join(CACHE, "pysbd-*.tar.gz")):
        subprocess.run([sys.executable, "-m", "pip", "download", "pysbd", "--no-binary", ":all:", "--no-deps",
                        "-d", CACHE, "-q"], check=True)
    sdist = sorted(glob.glob(os.path.join(CACHE, "pysbd-*.tar.gz")))[-1]
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("benchmarks/english_golden_rules.py"))
        source = tar.extractfile(member).read()
    path = os.path.join(CACHE, "english_golden_rules.py")
    with open(path, "wb") as f:
        f.write(source)
    spec = importlib.util.spec_from_file_location("english_golden_rules", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return os.path.basename(sdist), mod.GOLDEN_EN_RULES


def segments(cmd, text):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write(text)
        name = f.name
    try:
        args = cmd + ([name, "json-all"] if cmd[-1].endswith("extract_once") else [name, "--format", "json", "--all"])
        out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(name)
    return [text[s["start"]:s["end"]] for s in json.loads(out)["segments"]]


def main():
    cmd = sys.argv[1:] or ["target/release/claimcheck", "extract"]
    source, rules = golden_rules()
    passed = 0
    for n, (text, want) in enumerate(rules, 1):
        got = segments(cmd, text)
        if [w.strip() for w in want] == got:
            passed += 1
        else:
            print(f"FAIL {n}: {text!r}\n   want {want}\n   got  {got}")
    print(f"English Golden Rules ({source}): {passed}/{len(rules)}")


if __name__ == "__main__":
    main()
