#!/usr/bin/env python3
"""Readers during a flood of registrations and wrong sign-ins (issue 21).

Starts the release server on a throwaway SQLite database (loopback only) with the product's
default limits, creates one account with `claimcheck user create` and an article, then:

1. idle: a reader loop fetches `/` and the article page back to back (--idle-samples requests);
2. flood: --registrations POST /api/auth/register and --wrong POST /api/auth/login with a wrong
   password, from --workers threads at once, spread over --addresses loopback source addresses
   (127.0.0.x; Linux routes all of 127/8 to lo) so that the per-address limits let most of them
   through to argon2; the same reader loop keeps running until the flood is over.

The flood's generator runs under Linux's SCHED_IDLE policy (--flood-nice idle, the default): on a
machine it shares with the server it only takes CPU time that neither the server nor the reader loop
wants, as an attacker's own machine would, so what the readers feel is the server's work on the
flood, not the generator's. --flood-nice N runs it at nice N instead (0: same priority as the
server). --control sends the same requests with a body refused at parsing, to show what request
volume alone costs.

The flood's requests are built before it starts and sent on bare sockets (connect, send, read to the
end), so the generator spends little CPU per request and the rate is the server's: about 500 to 800
requests a second here.

Prints the flood's outcomes by status, and the readers' statuses and p50/p99/max for both phases,
then the two acceptance checks: readers got only 200s, and their p99 during the flood stayed under
twice the idle p99. Exits 1 when a check fails. Stops the server with SIGTERM and removes the database.

Usage: benches/abuse-load.py [--bin target/release/claimcheck] [--registrations 500] [--wrong 500]
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


def flood(port, registrations, wrong, workers, addresses, nice, control, rate, results):
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
                body = json.dumps({"username": f"flood{i}", "password": f"flood passphrase {i}"})
            else:
                body = json.dumps({"username": f"nobody{i % 50}", "password": "not the password"})
            raw = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                   f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}").encode()
            source = f"127.0.{1 + (i % addresses) // 250}.{10 + (i % addresses) % 240}"
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
    ap.add_argument("--idle-samples", type=int, default=3000,
                    help="reader requests before the flood (the idle p99 is the 30th slowest of 3,000)")
    ap.add_argument("--flood-nice", default="idle",
                    help="the flood generator's priority: 'idle' (SCHED_IDLE: only CPU time nobody else "
                         "wants) or a niceness (10; 0: same priority as the server)")
    ap.add_argument("--rate", type=float, default=0,
                    help="flood requests a second at most (0: as fast as the server answers)")
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

        def read_once(i):
            t, status, _, _ = request(port, "GET", pages[i % 2], headers={"Accept": "text/html"})
            return t, status

        for i in range(20):  # warm-up: connections, render cache, SQLite
            read_once(i)
        idle = []
        idle_status = {}
        for i in range(args.idle_samples):
            t, status = read_once(i)
            idle.append(t)
            idle_status[status] = idle_status.get(status, 0) + 1

        # The flood: a shared list of jobs taken by --workers threads; readers run alongside.
        # The flood runs in a process of its own, so its 64 threads do not hold the reader loop's
        # interpreter lock and inflate the readers' timings.
        results = multiprocessing.Queue()
        proc = multiprocessing.Process(
            target=flood,
            args=(port, args.registrations, args.wrong, args.workers, args.addresses, args.flood_nice,
                  args.control, args.rate, results))
        started = time.perf_counter()
        proc.start()
        during = []
        during_status = {}
        i = 0
        while proc.is_alive() and results.empty():
            t, status = read_once(i)
            during.append(t)
            during_status[status] = during_status.get(status, 0) + 1
            i += 1
            if time.perf_counter() - started > 600:
                break  # bounded: never run forever
        wall = time.perf_counter() - started
        outcomes, flood_times = results.get(timeout=600)
        proc.join(timeout=10)

        print(f"server: {args.bin} on 127.0.0.1:{port}, SQLite, {os.cpu_count()} cores, limits: "
              f"{', '.join(args.set) if args.set else 'defaults'}")
        print(f"flood: {args.registrations} registrations + {args.wrong} wrong sign-ins from {args.workers} "
              f"threads over {args.addresses} addresses; done after {wall:.1f} s")
        print("flood outcomes:", ", ".join(f"{k[0]} -> {k[1]}: {v}" for k, v in sorted(outcomes.items(), key=str)))
        print(summary("flood request (each)", flood_times))
        print(summary("readers idle", idle), "statuses", idle_status)
        print(summary("readers during flood", during), "statuses", during_status)
        idle_p99, flood_p99 = pct(idle, 99), pct(during, 99)
        only_200 = set(during_status) == {200} and set(idle_status) == {200}
        under_2x = flood_p99 < 2 * idle_p99
        print(f"check: readers got only 200s: {'PASS' if only_200 else 'FAIL'}")
        print(f"check: reader p99 during flood {flood_p99 * 1000:.1f} ms < 2 x idle p99 "
              f"{idle_p99 * 1000:.1f} ms = {2 * idle_p99 * 1000:.1f} ms: {'PASS' if under_2x else 'FAIL'}")
        sys.exit(0 if only_200 and under_2x else 1)
    finally:
        stop(server, tmp)


if __name__ == "__main__":
    main()
