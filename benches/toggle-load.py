#!/usr/bin/env python3
"""A vote toggled 100,000 times must not make the claim panel slow (issue 21).

Starts the release server on a throwaway SQLite database (loopback only) with the per-account write
limit lifted, creates a toggler (`claimcheck user create`) and a watcher (registered over the API),
an article, and has the watcher vote on its first claim. Then:

1. before: times what a claim's readers and reviewers load (--samples requests each):
   - `GET /api/claims/{id}` (the claim panel's data, anonymous: the latest 50 history entries),
   - `GET /articles/{id}?claim={id}` as the watcher (the page with the panel open, rendered for a
     signed-in reviewer, so with the header's counts of waiting claims and unread activity),
   - `GET /api/activity?limit=20` as the watcher (the events on the claims they voted on);
2. the toggler casts and retracts a vote on that claim --toggles times in all (each cast and each
   retraction is one toggle, and one history entry) from --workers keep-alive connections;
3. after: the same timings again.

Prints p50/p99/max before and after, and checks that every after-p99 stays under twice its
before-p99 (or under 5 ms, below which the machine's noise dominates). Exits 1 when a check fails.

Usage: benches/toggle-load.py [--bin target/release/claimcheck] [--toggles 100000] [--samples 300]
Needs `make build` first (the binary and target/site). Python 3 standard library only.
"""
import argparse
import http.client
import json
import os
import sys
import tempfile
import threading
import time

from benchkit import api, free_port, pct, serve_with_user, stop

TOGGLER = "bench-toggler"
WATCHER = "bench-watcher"
PASSWORD = "a long benchmark passphrase"
BODY = ("The bridge is 765 km long, officials said on Monday. It cost $3 billion in 2019. "
        "About 40 percent of the workers came from abroad, the ministry said.")


def sign_in(base, user):
    _, _, headers = api(base, "POST", "/api/auth/login", {"username": user, "password": PASSWORD})
    return headers["Set-Cookie"].split(";")[0]


def timed(port, path, cookie, samples):
    """`samples` GETs of `path` on one keep-alive connection: (seconds each, statuses)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Accept": "text/html,application/json"}
    if cookie:
        headers["Cookie"] = cookie
    times, statuses = [], {}
    try:
        for _ in range(samples):
            start = time.perf_counter()
            conn.request("GET", path, headers=headers)
            resp = conn.getresponse()
            resp.read()
            times.append(time.perf_counter() - start)
            statuses[resp.status] = statuses.get(resp.status, 0) + 1
    finally:
        conn.close()
    return times, statuses


def toggle(port, claim, cookie, count, workers):
    """`count` toggles (casts and retractions, alternating per connection) from `workers` threads."""
    lock = threading.Lock()
    left = [count]
    outcomes = {}

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        headers = {"Cookie": cookie, "Content-Type": "application/json"}
        cast = True
        try:
            while True:
                with lock:
                    if left[0] <= 0:
                        return
                    left[0] -= 1
                if cast:
                    body = json.dumps({"verdict": "not_a_claim", "note": "toggling"})
                    conn.request("POST", f"/api/claims/{claim}/votes", body=body, headers=headers)
                else:
                    conn.request("DELETE", f"/api/claims/{claim}/votes", headers=headers)
                resp = conn.getresponse()
                resp.read()
                key = ("cast" if cast else "retract", resp.status)
                with lock:
                    outcomes[key] = outcomes.get(key, 0) + 1
                cast = not cast
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="target/release/claimcheck")
    ap.add_argument("--site-root", default="target/site")
    ap.add_argument("--toggles", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=1,
                    help="keep-alive connections toggling at once (more race: a retraction may find no vote)")
    ap.add_argument("--samples", type=int, default=300, help="timed requests per view, before and after")
    args = ap.parse_args()
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"{args.bin}: no release binary; run `make build` first")

    tmp = tempfile.mkdtemp(prefix="cc-toggle-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, DATABASE_URL=f"sqlite://{tmp}/bench.db", RUST_LOG="warn",
               LEPTOS_SITE_ROOT=args.site_root, LEPTOS_SITE_ADDR=f"127.0.0.1:{port}",
               CLAIMCHECK_LIMIT_WRITES_PER_MINUTE="0")
    server = None
    try:
        server = serve_with_user(args.bin, env, tmp, port, TOGGLER, PASSWORD)
        api(base, "POST", "/api/auth/register", {"username": WATCHER, "password": PASSWORD})
        toggler, watcher = sign_in(base, TOGGLER), sign_in(base, WATCHER)
        _, article, _ = api(base, "POST", "/api/articles", {"title": "Toggles", "body": BODY}, toggler)
        _, detail, _ = api(base, "GET", f"/api/articles/{article['id']}")
        claim = detail["claims"][0]["id"]
        api(base, "POST", f"/api/claims/{claim}/votes", {"verdict": "not_a_claim", "note": "watching"}, watcher)

        views = [
            ("claim panel data, anonymous", f"/api/claims/{claim}", None),
            ("article page with panel, reviewer", f"/articles/{article['id']}?claim={claim}", watcher),
            ("activity, reviewer", "/api/activity?limit=20", watcher),
        ]

        def measure():
            out = []
            for name, path, cookie in views:
                timed(port, path, cookie, 10)  # warm-up
                out.append(timed(port, path, cookie, args.samples))
            return out

        before = measure()
        started = time.perf_counter()
        outcomes = toggle(port, claim, toggler, args.toggles, args.workers)
        took = time.perf_counter() - started
        after = measure()
        _, detail, _ = api(base, "GET", f"/api/claims/{claim}")

        print(f"server: {args.bin} on 127.0.0.1:{port}, SQLite, {os.cpu_count()} cores")
        print(f"toggles: {args.toggles} from {args.workers} connections in {took:.1f} s "
              f"({args.toggles / took:.0f}/s); outcomes:",
              ", ".join(f"{k[0]} -> {k[1]}: {v}" for k, v in sorted(outcomes.items(), key=str)))
        print(f"claim after: {len(detail['history'])} history entries in its first page, "
              f"cursor {'present' if detail.get('history_cursor') else 'absent'}")
        ok = True
        for (name, _, _), (tb, sb), (ta, sa) in zip(views, before, after):
            b99, a99 = pct(tb, 99) * 1000, pct(ta, 99) * 1000
            passed = set(sb) == {200} and set(sa) == {200} and (a99 < 2 * b99 or a99 < 5.0)
            ok &= passed
            print(f"{name:<36} before p50={pct(tb, 50) * 1000:6.2f} p99={b99:6.2f} max={max(tb) * 1000:6.2f} ms | "
                  f"after p50={pct(ta, 50) * 1000:6.2f} p99={a99:6.2f} max={max(ta) * 1000:6.2f} ms "
                  f"statuses {sa}: {'PASS' if passed else 'FAIL'}")
        sys.exit(0 if ok else 1)
    finally:
        stop(server, tmp)


if __name__ == "__main__":
    main()
