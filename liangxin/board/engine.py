"""A board's values, scores and ranks as SQL aggregates (WORK.md §3 **Board**).

One query reads every organization-level indicator for every subject: each organization
of the board's population is annotated with its values (organization-life compliance
from ``life.compliance``'s building blocks, 达标 and overdue rectifications as EXISTS,
its star level), then grouped on the subject — the region path cut at the subjects'
depth (like ``life.compliance.figures_by_group``), the industry of the first enterprise
it covers, or the organization itself — and averaged (AVG leaves out an organization
with nothing to measure, e.g. no meeting owed yet). Coverage is one more GROUP BY over
the enterprises (``coverage.counting``). ``reference.py`` computes the same per
organization in Python; the tests and ``bench/board.py`` hold the two equal.
"""

import datetime
from dataclasses import dataclass
from functools import reduce
from operator import add

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Substr

from liangxin.board.indicators import CATALOGUE, ORGANIZATION
from liangxin.board.models import SubjectKind
from liangxin.board.scoring import Weighted, as_value, ranks, ratio_percent, score
from liangxin.coverage.counting import units
from liangxin.coverage.definitions import INDICATORS, with_facts
from liangxin.coverage.selectors import grouped_counts
from liangxin.enterprises.models import Industry
from liangxin.life.compliance import KINDS, kind_annotations, windows_for
from liangxin.organizations.models import COVERING_KINDS, CoverageLink, PartyOrganization
from liangxin.regions.models import Region
from liangxin.standards.models import ChecklistResult, Rectification, ResultStatus

FLOAT = FloatField()


@dataclass(frozen=True)
class Spec:
    """What a board ranks, detached from its rows (the bench builds one without a board)."""

    subject_kind: str
    region_path: str  # "" for the whole dataset
    depth: int | None  # absolute Region depth of region subjects
    indicators: tuple[Weighted, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(w.key for w in self.indicators)


@dataclass(frozen=True)
class Subject:
    key: str  # region path, industry code or organization path
    code: str  # region code, industry code or organization code
    name: str


def spec_of(board, indicators=None) -> Spec:
    rows = board.indicators.all() if indicators is None else indicators
    depth = board.region.depth + board.subject_depth if board.subject_depth else None
    return Spec(
        board.subject_kind,
        board.region.path,
        depth,
        tuple(Weighted(row.key, row.weight, row.full_value) for row in rows),
    )


# --- the population and its per-organization values -------------------------------------


def population(spec: Spec, on: datetime.date) -> QuerySet:
    """The organizations a board measures: active 基层党组织 (the kinds that cover
    enterprises; a 党小组 is part of its branch) inside the board's region."""
    organizations = PartyOrganization.objects.active(on).filter(kind__in=COVERING_KINDS)
    regions = Region.objects.all()
    if spec.region_path:
        regions = regions.filter(path__startswith=spec.region_path)
    if spec.subject_kind == SubjectKind.REGION:
        regions = regions.filter(depth__gte=spec.depth)  # those above belong to no subject
    elif not spec.region_path:
        return organizations
    return organizations.filter(region_id__in=regions.values("id"))


class NullIf(Func):
    function = "NULLIF"
    arity = 2


def _life(on: datetime.date) -> dict:
    """Per organization: met owed periods ÷ owed periods (ended ones) over every kind it
    owes, as a percentage; NULL when nothing is owed yet. The counts are organization
    life's own (``kind_annotations``: NULL for a kind the organization does not owe)."""
    bounds, counts = kind_annotations(windows_for(on.year, on))
    due = reduce(add, (Coalesce(counts[f"due_{kind}"], Value(0)) for kind in KINDS))
    held = reduce(add, (Coalesce(counts[f"held_{kind}"], Value(0)) for kind in KINDS))
    percent = Cast(held, FLOAT) * Value(100.0) / NullIf(due, Value(0))
    return {**bounds, "v_life__compliance": percent}


def _checklist(on: datetime.date) -> dict:
    met = ChecklistResult.objects.filter(
        organization_id=OuterRef("pk"), year=on.year, status=ResultStatus.MET
    )
    flag = Case(When(Exists(met), then=Value(100.0)), default=Value(0.0), output_field=FLOAT)
    return {"v_standards__checklist": flag}


def _rectifications(on: datetime.date) -> dict:
    overdue = Rectification.objects.overdue(on).filter(organization_id=OuterRef("pk"))
    flag = Case(When(Exists(overdue), then=Value(0.0)), default=Value(100.0), output_field=FLOAT)
    return {"v_standards__rectifications": flag}


def _stars(on: datetime.date) -> dict:
    return {"v_ratings__star_level": Cast(Coalesce("star_level", Value(0)), FLOAT)}


PER_ORGANIZATION = {
    "life.compliance": _life,
    "standards.checklist": _checklist,
    "standards.rectifications": _rectifications,
    "ratings.star_level": _stars,
}


def value_field(key: str) -> str:
    return "v_" + key.replace(".", "__")


def organization_keys(spec: Spec) -> list[str]:
    return [key for key in spec.keys if CATALOGUE[key].level == ORGANIZATION]


def with_values(organizations: QuerySet, keys, on: datetime.date) -> QuerySet:
    """``organizations`` annotated with each indicator's value (``value_field(key)``)."""
    for key in keys:
        organizations = organizations.annotate(**PER_ORGANIZATION[key](on))
    return organizations


def _first_industry():
    links = CoverageLink.objects.filter(organization=OuterRef("pk")).order_by("enterprise_id")
    return Subquery(links.values("enterprise__industry")[:1])


def subject_expression(spec: Spec):
    """The subject an organization counts for, as a SQL expression."""
    if spec.subject_kind == SubjectKind.REGION:
        return Substr("region__path", 1, spec.depth * Region.steplen)
    if spec.subject_kind == SubjectKind.INDUSTRY:
        # A joint branch covering several trades counts once, for the first it covers.
        return _first_industry()
    return F("path")


def organization_values(spec: Spec, on: datetime.date) -> dict[str, dict]:
    """{subject: {indicator: average over its organizations}}: one GROUP BY."""
    keys = organization_keys(spec)
    if not keys:
        return {}
    rows = (
        with_values(population(spec, on), keys, on)
        .annotate(subject=subject_expression(spec))
        .order_by()
        .values("subject")
        .annotate(**{f"avg_{i}": Avg(value_field(key)) for i, key in enumerate(keys)})
    )
    return {
        row["subject"]: {key: as_value(row[f"avg_{i}"]) for i, key in enumerate(keys)}
        for row in rows
        if row["subject"]
    }


# --- coverage, counted over enterprises --------------------------------------------------


def coverage_values(spec: Spec, on: datetime.date) -> dict[str, object]:
    """{subject: organization coverage %} (none for organization subjects)."""
    if "coverage.org_coverage" not in spec.keys or spec.subject_kind == SubjectKind.ORGANIZATION:
        return {}
    if spec.subject_kind == SubjectKind.REGION:
        groups = grouped_counts(depth=spec.depth, within=spec.region_path, on=on)
        return {path: ratio_percent(*counts["org_coverage"]) for path, counts in groups.items()}
    indicator = INDICATORS["org_coverage"]
    rows = (
        with_facts(units("enterprise", spec.region_path), on)
        .order_by()
        .values("industry")
        .annotate(
            den=Count("id", filter=indicator.denominator),
            num=Count("id", filter=indicator.denominator & indicator.numerator),
        )
    )
    return {
        row["industry"]: ratio_percent(row["num"], row["den"]) for row in rows if row["industry"]
    }


# --- subjects, scores, ranks -------------------------------------------------------------


def subjects(spec: Spec, on: datetime.date, found=()) -> list[Subject]:
    if spec.subject_kind == SubjectKind.REGION:
        regions = Region.objects.filter(depth=spec.depth, path__startswith=spec.region_path)
        return [Subject(r.path, r.code, r.name) for r in regions.order_by("path")]
    if spec.subject_kind == SubjectKind.INDUSTRY:
        labels = dict(Industry.choices)
        return [Subject(code, code, labels.get(code, code)) for code in sorted(found)]
    rows = population(spec, on).order_by("path").values_list("path", "code", "name")
    return [Subject(*row) for row in rows]


@dataclass(frozen=True)
class Scored:
    subject: Subject
    values: dict
    score: object
    rank: int | None


def scored(spec: Spec, values: dict[str, dict], on: datetime.date) -> list[Scored]:
    """Every subject with its values, weighted score and rank, best first."""
    every = subjects(spec, on, found=values.keys())
    empty = dict.fromkeys(spec.keys)
    filled = {s.key: {**empty, **values.get(s.key, {})} for s in every}
    scores = {key: score(v, spec.indicators) for key, v in filled.items()}
    placed = ranks(scores)
    rows = [Scored(s, filled[s.key], scores[s.key], placed[s.key]) for s in every]
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.subject.key))


def table(spec: Spec, on: datetime.date) -> list[Scored]:
    values = organization_values(spec, on)
    for subject, value in coverage_values(spec, on).items():
        values.setdefault(subject, {})["coverage.org_coverage"] = value
    return scored(spec, values, on)
