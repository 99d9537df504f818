"""A straightforward per-organization implementation of a board's values.

Not used by the application: it is the oracle the tests compare the SQL aggregates of
``engine`` with, and the peer ``bench/board.py`` measures them against. It walks the
organizations one by one, asks the ORM for each one's meetings, checklist results,
rectifications and covered enterprises, and averages in Python, the way a first version
would. Only the weighting and ranking (``scoring``, pure arithmetic) are shared.
"""

import datetime
from statistics import fmean

from liangxin.board.engine import Spec, scored
from liangxin.board.models import SubjectKind
from liangxin.board.scoring import as_value, ratio_percent
from liangxin.enterprises.models import Enterprise
from liangxin.life import reference as life
from liangxin.life.compliance import KINDS, frequencies
from liangxin.organizations.models import COVERING_KINDS, PartyOrganization
from liangxin.regions.models import Region
from liangxin.standards.models import ChecklistResult, Rectification, ResultStatus

STEP = Region.steplen


def _active(organization, on) -> bool:
    return organization.dissolved_on is None or organization.dissolved_on > on


def _inside(region, spec: Spec) -> bool:
    if not region.path.startswith(spec.region_path):
        return False
    return spec.subject_kind != SubjectKind.REGION or region.depth >= spec.depth


def _subject_of(organization, spec: Spec) -> str:
    if spec.subject_kind == SubjectKind.REGION:
        return organization.region.path[: spec.depth * STEP]
    if spec.subject_kind == SubjectKind.INDUSTRY:
        first = organization.covered_enterprises.order_by("id").first()
        return first.industry if first else ""
    return organization.path


def _life(organization, on) -> float | None:
    months, due, held = frequencies(), 0, 0
    for kind in KINDS:
        if life.owes(organization, kind):
            owed, met = life.organization_counts(organization, kind, months[kind], on.year, on)
            due, held = due + owed, held + met
    return held * 100.0 / due if due else None


def _checklist(organization, on) -> float:
    met = ChecklistResult.objects.filter(
        organization=organization, year=on.year, status=ResultStatus.MET
    ).exists()
    return 100.0 if met else 0.0


def _rectifications(organization, on) -> float:
    late = [
        r for r in Rectification.objects.filter(organization=organization) if r.state != "closed"
    ]
    return 0.0 if any(r.due_on < on for r in late) else 100.0


def _stars(organization, on) -> float:
    return float(organization.star_level or 0)


VALUES = {
    "life.compliance": _life,
    "standards.checklist": _checklist,
    "standards.rectifications": _rectifications,
    "ratings.star_level": _stars,
}


def _organization_values(spec: Spec, on) -> dict:
    collected: dict[str, dict[str, list]] = {}
    keys = [key for key in spec.keys if key in VALUES]
    inside = PartyOrganization.objects.filter(region__path__startswith=spec.region_path)
    for organization in inside.select_related("region"):
        if organization.kind not in COVERING_KINDS or not _active(organization, on):
            continue
        if not _inside(organization.region, spec):
            continue
        subject = _subject_of(organization, spec)
        if not subject:
            continue
        lists = collected.setdefault(subject, {key: [] for key in keys})
        for key in keys:
            value = VALUES[key](organization, on)
            if value is not None:
                lists[key].append(value)
    return {
        subject: {key: as_value(fmean(found)) if found else None for key, found in lists.items()}
        for subject, lists in collected.items()
    }


def _covered(enterprise, on) -> bool:
    return any(
        org.kind in COVERING_KINDS and _active(org, on)
        for org in enterprise.covering_organizations.all()
    )


def _coverage_values(spec: Spec, on) -> dict:
    if "coverage.org_coverage" not in spec.keys or spec.subject_kind == SubjectKind.ORGANIZATION:
        return {}
    counts: dict[str, list[int]] = {}
    enterprises = Enterprise.objects.filter(
        category="enterprise", status="operating", region__path__startswith=spec.region_path
    )
    for enterprise in enterprises.select_related("region"):
        if not enterprise.region.path.startswith(spec.region_path):
            continue
        if spec.subject_kind == SubjectKind.REGION:
            if enterprise.region.depth < spec.depth:
                continue
            subject = enterprise.region.path[: spec.depth * STEP]
        else:
            subject = enterprise.industry
        if not subject:
            continue
        tally = counts.setdefault(subject, [0, 0])
        tally[1] += 1
        tally[0] += _covered(enterprise, on)
    return {subject: ratio_percent(num, den) for subject, (num, den) in counts.items()}


def reference_table(spec: Spec, on: datetime.date):
    values = _organization_values(spec, on)
    for subject, value in _coverage_values(spec, on).items():
        values.setdefault(subject, {})["coverage.org_coverage"] = value
    return scored(spec, values, on)
