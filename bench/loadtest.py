"""The load test: gunicorn with two workers on the bench database, wrk with 20 connections.

The app runs as in production (CSRF on, a real secret key, gunicorn) on 127.0.0.1 only. Two users
log in through the real login form: the admin for the management pages and the ministry user for
the reports; the ministry user's API token serves the report API. wrk's Lua script walks round-robin over the main pages with the matching session
cookie. The peak resident memory of each worker (VmHWM, /proc) is read after the load test and
after the heaviest reports (the report exports), so it covers "a worker while serving the reports".
"""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (path, who): the main pages of every role, the participation report with its API and exports.
LOAD_PAGES = [
    ("/", "admin"),
    ("/netwerken/oproepen", "admin"),
    ("/netwerken/", "admin"),
    ("/bijeenkomsten/", "admin"),
    ("/inzet/", "admin"),
    ("/scholen/", "admin"),
    ("/rapporten/", "ministry"),
    ("/rapporten/deelname", "ministry"),
    ("/rapporten/inzet", "ministry"),
    ("/rapporten/bereik", "ministry"),
    ("/rapporten/evolutie", "ministry"),
    ("/api/v1/reports/participation", "api"),
    ("/api/v1/reports/reach", "api"),
]
# Requested a few times after the load test, to see a worker's peak memory on the big answers.
HEAVY_PAGES = [
    ("/rapporten/deelname?format=xlsx", "ministry"),
    ("/rapporten/deelname?format=csv", "ministry"),
    ("/rapporten/inzet?format=xlsx", "ministry"),
]

WRK_SCRIPT = """
local pages = {%(pages)s}
local i = 0
request = function()
  i = i %% #pages + 1
  local page = pages[i]
  return wrk.format("GET", page[1], {[page[2]] = page[3]})
end
"""


@dataclass
class LoadResult:
    """What wrk and /proc said."""

    requests: int
    seconds: float
    per_second: float
    latency_ms: dict[str, float]
    errors: int
    error_detail: str
    worker_peak_mib: list[float]


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    """Wait until the server answers (any status)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def session_cookie(base: str, email: str, password: str) -> str:
    """Log in through the real form (with its CSRF token); the Cookie header of the session.

    The app marks its cookies Secure outside development, and a browser (or a cookie jar) would
    not send them over plain HTTP; the bench talks to 127.0.0.1 and passes them on itself.
    """
    address = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    try:
        conn.request("GET", "/aanmelden")
        answer = conn.getresponse()
        page = answer.read().decode()
        cookies = _cookies(answer)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        if not token:
            raise RuntimeError("no CSRF token on the login page")
        body = urllib.parse.urlencode(
            {"csrf_token": token.group(1), "email": email, "password": password}
        )
        conn.request(
            "POST",
            "/aanmelden",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            },
        )
        answer = conn.getresponse()
        answer.read()
        location = answer.getheader("Location") or ""
        if answer.status != 302 or "/aanmelden" in location:
            raise RuntimeError(f"login as {email} failed: HTTP {answer.status}")
        cookies.update(_cookies(answer))
        # Follow the redirect as a browser does: the landing page shows "U bent aangemeld." and
        # its answer's cookie no longer holds that message. A cookie kept from before would
        # carry the pending message into every request, and the report pages (which show a
        # pending message once, so never from or into the report cache) would never be cached.
        conn.request(
            "GET",
            urllib.parse.urlsplit(location).path or "/",
            headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
        )
        answer = conn.getresponse()
        answer.read()
        if answer.status != 200:
            raise RuntimeError(f"the landing page after the login as {email}: HTTP {answer.status}")
        cookies.update(_cookies(answer))
    finally:
        conn.close()
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def _cookies(answer: http.client.HTTPResponse) -> dict[str, str]:
    """name -> value of the Set-Cookie headers of a response."""
    cookies = {}
    for header in answer.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    return cookies


def worker_pids(master: int) -> list[int]:
    """The gunicorn workers: the master's children."""
    try:
        with open(f"/proc/{master}/task/{master}/children", encoding="ascii") as fh:
            return [int(pid) for pid in fh.read().split()]
    except OSError:
        return []


def peak_rss_mib(pid: int) -> float:
    """The peak resident set size of a process (VmHWM) in MiB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def parse_wrk(output: str) -> tuple[int, float, dict[str, float], int, str]:
    """Requests, seconds, latency percentiles (ms), error count and their detail from wrk."""

    def ms(value: str) -> float:
        number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
        return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

    done = re.search(r"(\d+) requests in ([\d.]+)(s|m)", output)
    requests = int(done.group(1))
    seconds = float(done.group(2)) * (60 if done.group(3) == "m" else 1)
    latency = {
        p: ms(v) for p, v in re.findall(r"^\s*(50|75|90|99)%\s+(\S+)\s*$", output, flags=re.M)
    }
    errors = 0
    detail = []
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if socket_errors:
        detail.append("socket " + socket_errors.group(1))
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        detail.append(f"{non_2xx.group(1)} non-2xx/3xx")
        errors += int(non_2xx.group(1))
    return requests, seconds, latency, errors, ", ".join(detail)


@contextmanager
def gunicorn_server(database_url: str, workers: int, folder: str) -> Iterator[tuple[str, int]]:
    """gunicorn on a free loopback port, as in production; (base URL, master pid)."""
    port = free_port()
    env = {
        **os.environ,
        "NETWERK_DATABASE_URL": database_url,
        "NETWERK_SECRET_KEY": "bench-" + os.urandom(16).hex(),
        # The bench logs in twice from one address; the login limit is not what is measured.
        "NETWERK_RATELIMIT_ENABLED": "false",
    }
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    log_path = os.path.join(folder, "gunicorn.log")
    with open(log_path, "w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [gunicorn, "-w", str(workers), "-b", f"127.0.0.1:{port}", "--timeout", "120",
             "wsgi:app"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/aanmelden")
            yield base, server.pid
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    with open(log_path, encoding="utf-8", errors="replace") as log:
        text = log.read()
    if "Traceback" in text:
        print(text[-4000:], file=sys.stderr)


def run_load_test(
    database_url: str,
    users: dict[str, tuple[str, str]],
    api_token: str,
    *,
    seconds: int = 30,
    connections: int = 20,
    workers: int = 2,
    pages: list[tuple[str, str]] = LOAD_PAGES,
    heavy: bool = True,
) -> LoadResult:
    """Serve the app with gunicorn on the database and run wrk against `pages` (the main pages,
    or e.g. the participation API alone); heavy: the big exports after it, for the peak memory."""
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    with (
        tempfile.TemporaryDirectory() as folder,
        gunicorn_server(database_url, workers, folder) as (base, master),
    ):
        headers = {who: ("Cookie", session_cookie(base, *login)) for who, login in users.items()}
        headers["api"] = ("Authorization", f"Bearer {api_token}")
        listed = ", ".join(
            f'{{"{path}", "{headers[who][0]}", "{headers[who][1]}"}}' for path, who in pages
        )
        script = os.path.join(folder, "pages.lua")
        with open(script, "w", encoding="utf-8") as fh:
            fh.write(WRK_SCRIPT % {"pages": listed})
        # Every page once first, so that a page that fails is named rather than counted.
        for path, who in pages:
            request = urllib.request.Request(base + path, headers=dict([headers[who]]))
            with urllib.request.urlopen(request, timeout=120) as answer:
                if answer.status != 200 or "/aanmelden" in answer.geturl():
                    raise RuntimeError(f"{path}: HTTP {answer.status} at {answer.geturl()}")
        wrk = subprocess.run(
            ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency",
             "--timeout", "30s", "-s", script, base],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        for path, who in HEAVY_PAGES * 2 if heavy else []:
            request = urllib.request.Request(base + path, headers=dict([headers[who]]))
            with urllib.request.urlopen(request, timeout=300) as answer:
                answer.read()
        peaks = sorted((peak_rss_mib(pid) for pid in worker_pids(master)), reverse=True)
    print(wrk.stdout, flush=True)
    requests, took, latency, errors, detail = parse_wrk(wrk.stdout)
    return LoadResult(requests, took, requests / took, latency, errors, detail, peaks)
