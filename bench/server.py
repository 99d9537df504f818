"""gunicorn on 127.0.0.1 and a free port, started and stopped by the harness only."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from bench.database import ROOT, BenchDatabase, server_environment

GUNICORN = Path(sys.executable).with_name("gunicorn")
STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn 启动失败")
        with contextlib.suppress(requests.RequestException):
            requests.get(base + "/", timeout=2)
            return
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn 在 {STARTUP_SECONDS} 秒内没有响应")


@contextlib.contextmanager
def gunicorn(database: BenchDatabase, workers: int, settings: dict | None = None):
    """Yield the base URL; the server (its own process group) is stopped on exit.

    ``settings``: extra environment for the server (e.g. ``PAGE_CACHE_SECONDS=0``).
    """
    port = free_port()
    command = [
        str(GUNICORN),
        "bench.wsgi:application",
        f"--workers={workers}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
        "--chdir",
        str(ROOT),
    ]
    # whitenoise warns once per worker that staticfiles/ is missing; the bench serves no assets.
    quiet = {"PYTHONWARNINGS": "ignore::UserWarning"}
    environment = {**os.environ, **server_environment(database), **quiet, **(settings or {})}
    process = subprocess.Popen(command, cwd=ROOT, env=environment, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
