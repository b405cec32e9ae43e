#!/usr/bin/env python3
"""Peak memory of `claimcheck export --all` as the number of articles grows (it should stay flat).

Starts the release server on a throwaway SQLite database (loopback only), registers one reviewer,
submits N articles through the API, then runs `claimcheck export --all --format csv|json` against the
same database under /usr/bin/time and prints its maximum resident set size. Stops everything itself.

    make build && python3 benches/export-all-rss.py            # N = 100 and 1000
"""
import http.cookiejar, json, os, subprocess, sys, tempfile, time, urllib.request

BIN = os.path.abspath("target/release/claimcheck")
PORT = 3291
ARTICLE = (
    "09:00 GMT 4 May 2026\nShare this article\n\n"
    "The council said on 3 May that about 1,200 homes, roughly 4% of the total, lost power for six hours.\n\n"
    "Engineers replaced 14 km of cable, the utility said, at a cost of $2.3 million.\n\n"
    "Repairs took 40% longer than in 2019, according to the regulator.\n"
)


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1000]
    for n in sizes:
        with tempfile.TemporaryDirectory() as d:
            db = f"sqlite://{d}/rss.db"
            env = dict(os.environ, DATABASE_URL=db, LEPTOS_SITE_ADDR=f"127.0.0.1:{PORT}", RUST_LOG="warn")
            srv = subprocess.Popen([BIN, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                for _ in range(100):
                    try:
                        urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                        break
                    except Exception:
                        time.sleep(0.1)
                jar = http.cookiejar.CookieJar()
                op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

                def post(path, body):
                    req = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", data=json.dumps(body).encode(),
                                                 headers={"content-type": "application/json"})
                    return op.open(req, timeout=30).read()

                post("/api/auth/register", {"username": "rss", "password": "a long benchmark passphrase"})
                t = time.time()
                for i in range(n):
                    post("/api/articles", {"title": f"Article {i}", "body": ARTICLE})
                seeded = time.time() - t
            finally:
                srv.terminate()
                srv.wait()
            for fmt in ["csv", "json"]:
                out = subprocess.run(["/usr/bin/time", "-f", "%M %e", BIN, "export", "--all", "--format", fmt,
                                      "--out", f"{d}/all.{fmt}"], env=env, capture_output=True, text=True)
                if out.returncode:
                    sys.exit(out.stderr)
                rss_kb, secs = out.stderr.strip().splitlines()[-1].split()
                size = os.path.getsize(f"{d}/all.{fmt}")
                print(f"articles={n} format={fmt} peak_rss={int(rss_kb)/1024:.1f} MiB time={secs}s "
                      f"output={size/1e6:.1f} MB (seeded in {seeded:.1f}s)")


if __name__ == "__main__":
    main()
