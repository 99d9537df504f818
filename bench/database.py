"""The bench database: created once, seeded with the zone dataset, reused while the seed matches."""

import hashlib
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
PYTHON = sys.executable
BENCH_DB_NAME = "liangxin_bench"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class BenchDatabase:
    backend: str  # "sqlite" or "postgresql"
    url: str

    @property
    def marker(self) -> Path:
        return BENCH_VAR / f"seeded-{self.backend}.json"


def choose(postgres: bool) -> BenchDatabase:
    """SQLite under var/bench/, or liangxin_bench on the server of --postgres / DATABASE_URL."""
    server = os.environ.get("DATABASE_URL", "")
    if postgres or server.startswith("postgres"):
        parts = urlsplit(server if server.startswith("postgres") else DEFAULT_POSTGRES)
        return BenchDatabase("postgresql", urlunsplit(parts._replace(path="/" + BENCH_DB_NAME)))
    return BenchDatabase("sqlite", f"sqlite:///{BENCH_VAR / 'liangxin_bench.sqlite3'}")


def manage(database: BenchDatabase, *args: str, capture=False, env=None) -> str:
    """Run manage.py against the bench database (bench settings: the peer URL included)."""
    environment = {**os.environ, **server_environment(database), **(env or {})}
    result = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=environment,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def server_environment(database: BenchDatabase) -> dict:
    return {
        "DATABASE_URL": database.url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
    }


def recreate(database: BenchDatabase) -> None:
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    database.marker.unlink(missing_ok=True)
    if database.backend == "sqlite":
        path = Path(database.url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    import psycopg

    maintenance = urlunsplit(urlsplit(database.url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB_NAME}")
        connection.execute(f"CREATE DATABASE {BENCH_DB_NAME}")


def generator_fingerprint() -> str:
    """Changes whenever the generator's code does, so a stale bench dataset is rebuilt."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "liangxin" / "demo").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def marker_for(database: BenchDatabase, seed: int) -> dict:
    return {"seed": seed, "url": database.url, "generator": generator_fingerprint()}


def is_seeded(database: BenchDatabase, seed: int) -> bool:
    if not database.marker.exists():
        return False
    recorded = json.loads(database.marker.read_text(encoding="utf-8"))
    expected = marker_for(database, seed)
    return all(recorded.get(key) == value for key, value in expected.items())


def ensure_seeded(database: BenchDatabase, seed: int) -> float | None:
    """Seed the zone dataset unless the marker says it is there; returns seconds spent."""
    if is_seeded(database, seed):
        print(f"基准数据库已就绪（{database.backend}，种子 {seed}），跳过生成。", file=sys.stderr)
        manage(database, "migrate", "--noinput", "-v", "0")  # migrations added since the seed
        return None
    started = time.monotonic()
    recreate(database)
    manage(database, "migrate", "--noinput", "-v", "0")
    manage(database, "seed_demo", "--scale", "zone", "--seed", str(seed), capture=True)
    seconds = time.monotonic() - started
    marker = {**marker_for(database, seed), "seconds": round(seconds, 1)}
    database.marker.write_text(json.dumps(marker), encoding="utf-8")
    return seconds


def issue_token(database: BenchDatabase, username: str) -> str:
    """An API token via ``manage.py issue_token`` (prints the raw token, stored hashed)."""
    output = manage(database, "issue_token", username, capture=True)
    return output.strip().split()[-1]


def run_worker(database, script: str, *args: str, env: dict | None = None) -> dict:
    """Run a suite's worker (bench/<script>) against ``database`` in its own process (Django
    set up for that database) and return the JSON it prints."""
    environment = {**os.environ, **server_environment(database), **(env or {})}
    output = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        cwd=ROOT,
        env=environment,
        check=True,
        text=True,
        stdout=subprocess.PIPE,
    ).stdout
    return json.loads(output)
