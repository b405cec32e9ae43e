"""Helpers the benchmark scripts in this folder share (each script imports it from beside itself)."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(xs, p):
    """The p-th percentile of xs (nearest rank); NaN for no samples."""
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = max(0, min(len(xs) - 1, int(round(p / 100 * len(xs) + 0.5)) - 1))
    return xs[k]


def api(base, method, path, body=None, cookie=None, timeout=60):
    """One JSON API call: (status, parsed body or None, response headers)."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if cookie:
        req.add_header("Cookie", cookie)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        raw = r.read()
        return r.status, (json.loads(raw) if raw else None), r.headers


def stop(server, folder=None):
    """Stops a server started by a script (SIGTERM, then kill after 30 s) and removes its folder."""
    if server is not None and server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def serve_with_user(binary, env, folder, port, user, password):
    """Creates `user` with `claimcheck user create`, starts `claimcheck serve` (its log in
    `folder`/server.log) and waits up to 30 s for /healthz on `port`. Returns the server process."""
    subprocess.run([binary, "user", "create", user, "--password-stdin"], input=password + "\n",
                   env=env, check=True, capture_output=True, text=True, timeout=60)
    log = open(os.path.join(folder, "server.log"), "w")
    server = subprocess.Popen([binary, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            pass
        if server.poll() is not None or time.time() > deadline:
            stop(server)
            sys.exit("server did not come up; log in " + log.name)
        time.sleep(0.1)
