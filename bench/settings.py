"""The project's settings plus the bench-only URLs (the naive peer list)."""

from liangxin.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
