"""Latency (sequential requests) and throughput (wrk, else a thread pool) on loopback."""

import re
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field

import requests

LATENCY_TIME_LIMIT = 300.0  # seconds per URL, whatever N is
LOAD_MAX_REQUESTS = 200_000


@dataclass
class Target:
    name: str
    url: str
    headers: dict = field(default_factory=dict)
    cookies: dict = field(default_factory=dict)


@dataclass
class Latency:
    samples_ms: list[float]
    errors: int
    first_status: int

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms) if self.samples_ms else float("nan")

    @property
    def p95(self) -> float:
        """Nearest-rank 95th percentile."""
        if not self.samples_ms:
            return float("nan")
        ordered = sorted(self.samples_ms)
        return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


@dataclass
class Throughput:
    requests_per_second: float
    errors: int
    tool: str


def session_for(target: Target) -> requests.Session:
    session = requests.Session()
    session.headers.update(target.headers)
    session.cookies.update(target.cookies)
    return session


def measure_latency(target: Target, count: int, warmup: int) -> Latency:
    session = session_for(target)
    first = session.get(target.url, timeout=30, allow_redirects=False)
    for _ in range(warmup):
        session.get(target.url, timeout=30, allow_redirects=False)
    samples, errors = [], 0
    deadline = time.monotonic() + LATENCY_TIME_LIMIT
    while len(samples) < count and time.monotonic() < deadline:
        started = time.perf_counter()
        response = session.get(target.url, timeout=30, allow_redirects=False)
        samples.append((time.perf_counter() - started) * 1000)
        errors += response.status_code != 200
    return Latency(samples, errors, first.status_code)


def measure_throughput(target: Target, seconds: int, connections: int) -> Throughput:
    if shutil.which("wrk"):
        return wrk(target, seconds, connections)
    return thread_load(target, seconds, connections)


def wrk(target: Target, seconds: int, connections: int) -> Throughput:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    for name, value in target.headers.items():
        command += ["-H", f"{name}: {value}"]
    if target.cookies:
        cookie = "; ".join(f"{name}={value}" for name, value in target.cookies.items())
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, target.url], capture_output=True, text=True, timeout=seconds + 60, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return Throughput(rps, int(errors.group(1)) if errors else 0, "wrk")


def thread_load(target: Target, seconds: int, connections: int) -> Throughput:
    """Fallback when wrk is missing: keep-alive sessions in threads, bounded in time and count."""
    counts = {"ok": 0, "errors": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        session = session_for(target)
        while time.monotonic() < deadline and sum(counts.values()) < LOAD_MAX_REQUESTS:
            status = session.get(target.url, timeout=10, allow_redirects=False).status_code
            with lock:
                counts["ok" if status == 200 else "errors"] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return Throughput(counts["ok"] / elapsed, counts["errors"], "python-threads")


def session_login(base: str, login_path: str, username: str, password: str) -> dict:
    """Log in through the login form (CSRF cookie, then POST); returns the cookies."""
    session = requests.Session()
    page = session.get(base + login_path, timeout=30)
    token = session.cookies.get("csrftoken") or ""
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    form = {
        "username": username,
        "password": password,
        "csrfmiddlewaretoken": match.group(1) if match else token,
    }
    session.post(base + login_path, data=form, headers={"Referer": base + login_path}, timeout=30)
    return session.cookies.get_dict()
