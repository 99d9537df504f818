"""Annual report tests: jobs run in-process (ImmediateBackend), files go to a temporary
MEDIA_ROOT, and a small year of data sits on the shared world."""

import datetime
import importlib
import io
import shutil
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.utils import timezone

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
HAS_SOFFICE = bool(shutil.which("soffice") or shutil.which("libreoffice"))
needs_soffice = pytest.mark.skipif(
    not HAS_SOFFICE, reason="LibreOffice (soffice) 未安装：无法把 Word 转换为 PDF"
)


@pytest.fixture(autouse=True)
def report_jobs_run_inline(settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def seeded_sets(db):
    """The requests' categories and deadline rules and co-building's sets (data
    migrations), written back where a flush removed them."""
    from liangxin.cobuilding.defaults import seed_models
    from liangxin.requests.models import DeadlineRule

    if not DeadlineRule.objects.exists():
        importlib.import_module("liangxin.requests.migrations.0002_defaults").seed(apps, None)
    seed_models()


@dataclass
class Year:
    year: int
    world: object


@pytest.fixture
def year_data(world) -> Year:
    """This year in town A: two new members (one 经营管理骨干), a branch founded this year with
    a star, a four-star branch, a request received, a coverage snapshot of last December."""
    from liangxin.coverage.models import CoverageSnapshot
    from liangxin.coverage.selectors import coverage_counts
    from liangxin.requests import services as requests
    from liangxin.requests.models import RequestCategory
    from tests import factories as f

    today = timezone.localdate()
    year = today.year
    first = datetime.date(year, 1, 1)
    f.MemberFactory(
        name="新党员甲", organization=world.org_a, employer=world.ent_a, joined_on=first,
        full_member_on=None, status="probationary", post_level="management",
    )  # fmt: skip
    f.MemberFactory(
        name="新党员乙", organization=world.org_a, employer=world.ent_a, joined_on=first,
        full_member_on=None, status="probationary", post_level="front_line",
    )  # fmt: skip
    org = f.organization(
        "ORG-A2", "川姜电子有限公司党支部", region=world.grid_a, covers=[world.ent_a2]
    )
    org.established_on = first
    org.star_level = 3
    org.save()
    world.org_a.star_level = 4
    world.org_a.save()
    requests.request_create(
        actor=world.user("town_a_admin"),
        data={
            "enterprise": world.ent_a,
            "channel": "platform",
            "categories": [RequestCategory.objects.get(name="用工")],
            "urgency": "general",
            "content": "招工难，请协助对接职业院校",
            "submitter_name": "李经理",
            "submitter_phone": "13800000000",
        },
    )
    # Last December: one of the town's enterprises covered of three (before ORG-A2).
    counts = coverage_counts(region=world.town_a, on=today)
    CoverageSnapshot.objects.create(
        region=world.town_a,
        month=datetime.date(year - 1, 12, 1),
        as_of=datetime.date(year - 1, 12, 31),
        figures={key: [max(0, num - 1), den] for key, (num, den) in counts.items()},
        organizations=1,
    )
    return Year(year=year, world=world)


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a Word file, as python-docx reads it."""
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def simple_docx(*paragraphs: str) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
