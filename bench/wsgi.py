"""WSGI entry for the bench server: the project's own entry (liangxin.wsgi, as deployed)
with bench.settings."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from liangxin.wsgi import application  # noqa: E402

__all__ = ["application"]
