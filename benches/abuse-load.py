#!/usr/bin/env python3
"""Readers during a flood of registrations and wrong sign-ins (issue 21).

Starts the release server on a throwaway SQLite database (loopback only) with the product's
default limits, creates one account with `claimcheck user create` and an article, then runs
--rounds rounds (default 5) of:

1. idle: a reader loop fetches `/` and the article page back to back (--idle-samples requests),
   asking for them as a browser does (HTML, brotli or gzip), each on a new connection (a new
   visitor) or, with --keep-alive, all on one connection (a browser reusing its connection);
2. flood: --registrations POST /api/auth/register and --wrong POST /api/auth/login with a wrong
   password, from --workers threads at once, spread over --addresses loopback source addresses of
   the round's own (127.<round>.x.y; Linux routes all of 127/8 to lo) so that the per-address limits
   let most of them through to argon2; the same reader loop keeps running until the flood is over.

Each round compares its flood with the idle readers seconds before it, and the check takes the
median round: this VM's speed moves several-fold from minute to minute (host contention), so one
comparison of two phases far apart measures the host as much as the server.

The flood's generator runs under Linux's SCHED_IDLE policy (--flood-nice idle, the default): on a
machine it shares with the server it only takes CPU time that neither the server nor the reader loop
wants, as an attacker's own machine would, so what the readers feel is the server's work on the
flood, not the generator's. --flood-nice N runs it at nice N instead (0: same priority as the
server). --control sends the same requests with a body refused at parsing, to show what request
volume alone costs.

The flood's requests are built before it starts and sent on bare sockets (connect, send, read to the
end), so the generator spends little CPU per request and the rate is the server's: about 500 to 800
requests a second here.

Prints, per round, the flood's outcomes by status and the readers' statuses and p50/p99/max in both
phases; then the two acceptance checks: readers got only 200s, and in the median round their p99
during the flood stayed under twice their idle p99. Exits 1 when a check fails. Stops the server with SIGTERM and removes the database.

Usage: benches/abuse-load.py [--bin target/release/claimcheck] [--rounds 5] [--registrations 500] [--wrong 500]
                           [--set CLAIMCHECK_LIMIT_HASH_QUEUE=100000 ...]
Needs `make build` first (the binary and target/site). Python 3 standard library only.
"""
import argparse
import http.client
import json
import multiprocessing
import os
import socket
import sys
import tempfile
import threading
import time

from benchkit import free_port, pct, serve_with_user, stop

USER = "bench-writer"
PASSWORD = "a long benchmark passphrase"
BODY = ("The bridge is 765 km long, officials said on Monday. It cost $3 billion in 2019. "
        "About 40 percent of the workers came from abroad, the ministry said.")


def request(port, method, path, body=None, headers=None, source="127.0.0.1", timeout=120.0):
    """One request on a fresh connection; returns (seconds, status, body bytes, response headers)."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        return time.perf_counter() - start, resp.status, data, resp.getheaders()
    except Exception as e:  # noqa: BLE001 - a failure is an outcome to count, not a crash
        return time.perf_counter() - start, type(e).__name__, b"", []
    finally:
        conn.close()


def post_json(port, path, obj, source="127.0.0.1", cookie=None):
    headers = {"Content-Type": "application/json"}
    if cookie:
        headers["Cookie"] = cookie
    return request(port, "POST", path, json.dumps(obj), headers, source)


def summary(name, xs):
    ms = [x * 1000 for x in xs]
    return (f"{name:<26} n={len(ms):<6} p50={pct(ms, 50):7.1f} ms  p99={pct(ms, 99):7.1f} ms  "
            f"max={max(ms):7.1f} ms")


def flood(port, registrations, wrong, workers, addresses, nice, control, rate, rnd, results):
    """Sends the registrations and wrong sign-ins from `workers` threads; puts (outcomes, times)."""
    if nice == "idle":
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))  # every thread it starts inherits it
    elif int(nice):
        os.nice(int(nice))
    # Every request is built before the first is sent, and sent on a bare socket: the generator's
    # own work per request is a connect, one send and reading the answer to its end.
    jobs = []
    for i in range(max(registrations, wrong)):
        for kind, count in (("register", registrations), ("wrong", wrong)):  # the two kinds interleaved
            if i >= count:
                continue
            path = "/api/auth/register" if kind == "register" else "/api/auth/login"
            if control:  # the same requests with a body refused at parsing: no throttle, no hash
                body = "{"
            elif kind == "register":
                body = json.dumps({"username": f"flood{rnd}x{i}", "password": f"flood passphrase {i}"})
            else:
                body = json.dumps({"username": f"nobody{i % 50}", "password": "not the password"})
            raw = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                   f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}").encode()
            # Each round from addresses of its own (127.<round>.x.y), so no round inherits the
            # per-address limits an earlier one used up.
            k = i % addresses
            source = f"127.{1 + rnd}.{1 + k // 240}.{10 + k % 240}"
            jobs.append((kind, source, raw))
    jobs = [(j, *job) for j, job in enumerate(jobs)]
    jobs.reverse()  # popped from the end
    lock = threading.Lock()
    t0 = time.perf_counter()
    outcomes = {}
    times = []

    def send(source, raw):
        start = time.perf_counter()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=120, source_address=(source, 0)) as sock:
                sock.sendall(raw)
                data = b""
                while chunk := sock.recv(65536):
                    data += chunk
            status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.") else "no answer"
        except (OSError, ValueError, IndexError) as e:
            status = type(e).__name__
        return time.perf_counter() - start, status

    def worker():
        while True:
            with lock:
                if not jobs:
                    return
                j, kind, source, raw = jobs.pop()
            if rate:  # request j leaves at j/rate seconds, not before
                time.sleep(max(0.0, t0 + j / rate - time.perf_counter()))
            t, status = send(source, raw)
            with lock:
                outcomes[(kind, status)] = outcomes.get((kind, status), 0) + 1
                times.append(t)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    results.put((outcomes, times))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="target/release/claimcheck")
    ap.add_argument("--site-root", default="target/site")
    ap.add_argument("--registrations", type=int, default=500)
    ap.add_argument("--wrong", type=int, default=500, help="wrong-password sign-ins")
    ap.add_argument("--workers", type=int, default=64, help="threads sending the flood at once")
    ap.add_argument("--addresses", type=int, default=100, help="loopback source addresses the flood uses")
    ap.add_argument("--rounds", type=int, default=5,
                    help="idle-then-flood rounds; the check takes the median round (1: one comparison)")
    ap.add_argument("--idle-samples", type=int, default=1000,
                    help="reader requests before each flood (the idle p99 is the 10th slowest of 1,000)")
    ap.add_argument("--flood-nice", default="idle",
                    help="the flood generator's priority: 'idle' (SCHED_IDLE: only CPU time nobody else "
                         "wants) or a niceness (10; 0: same priority as the server)")
    ap.add_argument("--rate", type=float, default=0,
                    help="flood requests a second at most (0: as fast as the server answers)")
    ap.add_argument("--keep-alive", action="store_true",
                    help="readers reuse one connection, as a browser does (default: a new connection per request)")
    ap.add_argument("--control", action="store_true",
                    help="flood with the same number of requests refused at JSON parsing (the floor: "
                         "what 1,000 requests cost the readers on this machine without any auth work)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="an environment variable for the server (e.g. CLAIMCHECK_LIMIT_HASH_QUEUE=100000 to compare)")
    args = ap.parse_args()
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"{args.bin}: no release binary; run `make build` first")

    tmp = tempfile.mkdtemp(prefix="cc-abuse-")
    port = free_port()
    # The product's defaults for every limit (register 10/h per address, 5 failed sign-ins a minute
    # per address, hash queue 16); only the address and the database are set here.
    env = dict(os.environ, DATABASE_URL=f"sqlite://{tmp}/bench.db", RUST_LOG="warn",
               LEPTOS_SITE_ROOT=args.site_root, LEPTOS_SITE_ADDR=f"127.0.0.1:{port}")
    for k in list(env):
        if k.startswith("CLAIMCHECK_LIMIT_"):
            del env[k]
    for pair in args.set:
        k, _, v = pair.partition("=")
        env[k] = v
    server = None
    try:
        server = serve_with_user(args.bin, env, tmp, port, USER, PASSWORD)

        _, status, _, headers = post_json(port, "/api/auth/login", {"username": USER, "password": PASSWORD})
        assert status == 200, status
        cookie = next(v.split(";")[0] for k, v in headers if k.lower() == "set-cookie")
        _, status, data, _ = post_json(port, "/api/articles", {"title": "Flood", "body": BODY}, cookie=cookie)
        assert status == 201, (status, data)
        article = f"/articles/{json.loads(data)['id']}"
        pages = ["/", article]

        browser = {"Accept": "text/html", "Accept-Encoding": "gzip, deflate, br, zstd"}
        kept = {}

        def read_once(i):
            # As a browser asks: HTML, compressed (the cache keeps each coding made once).
            if not args.keep_alive:
                t, status, _, _ = request(port, "GET", pages[i % 2], headers=browser)
                return t, status
            start = time.perf_counter()
            try:
                if "conn" not in kept:
                    kept["conn"] = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                kept["conn"].request("GET", pages[i % 2], headers=browser)
                resp = kept["conn"].getresponse()
                resp.read()
                return time.perf_counter() - start, resp.status
            except Exception as e:  # noqa: BLE001 - counted as an outcome; the next request reconnects
                kept.pop("conn").close()
                return time.perf_counter() - start, type(e).__name__

        for i in range(20):  # warm-up: connections, render cache, SQLite
            read_once(i)

        def readers(until):
            """Reader requests back to back until `until(i)`; returns (times, statuses)."""
            times, statuses = [], {}
            i = 0
            while not until(i):
                t, status = read_once(i)
                times.append(t)
                statuses[status] = statuses.get(status, 0) + 1
                i += 1
            return times, statuses

        # Each round: readers alone, then readers during a flood from fresh addresses. The two are
        # compared within the round, seconds apart: this VM's speed moves several-fold from one
        # minute to the next, which a comparison across minutes would measure instead.
        rounds = []
        for rnd in range(args.rounds):
            idle, idle_status = readers(lambda i: i >= args.idle_samples)
            # The flood runs in a process of its own, so its threads do not hold the reader loop's
            # interpreter lock and inflate the readers' timings.
            results = multiprocessing.Queue()
            proc = multiprocessing.Process(
                target=flood,
                args=(port, args.registrations, args.wrong, args.workers, args.addresses, args.flood_nice,
                      args.control, args.rate, rnd, results))
            started = time.perf_counter()
            proc.start()
            # Bounded: never run forever.
            during, during_status = readers(
                lambda i: not (proc.is_alive() and results.empty()) or time.perf_counter() - started > 600)
            wall = time.perf_counter() - started
            outcomes, flood_times = results.get(timeout=600)
            proc.join(timeout=10)
            rounds.append((idle, idle_status, during, during_status, wall, outcomes, flood_times))

        print(f"server: {args.bin} on 127.0.0.1:{port}, SQLite, {os.cpu_count()} cores, limits: "
              f"{', '.join(args.set) if args.set else 'defaults'}")
        connections = "one connection" if args.keep_alive else "a connection each"
        print(f"each round: {args.idle_samples} reader requests alone ({connections}), then {args.registrations} "
              f"registrations + "
              f"{args.wrong} wrong sign-ins from {args.workers} threads over {args.addresses} fresh addresses")
        ratios = []
        for rnd, (idle, idle_status, during, during_status, wall, outcomes, flood_times) in enumerate(rounds):
            ratio = pct(during, 99) / pct(idle, 99)
            ratios.append(ratio)
            print(f"round {rnd + 1}: flood done after {wall:.1f} s: "
                  + ", ".join(f"{k[0]} -> {k[1]}: {v}" for k, v in sorted(outcomes.items(), key=str)))
            print("  " + summary("flood request (each)", flood_times))
            print("  " + summary("readers idle", idle), "statuses", idle_status)
            print("  " + summary("readers during flood", during), "statuses", during_status,
                  f"p99 ratio {ratio:.2f}")
        print(summary("all rounds: readers idle", [t for r in rounds for t in r[0]]))
        print(summary("all rounds: during flood", [t for r in rounds for t in r[2]]))
        only_200 = all(set(r[1]) == {200} and set(r[3]) == {200} for r in rounds)
        median = sorted(ratios)[len(ratios) // 2]
        under_2x = median < 2
        print(f"check: readers got only 200s: {'PASS' if only_200 else 'FAIL'}")
        print(f"check: reader p99 during a flood / idle p99 in the same round, median of {len(ratios)} rounds "
              f"({', '.join(f'{r:.2f}' for r in sorted(ratios))}): {median:.2f} < 2: {'PASS' if under_2x else 'FAIL'}")
        sys.exit(0 if only_200 and under_2x else 1)
    finally:
        stop(server, tmp)


if __name__ == "__main__":
    main()
