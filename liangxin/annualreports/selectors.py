"""Reads of the annual reports, always through the user's scope (core.scoping)."""

from django.db.models import QuerySet

from liangxin.annualreports.models import AnnualReport, ReportJob, ReportTemplate
from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.regions.models import Region, RegionKind


def reports(*, user) -> QuerySet:
    return scoped(AnnualReport.objects.select_related("region"), user).order_by(
        "-year", "region__path"
    )


def report_detail(*, user, pk: int) -> AnnualReport:
    return get_scoped_or_404(AnnualReport.objects.select_related("region"), user, pk=pk)


def job_detail(*, user, pk: int) -> ReportJob:
    return get_scoped_or_404(ReportJob.objects.select_related("report__region"), user, pk=pk)


def latest_job(report: AnnualReport) -> ReportJob | None:
    return report.jobs.order_by("-started_at", "-id").first()


def region_choices(user) -> QuerySet:
    """The regions a report may be made for: towns and above in the user's scope (the
    areas and grids below a town are not reported on their own)."""
    reported = (RegionKind.COUNTY, RegionKind.TOWN, RegionKind.PARK)
    return scoped(Region.objects.filter(kind__in=reported), user).order_by("path")


def templates(*, user) -> QuerySet:
    return scoped(ReportTemplate.objects.select_related("region", "uploaded_by"), user)


def active_template(region: Region) -> ReportTemplate | None:
    """The newest active template of ``region`` or the nearest region above it."""
    paths = [
        region.path[:end] for end in range(Region.steplen, len(region.path) + 1, Region.steplen)
    ]
    return (
        ReportTemplate.objects.filter(active=True, region__path__in=paths)
        .order_by("-region__depth", "-uploaded_at", "-id")
        .first()
    )
