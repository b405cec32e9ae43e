#!/usr/bin/env python3
"""What each page makes a browser download of the app's code, on the wire.

Starts the release server on a throwaway SQLite database with one reviewer and one article, then
opens each page in headless Chromium (as an anonymous reader and as the signed-in reviewer) and
sums the WASM and JS it fetched under /pkg/ (brotli, as the server sends them) until the page has
hydrated and the network is idle: the main bundle, and the lazily loaded chunks that page needs.
Prints a Markdown table (KiB = 1,024 bytes).

Usage: benches/page-weight.py [--bin target/release/claimcheck] [--site-root target/site]
Needs `make build` first, Chromium (/usr/bin/chromium or $CHROMIUM_PATH) and end2end's npm
packages (playwright-core; `make test` installs them).
"""
import argparse
import os
import subprocess
import sys
import tempfile

from benchkit import api, free_port, serve_with_user, stop

USER = "weigher"
PASSWORD = "a long page-weighing passphrase"
BODY = ("The bridge is 765 km long, officials said on Monday. It cost $3 billion in 2019. "
        "About 40 percent of the workers came from abroad, the ministry said.")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="target/release/claimcheck")
    ap.add_argument("--site-root", default="target/site")
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"{args.bin}: no release binary; run `make build` first")
    here = os.path.dirname(os.path.abspath(__file__))
    modules = os.path.join(here, "..", "end2end", "node_modules")
    if not os.path.isdir(os.path.join(modules, "playwright-core")):
        sys.exit("end2end/node_modules has no playwright-core: run `npm ci` in end2end (make test does)")
    tmp = tempfile.mkdtemp(prefix="cc-weigh-")
    port = free_port()
    env = dict(os.environ, DATABASE_URL=f"sqlite://{tmp}/weigh.db", RUST_LOG="warn",
               LEPTOS_SITE_ROOT=args.site_root, LEPTOS_SITE_ADDR=f"127.0.0.1:{port}")
    server = None
    try:
        server = serve_with_user(args.bin, env, tmp, port, USER, PASSWORD)
        base = f"http://127.0.0.1:{port}"
        _, _, headers = api(base, "POST", "/api/auth/login", {"username": USER, "password": PASSWORD})
        cookie = headers.get("Set-Cookie").split(";")[0]
        _, article, _ = api(base, "POST", "/api/articles", {"title": "A bridge", "body": BODY}, cookie=cookie)
        claim = article["claims"][0]["id"]
        node_env = dict(os.environ, NODE_PATH=modules)
        done = subprocess.run(["node", os.path.join(here, "page-weight.cjs"), base, cookie,
                               str(article["id"]), str(claim)], env=node_env, timeout=600)
        sys.exit(done.returncode)
    finally:
        stop(server, tmp)


if __name__ == "__main__":
    main()
