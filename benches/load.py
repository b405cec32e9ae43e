#!/usr/bin/env python3
"""Load test for claimcheck with wrk (Debian's `wrk` package) on loopback.

Starts the release server (from `make build`) on a throwaway SQLite database, seeds an article with
40 claims, 64 reviewers and a few hundred votes through the JSON API, then drives, in one run:
  - a tiny static file (/favicon.svg): the yardstick,
  - the article page as a reader sees it (/articles/{id}, server-rendered, render cache on),
  - the JSON article (/api/articles/{id}),
  - the vote endpoint (POST /api/claims/{id}/votes) by 64 signed-in reviewers at random claims,
  - an overload: twice the server's in-flight limit of connections on the vote endpoint, then the
    same 64 connections again to show recovery.
Prints a Markdown table (requests/s, p50, p99, errors, ratio to the yardstick) for BENCHMARKS.md.

Usage: benches/load.py [--duration 15] [--connections 64] [--bin target/release/claimcheck] [--only votes,page] [--hold]
"""
import argparse, json, os, re, shutil, signal, subprocess, sys, tempfile, time

from benchkit import api, free_port

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def register(base, name):
    _, _, headers = api(base, "POST", "/api/auth/register", {"username": name, "password": "correct horse battery"})
    return headers["Set-Cookie"].split(";")[0]


def article_text():
    places = ["Tartu", "Kaunas", "Łódź", "Brno", "Gdańsk", "Cluj", "Pécs", "Split", "Varna", "Ohrid"]
    lines = ["09:12 GMT 4 April 2024", "Share this article", ""]
    for i in range(40):
        p = places[i % len(places)]
        lines.append(f"  The council of {p} said on Monday that {1000 + 37 * i:,} households were connected to the new grid in {2010 + i % 12}.")
        lines.append("")
    lines.append("Advertisement")
    return "\n".join(lines)


def seed(base, reviewers):
    cookies = [register(base, f"load{i:03d}") for i in range(reviewers)]
    _, a, _ = api(base, "POST", "/api/articles", {"title": "Grid connections", "body": article_text()}, cookies[0])
    claims = [c["id"] for c in a["claims"]]
    sources = []
    for c in claims:
        _, s, _ = api(base, "POST", f"/api/claims/{c}/sources", {"url": f"https://grid.example/report/{c}", "stance": "supports"}, cookies[0])
        sources.append(s["id"])
    votes = 0
    for i, cookie in enumerate(cookies):
        for k in range(5):
            j = (i * 5 + k) % len(claims)
            verdict = "verified" if (i + k) % 3 else "disputed"
            api(base, "POST", f"/api/claims/{claims[j]}/votes", {"verdict": verdict, "source_ids": [sources[j]]}, cookie)
            votes += 1
    return a["id"], claims, sources, cookies, votes


VOTE_LUA = """
local cookies = {%s}
local claims = {%s}
local sources = {%s}
local verdicts = {"verified", "disputed"}
math.randomseed(os.time())
request = function()
  local c = math.random(#claims)
  local body = '{"verdict":"' .. verdicts[math.random(2)] .. '","source_ids":[' .. sources[c] .. ']}'
  return wrk.format("POST", "/api/claims/" .. claims[c] .. "/votes",
    {["Content-Type"] = "application/json", ["Cookie"] = cookies[math.random(#cookies)]}, body)
end
"""


def unit_ms(v):
    m = re.match(r"([\d.]+)(us|ms|s|m)", v)
    n = float(m.group(1))
    return {"us": n / 1000, "ms": n, "s": n * 1000, "m": n * 60000}[m.group(2)]


BROWSER = "Accept-Encoding: gzip, deflate, br, zstd"  # what Chromium and Firefox send


def wrk(url, conns, duration, script=None, header=None):
    cmd = ["wrk", "-t2", f"-c{conns}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    if header:
        cmd += ["-H", header]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
    if not re.search(r"50%\s+[\d.]+(us|ms|s|m)\b", out):
        print(out, file=sys.stderr)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = unit_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = unit_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    sock_errors = sum(int(x) for x in sock.groups()) if sock else 0
    total = int(re.search(r"(\d+) requests in", out).group(1))
    secs = float(re.search(r"requests in ([\d.]+)(ms|s|m)", out).group(1))
    unit = re.search(r"requests in [\d.]+(ms|s|m)", out).group(1)
    secs = {"ms": secs / 1000, "s": secs, "m": secs * 60}[unit]
    accepted = (total - non2xx) / secs
    return {"rps": rps, "p50": p50, "p99": p99, "non2xx": non2xx, "socket": sock_errors, "total": total, "ok_rps": accepted}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=15)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/claimcheck"))
    ap.add_argument("--only", default="", help="comma-separated runs to do: static,page,list,json,votes,overload (default all)")
    ap.add_argument("--hold", action="store_true", help="print the server's pid and wait for Enter before the runs (to attach perf)")
    ap.add_argument("--max-in-flight", type=int, default=64, help="the server's limit during the run (overload = 2x this)")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    data = tempfile.mkdtemp()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, DATABASE_URL=f"sqlite://{data}/load.db", LEPTOS_SITE_ADDR=f"127.0.0.1:{port}",
               LEPTOS_SITE_ROOT=os.path.join(ROOT, "target/site"), RUST_LOG="error",
               CLAIMCHECK_MAX_IN_FLIGHT=str(args.max_in_flight),
               # The seeded reviewers register over the API; trusted, their votes move the tallies
               # (the path measured before reviewer standing existed, and what the check below adds up).
               CLAIMCHECK_TRUST_NEW_ACCOUNTS="1",
               # The seeding registers and votes from one address, faster than any person.
               CLAIMCHECK_LIMIT_REGISTER_PER_HOUR="0", CLAIMCHECK_LIMIT_WRITES_PER_MINUTE="0")
    server = subprocess.Popen([args.bin, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=open(f"{data}/server.log", "w"))
    try:
        for _ in range(150):
            try:
                if api(base, "GET", "/healthz")[0] == 200:
                    break
            except Exception:
                time.sleep(0.2)
        t = time.time()
        article, claims, sources, cookies, votes = seed(base, args.connections)
        print(f"seeded article {article}: {len(claims)} claims, {len(cookies)} reviewers, {votes} votes in {time.time() - t:.1f}s", file=sys.stderr)
        lua = f"{data}/vote.lua"
        with open(lua, "w") as f:
            f.write(VOTE_LUA % (",".join(f'"{c}"' for c in cookies), ",".join(map(str, claims)), ",".join(map(str, sources))))
        c, d = args.connections, args.duration
        only = set(filter(None, args.only.split(",")))
        if args.hold:
            print(f"server pid {server.pid}; press Enter to start", file=sys.stderr)
            sys.stdin.readline()
        runs = [
            ("static", "static file /favicon.svg (yardstick)", lambda: wrk(f"{base}/favicon.svg", c, d)),
            ("page", f"article page /articles/{article}", lambda: wrk(f"{base}/articles/{article}", c, d)),
            ("page", "article page, Accept-Encoding as browsers send it (brotli)",
             lambda: wrk(f"{base}/articles/{article}", c, d, header=BROWSER)),
            ("list", "article list /, Accept-Encoding as browsers send it (brotli)",
             lambda: wrk(f"{base}/", c, d, header=BROWSER)),
            ("json", f"JSON article /api/articles/{article}", lambda: wrk(f"{base}/api/articles/{article}", c, d)),
            ("votes", "vote POST /api/claims/{id}/votes", lambda: wrk(f"{base}/api/claims/0/votes", c, d, lua)),
            ("overload", f"overload: votes at {2 * args.max_in_flight} connections",
             lambda: wrk(f"{base}/api/claims/0/votes", 2 * args.max_in_flight, d, lua)),
            ("overload", "recovery: votes at 64 connections right after", lambda: wrk(f"{base}/api/claims/0/votes", c, d, lua)),
        ]
        rows = [(name, run()) for key, name, run in runs if not only or key in only]
        # Consistency after the storm: every claim's tally equals its stored votes.
        _, art, _ = api(base, "GET", f"/api/articles/{article}")
        tallied = sum(x["tally"]["verified"] + x["tally"]["disputed"] + x["tally"]["not_a_claim"] for x in art["claims"])
        stored = sum(len(api(base, "GET", f"/api/claims/{cid}")[1]["votes"]) for cid in claims)
        yard = rows[0][1]["rps"] if rows[0][0].startswith("static") else float("nan")
        print(f"| run ({c} connections, {d} s, wrk -t2, SQLite) | requests/s | 2xx/s | × static | p50 ms | p99 ms | non-2xx | socket errors |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name, r in rows:
            print(f"| {name} | {r['rps']:,.0f} | {r['ok_rps']:,.0f} | {r['rps'] / yard:.2f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['non2xx']} | {r['socket']} |")
        print(f"\ntallies after the run: {tallied} votes counted, {stored} votes stored ({'equal' if tallied == stored else 'DIFFERENT'})")
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        print(f"server exit status after SIGTERM: {server.returncode}")
    finally:
        if server.poll() is None:
            server.kill()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
