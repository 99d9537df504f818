"""Writing a generated dataset into the database, county by county."""

import sys
import time
from dataclasses import dataclass

from auditlog.context import disable_auditlog
from django.db import connection, transaction
from django.utils import timezone

from liangxin.core import data_version
from liangxin.core.contributions import slot
from liangxin.coverage import facts as coverage_facts
from liangxin.demo import requests_bulk, rows
from liangxin.demo.accounts import DemoAnchors, create_demo_accounts
from liangxin.demo.generator import generate
from liangxin.demo.records import Chunk, IdAllocator
from liangxin.demo.tree import last_root_position
from liangxin.demo.writer import Progress, TableWriter, reset_sequences
from liangxin.enterprises.models import Enterprise, EnterpriseTag
from liangxin.members.models import Member
from liangxin.organizations.models import CoverageLink, PartyOrganization, PartyStation
from liangxin.regions.models import Region
from liangxin.workforce.models import Instructor

ID_MODELS = {
    "region": Region,
    "enterprise": Enterprise,
    "organization": PartyOrganization,
    "member": Member,
    "instructor": Instructor,
    "station": PartyStation,
}


class SeedError(Exception):
    """The database cannot take the dataset (for example, it already holds one)."""


@dataclass
class SeedReport:
    counts: dict[str, int]
    seconds: float
    anchors: DemoAnchors


def has_data() -> bool:
    return Enterprise.objects.exists()


def next_ids() -> dict[str, int]:
    starts = {}
    for kind, model in ID_MODELS.items():
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        starts[kind] = (last or 0) + 1
    return starts


def anchors_from(regions: list, chunk: Chunk) -> DemoAnchors:
    """The first county, its first town and grid, an enterprise branch, an instructor."""
    town = next(r for r in regions if r.kind in ("town", "park"))
    grid = next(r for r in regions if r.kind == "grid")
    branch = next(
        (o for o in chunk.organizations if o.kind == "branch" and o.covered_ids),
        chunk.organizations[-1],
    )
    instructor = chunk.instructors[0].id if chunk.instructors else None
    return DemoAnchors(regions[0].code, town.code, grid.code, branch.code, instructor)


# The tags the demo gives enterprises (demo.enterprises); enterprises' data migration
# writes them, but a database emptied since (flush, a live-server test) has none.
DEMO_TAGS = {
    "specialized": "专精特新",
    "high_tech": "高新技术企业",
    "fortune500": "世界500强投资",
    "listed": "上市",
}


def demo_tag_ids() -> dict[str, int]:
    """The ids of the demo's tags, writing the missing ones (a district's renamed names kept)."""
    for code, name in DEMO_TAGS.items():
        EnterpriseTag.objects.get_or_create(code=code, defaults={"name": name})
    return dict(EnterpriseTag.objects.values_list("code", "id"))


class DatasetWriter:
    def __init__(self, progress: Progress):
        self.progress = progress
        self.now = timezone.now()
        self.tag_ids = demo_tag_ids()

    def write(self, table) -> None:
        model, columns, table_rows = table
        TableWriter(model, columns, self.progress).write(table_rows)

    @transaction.atomic
    def regions(self, records: list) -> None:
        self.write(rows.region_table(records))

    @transaction.atomic
    def chunk(self, chunk: Chunk) -> None:
        for table in rows.chunk_tables(chunk, self.now, self.tag_ids):
            self.write(table)


def seed_database(scale: str, seed: int, *, stream=sys.stderr) -> SeedReport:
    """Generate ``scale`` from ``seed`` and write it; refuses a database that has data."""
    if has_data():
        raise SeedError("数据库中已有市场主体数据；请使用空数据库，或加 --if-empty 跳过。")
    progress = Progress(stream)
    generation = generate(
        scale,
        seed,
        ids=IdAllocator(next_ids()),
        region_root_offset=last_root_position(Region),
        org_root_offset=last_root_position(PartyOrganization),
    )
    # The coverage facts are rebuilt once after the registry instead of by a trigger per
    # chunk, and the data version bumped once instead of per row. The apps' seeders run
    # after that rebuild: some read the work lists and indicators (a campaign's targets).
    with disable_auditlog(), data_version.suspended():
        with coverage_facts.suspended():
            anchors = write_generation(generation, DatasetWriter(progress))
            reset_sequences([*ID_MODELS.values(), CoverageLink])
        progress.summary()
        timed_accounts(anchors, stream)
        run_app_seeders(anchors, seed, stream)
    return SeedReport(progress.counts, progress.elapsed(), anchors)


def timed_accounts(anchors: DemoAnchors, stream) -> None:
    """Password hashing (PBKDF2, on purpose slow) makes this the slow part of small scales."""
    started = time.monotonic()
    created = create_demo_accounts(anchors)
    stream.write(f"创建演示账号 {len(created)} 个，用时 {time.monotonic() - started:.1f} 秒。\n")


def run_app_seeders(anchors: DemoAnchors, seed: int, stream) -> None:
    """The apps' own demo records (slot demo_seeders), each in one transaction."""
    for entry in slot("demo_seeders").entries:
        with transaction.atomic():
            written = entry.item(anchors, seed)
        if written:
            stream.write(f"{entry.app_label}：补充演示数据 {written} 条。\n")


def write_generation(generation, writer: DatasetWriter) -> DemoAnchors:
    writer.regions(generation.regions)
    anchors = None
    for chunk in generation.chunks():
        anchors = anchors or anchors_from(generation.regions, chunk)
        writer.chunk(chunk)
        factor = requests_bulk.scale_factor(generation.context.scale.name)  # a year of 诉求
        requests_bulk.write_requests(chunk.enterprises, factor, writer.progress)
    analyze()
    return anchors


def analyze() -> None:
    """Fresh statistics, so the first queries on the new rows get good plans."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
