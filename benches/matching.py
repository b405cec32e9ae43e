#!/usr/bin/env python3
"""Speed and quality of "previously checked" matching (issue 20), with the release binary.

Reads the CheckThat! 2020 task 2 development data (not part of the repository; give its folder with
--data) and, on throwaway SQLite databases:
  1. times `claimcheck factchecks import` of the 10,373 verified claims (fresh, then again: idempotent);
  2. runs `claimcheck match --timings` pinned to one core (taskset -c 0) on the train and dev queries:
     time per query (p50, p95, max) and MAP@5 / P@1 with the data's score.py;
  3. starts the server pinned to one core, once on an empty library and once on the imported one, signs a
     reviewer in and submits the same 40-claim article (generated here) --submissions times to each:
     the difference of the median submission times is what matching adds to a submission. The first
     submission against the library also builds the index, so it is reported on its own.

Usage: benches/matching.py --data /path/to/match-dev [--bin target/release/claimcheck] [--submissions 15]
"""
import argparse, json, os, random, re, shutil, signal, statistics, subprocess, sys, tempfile, time

import benchkit
from benchkit import free_port

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def api(base, method, path, body=None, cookie=None):
    return benchkit.api(base, method, path, body, cookie, timeout=120)


def article_40():
    """Forty sentences, each a checkable figure (made up here, not from any data set)."""
    rnd = random.Random(7)
    places = ["Harlow", "Riverside", "Port Vell", "Lowmoor", "Eastbury", "Kingsford", "Marlow Bay", "Ashcombe"]
    things = ["unemployment", "rents", "bus fares", "hospital waiting times", "school enrolment", "crime",
              "water bills", "tourism", "exports", "rainfall"]
    out = []
    for _ in range(40):
        out.append(f"{rnd.choice(things).capitalize()} in {rnd.choice(places)} {rnd.choice(['rose', 'fell'])} by "
                   f"{rnd.randint(2, 60)} percent in {rnd.choice([2019, 2020, 2021, 2022])}, according to figures "
                   "published by the council.")
    return " ".join(out)


def submissions(binary, db_url, n, body):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, DATABASE_URL=db_url, LEPTOS_SITE_ADDR=f"127.0.0.1:{port}",
               LEPTOS_SITE_ROOT=os.path.join(ROOT, "target/site"), RUST_LOG="error")
    server = subprocess.Popen(["taskset", "-c", "0", binary, "serve"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                if api(base, "GET", "/healthz")[0] == 200:
                    break
            except Exception:
                time.sleep(0.1)
        name = f"bench{random.randint(0, 10**9)}"
        _, _, headers = api(base, "POST", "/api/auth/register", {"username": name, "password": "correct horse battery"})
        cookie = headers["Set-Cookie"].split(";")[0]
        times, claims = [], 0
        for i in range(n):
            t = time.perf_counter()
            _, art, _ = api(base, "POST", "/api/articles", {"title": f"Figures {i}", "body": body}, cookie)
            times.append((time.perf_counter() - t) * 1e3)
            claims = len(art["claims"])
        matches = len(api(base, "GET", f"/api/claims/{art['claims'][0]['id']}")[1]["matches"])
        return times, claims, matches
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True, help="the match-dev folder (verified_claims.docs.tsv, train/, dev/, score.py)")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/claimcheck"))
    ap.add_argument("--submissions", type=int, default=15)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp()
    lib_url = f"sqlite://{tmp}/library.db"
    env = dict(os.environ, DATABASE_URL=lib_url)
    subprocess.run([a.bin, "migrate"], env=env, check=True)
    docs = os.path.join(a.data, "verified_claims.docs.tsv")
    for label in ["fresh", "again (idempotent)"]:
        t = time.perf_counter()
        out = subprocess.run([a.bin, "factchecks", "import", docs, "--format", "tsv", "--publisher", "Snopes"],
                             env=env, capture_output=True, text=True, check=True)
        print(f"import {label}: {time.perf_counter() - t:.2f} s ({out.stdout.strip()})")
    for split in ["train", "dev"]:
        q = os.path.join(a.data, split, "tweets.queries.tsv")
        out = subprocess.run(["taskset", "-c", "0", a.bin, "match", "--top", "5", "--timings", q], env=env,
                             capture_output=True, text=True, check=True)
        run = os.path.join(tmp, f"{split}.run")
        open(run, "w").write(out.stdout)
        score = subprocess.run([sys.executable, os.path.join(a.data, "score.py"),
                                os.path.join(a.data, split, "tweet-vclaim-pairs.qrels"), run],
                               capture_output=True, text=True, check=True)
        print(f"{split}: {out.stderr.strip()}; {score.stdout.strip()}")
    body = article_40()
    empty_url = f"sqlite://{tmp}/empty.db"
    subprocess.run([a.bin, "migrate"], env=dict(os.environ, DATABASE_URL=empty_url), check=True)
    base_times, claims, _ = submissions(a.bin, empty_url, a.submissions, body)
    lib_times, _, matches = submissions(a.bin, lib_url, a.submissions, body)
    med = lambda xs: statistics.median(xs)
    print(f"submitting a {claims}-claim article, server on one core, {a.submissions} times each:")
    print(f"  empty library: median {med(base_times[1:]):.1f} ms (first {base_times[0]:.1f} ms)")
    print(f"  10,373-entry library: median {med(lib_times[1:]):.1f} ms (first, which builds the index: {lib_times[0]:.1f} ms)")
    print(f"  matching adds {med(lib_times[1:]) - med(base_times[1:]):.1f} ms to the median submission "
          f"({matches} matches on the first claim of the last article: our claims in the earlier copies)")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
