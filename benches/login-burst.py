#!/usr/bin/env python3
"""Article-list latency while a burst of logins hits the server.

Starts the release server on a throwaway SQLite database (loopback only), creates one user with
`claimcheck user create`, measures GET / while idle, then fires N concurrent POST /api/auth/login
(most with the right password, a few wrong) while one client keeps timing GET / back to back, and
prints p50/p99/max for both phases. Stops the server with SIGTERM and removes the database.

The server throttles failed sign-ins at 5 per minute per client address, checked *before* hashing,
so a throttled request costs no argon2 work. To keep every login a real hash verification, each
wrong-password request comes from its own loopback address (127.0.0.x; Linux routes all of
127/8 to lo), so no address reaches the limit.

Usage: benches/login-burst.py [--bin target/release/claimcheck] [--logins 200] [--wrong 10]
Needs `make build` first (the binary and target/site). Python 3 standard library only.
"""
import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
import threading
import time

from benchkit import free_port, pct, serve_with_user, stop

USER = "burst-user"
PASSWORD = "a long benchmark passphrase"


def get_page(port: int, path: str = "/", timeout: float = 60.0):
    """One GET on a fresh connection; returns (seconds, status)."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept": "text/html"})
        resp = conn.getresponse()
        resp.read()
        return time.perf_counter() - start, resp.status
    finally:
        conn.close()


def login(port: int, source: str, password: str, timeout: float = 120.0):
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        body = json.dumps({"username": USER, "password": password})
        conn.request("POST", "/api/auth/login", body=body, headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        resp.read()
        return time.perf_counter() - start, resp.status
    except Exception as e:  # noqa: BLE001 - report, don't crash the run
        return time.perf_counter() - start, type(e).__name__
    finally:
        conn.close()


def summary(name, xs):
    ms = [x * 1000 for x in xs]
    return (f"{name:<22} n={len(ms):<5} p50={pct(ms, 50):7.1f} ms  p99={pct(ms, 99):7.1f} ms  "
            f"max={max(ms):7.1f} ms  mean={statistics.mean(ms):7.1f} ms")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="target/release/claimcheck")
    ap.add_argument("--site-root", default="target/site")
    ap.add_argument("--logins", type=int, default=200)
    ap.add_argument("--wrong", type=int, default=10, help="how many of the logins use a wrong password")
    ap.add_argument("--idle-samples", type=int, default=200)
    args = ap.parse_args()
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"{args.bin}: no release binary; run `make build` first")

    tmp = tempfile.mkdtemp(prefix="cc-burst-")
    env = dict(os.environ, DATABASE_URL=f"sqlite://{tmp}/bench.db", RUST_LOG="warn",
               LEPTOS_SITE_ROOT=args.site_root)
    port = free_port()
    env["LEPTOS_SITE_ADDR"] = f"127.0.0.1:{port}"
    server = None
    try:
        server = serve_with_user(args.bin, env, tmp, port, USER, PASSWORD)

        for _ in range(20):  # warm-up: connections, page cache, SQLite
            get_page(port)
        idle = []
        for _ in range(args.idle_samples):
            t, status = get_page(port)
            assert status == 200, status
            idle.append(t)

        # The burst: every login thread waits at a barrier, then all fire at once.
        n = args.logins
        barrier = threading.Barrier(n + 1)
        results = [None] * n

        def one(i):
            wrong = i < args.wrong
            source = f"127.0.0.{10 + i}" if wrong else "127.0.0.1"
            barrier.wait()
            results[i] = (wrong,) + login(port, source, "wrong password here" if wrong else PASSWORD)

        threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(n)]
        for t in threads:
            t.start()
        burst = []
        burst_status = {}
        barrier.wait()
        started = time.perf_counter()
        while any(t.is_alive() for t in threads):
            t, status = get_page(port)
            burst.append(t)
            burst_status[status] = burst_status.get(status, 0) + 1
            if time.perf_counter() - started > 300:
                break  # bounded: never run forever
        for t in threads:
            t.join(timeout=1)
        burst_wall = time.perf_counter() - started

        statuses = {}
        for r in results:
            key = ("wrong" if r and r[0] else "right", r[2] if r else "unfinished")
            statuses[key] = statuses.get(key, 0) + 1
        login_times = [r[1] for r in results if r]

        print(f"server: {args.bin} on 127.0.0.1:{port}, SQLite at {tmp}/bench.db, {os.cpu_count()} cores")
        print(f"burst: {n} concurrent POST /api/auth/login ({n - args.wrong} right, {args.wrong} wrong password); "
              f"all answered after {burst_wall:.1f} s")
        print("login outcomes:", ", ".join(f"{k[0]} password -> {k[1]}: {v}" for k, v in sorted(statuses.items(), key=str)))
        print(summary("login (each)", login_times))
        print(summary("GET / idle", idle))
        print(summary("GET / during burst", burst))
        print("GET / statuses during burst:", burst_status)
    finally:
        stop(server, tmp)


if __name__ == "__main__":
    main()
