"""Who sees which brands and 标杆 projects (core.scoping).

A brand is seen by the regions above its own region and by the users of the
organizations it belongs to. A project and its nodes are seen like its organization.
A programme is the district's drive: seen inside its region, from any region below it
(a town admin sees the district's "151"), and by the organizations that have a project
in it."""

from django.db.models import Exists, OuterRef, Q

from liangxin.brands.models import (
    BenchmarkProject,
    Brand,
    BrandEvent,
    BrandEvidence,
    NodeEvent,
    NodeEvidence,
    Programme,
    ProgrammeTier,
    ProjectEvent,
    ProjectNode,
)
from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.regions.models import Region


def _brand(prefix: str, scope: Scope) -> Q | None:
    holders = Brand.holders.through.objects.filter(
        brand=OuterRef(f"{prefix}pk" if prefix else "pk")
    )
    by_holder = prefix_q("partyorganization__path", scope.organization_paths)
    return any_of(
        prefix_q(f"{prefix}region__path", scope.region_paths),
        Q(Exists(holders.filter(by_holder))) if by_holder is not None else None,
    )


def brand_rule(scope: Scope) -> Q | None:
    return _brand("", scope)


def brand_record_rule(scope: Scope) -> Q | None:
    return _brand("brand__", scope)


def _ancestor_paths(paths: tuple[str, ...]) -> list[str]:
    step = Region.steplen
    return [path[:end] for path in paths for end in range(step, len(path), step)]


def _programme(prefix: str, scope: Scope) -> Q | None:
    projects = BenchmarkProject.objects.filter(
        programme=OuterRef(f"{prefix}pk" if prefix else "pk")
    )
    by_organization = prefix_q("organization__path", scope.organization_paths)
    ancestors = _ancestor_paths(scope.region_paths)
    return any_of(
        prefix_q(f"{prefix}region__path", scope.region_paths),
        Q(**{f"{prefix}region__path__in": ancestors}) if ancestors else None,
        Q(Exists(projects.filter(by_organization))) if by_organization is not None else None,
    )


def programme_rule(scope: Scope) -> Q | None:
    return _programme("", scope)


def tier_rule(scope: Scope) -> Q | None:
    return _programme("programme__", scope)


def _project(prefix: str, scope: Scope) -> Q | None:
    return any_of(
        prefix_q(f"{prefix}organization__region__path", scope.region_paths),
        prefix_q(f"{prefix}organization__path", scope.organization_paths),
    )


def project_rule(scope: Scope) -> Q | None:
    return _project("", scope)


def project_record_rule(scope: Scope) -> Q | None:
    return _project("project__", scope)


def node_record_rule(scope: Scope) -> Q | None:
    return _project("node__project__", scope)


SCOPE_RULES = [
    (Brand, brand_rule),
    (BrandEvidence, brand_record_rule),
    (BrandEvent, brand_record_rule),
    (Programme, programme_rule),
    (ProgrammeTier, tier_rule),
    (BenchmarkProject, project_rule),
    (ProjectEvent, project_record_rule),
    (ProjectNode, project_record_rule),
    (NodeEvidence, node_record_rule),
    (NodeEvent, node_record_rule),
]
