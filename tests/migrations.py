"""Running the migrations back and forth inside a test (PostgreSQL: SQLite's test tables are
made from the models, see tests/conftest.py)."""

import contextlib

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate to ``targets`` and return the historical apps of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@contextlib.contextmanager
def schema_at(targets):
    """The schema as it was at ``targets`` (its historical apps), the latest again after."""
    latest = list(MigrationExecutor(connection).loader.graph.leaf_nodes())
    try:
        yield migrate(targets)
    finally:
        migrate(latest)
