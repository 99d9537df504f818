"""Reads of brands and 标杆 projects: every queryset through ``scoped``; figures are SQL
aggregates (WORK.md §3 statistics: brands by kind and state; the district's list of 标杆
projects with progress)."""

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from liangxin.brands.models import (
    BenchmarkProject,
    Brand,
    BrandEvidence,
    BrandKind,
    BrandState,
    NodeEvidence,
    NodeState,
    Programme,
    ProgrammeTier,
    ProjectNode,
    ProjectState,
)
from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.regions.models import Region

# --- brands ---------------------------------------------------------------------------------


def brand_list(*, user, kind: str = "", state: str = "", q: str = "") -> QuerySet:
    rows = scoped(Brand.objects.select_related("region"), user).prefetch_related("holders")
    if kind in BrandKind.values:
        rows = rows.filter(kind=kind)
    if state in BrandState.values:
        rows = rows.filter(state=state)
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(industry__icontains=q))
    return rows.order_by("kind", "name", "id")


def brand_export(*, user, **filters) -> QuerySet:
    """The list as filtered, each brand with its count of evidence files."""
    return brand_list(user=user, **filters).annotate(evidence_count=Count("evidence"))


def brand_detail(*, user, pk) -> Brand:
    return get_scoped_or_404(
        Brand.objects.select_related("region", "created_by").prefetch_related(
            "holders",
            Prefetch("evidence", queryset=BrandEvidence.objects.order_by("id")),
            "events__actor",
        ),
        user,
        pk=pk,
    )


def brand_evidence_detail(*, user, pk) -> BrandEvidence:
    return get_scoped_or_404(BrandEvidence.objects.all(), user, pk=pk)


def brands_by_region(*, user, parent: Region) -> list[dict]:
    """Brands per child region of ``parent``, by kind and state: one GROUP BY."""
    length = (parent.depth + 1) * Region.steplen
    grouped = (
        scoped(Brand.objects.all(), user)
        .filter(region__path__startswith=parent.path, region__depth__gt=parent.depth)
        .annotate(child=Substr("region__path", 1, length))
        .order_by()
        .values("child", "kind", "state")
        .annotate(count=Count("id"))
    )
    table: dict[str, dict] = {}
    for row in grouped:
        counts = table.setdefault(row["child"], {"total": 0})
        counts[(row["kind"], row["state"])] = row["count"]
        counts[row["kind"]] = counts.get(row["kind"], 0) + row["count"]
        counts["total"] += row["count"]
    names = dict(Region.objects.filter(path__in=table).values_list("path", "name"))
    return [{"region": names.get(path, path), **table[path]} for path in sorted(table)]


def brand_totals(*, user) -> dict:
    """Counts by kind and state over the user's scope (the summary above the list)."""
    rows = scoped(Brand.objects.all(), user).order_by().values("kind", "state")
    return {(r["kind"], r["state"]): r["count"] for r in rows.annotate(count=Count("id"))}


# --- programmes and projects ----------------------------------------------------------------


def programme_list(*, user) -> QuerySet:
    return (
        scoped(Programme.objects.select_related("region"), user)
        .prefetch_related(Prefetch("tiers", queryset=ProgrammeTier.objects.order_by("order")))
        .order_by("-start_year", "name")
    )


def programme_detail(*, user, pk) -> Programme:
    return get_scoped_or_404(Programme.objects.select_related("region"), user, pk=pk)


def with_progress(projects: QuerySet, on=None) -> QuerySet:
    """Each project's nodes counted in SQL: done, total, overdue (progress = done / total)."""
    on = on or timezone.localdate()
    return projects.annotate(
        nodes_total=Count("nodes", distinct=True),
        nodes_done=Count("nodes", filter=Q(nodes__state=NodeState.DONE), distinct=True),
        nodes_overdue=Count(
            "nodes",
            filter=~Q(nodes__state=NodeState.DONE) & Q(nodes__due_on__lt=on),
            distinct=True,
        ),
    )


def project_list(*, user, programme: Programme | None = None, on=None) -> QuerySet:
    """The district's list of 标杆 projects (within the user's scope), with progress."""
    rows = scoped(
        BenchmarkProject.objects.select_related("programme", "tier", "organization__region"), user
    )
    if programme is not None:
        rows = rows.filter(programme=programme)
    return with_progress(rows, on).order_by("programme", "tier__order", "organization__path")


def tier_progress(*, user, programme: Programme) -> list[dict]:
    """Per tier: target, projects in the user's scope and those 已验收."""
    tiers = scoped(programme.tiers.all(), user).order_by("order", "id")
    visible = scoped(BenchmarkProject.objects.filter(programme=programme), user).values("pk")
    counted = tiers.annotate(
        projects_count=Count("projects", filter=Q(projects__pk__in=visible)),
        achieved=Count(
            "projects",
            filter=Q(projects__pk__in=visible, projects__state=ProjectState.ACHIEVED),
        ),
    )
    return list(counted.values("name", "target", "projects_count", "achieved"))


def project_detail(*, user, pk) -> BenchmarkProject:
    return get_scoped_or_404(
        with_progress(
            BenchmarkProject.objects.select_related("programme", "tier", "organization")
        ).prefetch_related("events__actor"),
        user,
        pk=pk,
    )


def project_nodes(*, user, project: BenchmarkProject) -> QuerySet:
    return (
        scoped(project.nodes.all(), user)
        .prefetch_related("evidence")
        .order_by("order", "due_on", "id")
    )


def node_detail(*, user, pk) -> ProjectNode:
    return get_scoped_or_404(
        ProjectNode.objects.select_related(
            "project__organization", "project__programme"
        ).prefetch_related("evidence", "events__actor"),
        user,
        pk=pk,
    )


def node_evidence_detail(*, user, pk) -> NodeEvidence:
    return get_scoped_or_404(NodeEvidence.objects.all(), user, pk=pk)


def overdue_nodes(user, on=None) -> QuerySet:
    """Nodes past their due date and not done, of projects still being built (the to-do's
    rows; the to-do engine scopes them)."""
    return (
        ProjectNode.objects.overdue(on)
        .select_related("project__organization")
        .order_by(F("due_on").asc(), "id")
    )


def node_list(*, user, overdue: bool = False, on=None) -> QuerySet:
    rows = ProjectNode.objects.overdue(on) if overdue else ProjectNode.objects.all()
    return scoped(
        rows.select_related("project__organization", "project__programme"), user
    ).order_by("due_on", "id")
