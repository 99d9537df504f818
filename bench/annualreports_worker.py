"""Runs inside the province database's Django (subprocess of bench/annualreports.py);
prints JSON: the first county's annual report timed in its parts — the figures (every
app's selectors), the charts and the Word file, then LibreOffice's PDF — as its district
admin, for the demo's year."""

import json
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangxin.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from liangxin.accounts.models import User  # noqa: E402
from liangxin.annualreports import documents, drafting, figures, services  # noqa: E402
from liangxin.annualreports.models import AnnualReport  # noqa: E402
from liangxin.core.roles import Role  # noqa: E402
from liangxin.demo.scales import ANCHOR_DATE  # noqa: E402
from liangxin.regions.models import Region  # noqa: E402


def county_user(county: Region) -> User:
    user, _ = User.objects.get_or_create(
        username=f"bench_county_{county.code}", defaults={"role": Role.DISTRICT_ADMIN}
    )
    user.regions.set([county])
    return user


def ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def main() -> dict:
    county = Region.objects.filter(depth=1).order_by("path").first()
    user = county_user(county)
    year = ANCHOR_DATE.year
    # An unsaved report: the bench writes no rows and no files into the dataset.
    report = AnnualReport(region=county, year=year, as_of=timezone.now())
    started = time.perf_counter()
    report.figures = figures.collect(user=user, region=county, year=year)
    figures_ms = ms_since(started)
    report.sections = drafting.draft(
        region_name=county.name, year=year, as_of=ANCHOR_DATE.isoformat(), figures=report.figures
    )
    started = time.perf_counter()
    images = services.report_charts(report)
    docx = documents.render(documents.default_template_bytes(), services.context(report), images)
    docx_ms = ms_since(started)
    started = time.perf_counter()
    pdf = documents.to_pdf(docx)
    pdf_ms = ms_since(started)
    return {
        "backend": connection.vendor,
        "county": county.name,
        "year": year,
        "figures": len(report.figures),
        "figures_ms": figures_ms,
        "docx_ms": docx_ms,
        "pdf_ms": pdf_ms,
        "docx_kb": len(docx) / 1024,
        "pdf_kb": len(pdf) / 1024,
    }


if __name__ == "__main__":
    json.dump(main(), sys.stdout)
