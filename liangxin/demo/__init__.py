"""Synthetic, realistic demo and benchmark datasets (``manage.py seed_demo``).

- ``generator.generate(scale, seed)`` gives plain records (no database): the
  region tree at once, then enterprises, organizations, members, instructors
  and stations county by county (``Generation.chunks()``). Same seed, same
  records. ``generator.all_records`` collects them for small scales.
- ``seed.seed_database(scale, seed)`` writes them with bulk inserts (COPY on
  PostgreSQL) and creates the demo logins (``accounts``).
- ``scales.SCALES`` holds the knobs of ``small``, ``zone`` and ``province``.
"""
