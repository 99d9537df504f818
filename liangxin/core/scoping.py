"""The one scoping function: every queryset that reaches a user goes through ``scoped``.

A user's scope is a set of region subtrees and/or organization subtrees
(DOMAIN.md §1); an instructor's is the enterprises assigned to them. Subtrees
are path prefixes (treebeard materialized paths), so each rule is one indexed
filter.

The rules themselves belong to the apps that own the models: each registers
``(model, rule)`` pairs from its ``AppConfig.ready()`` (core.contributions,
slot ``scope_rules``; e.g. ``liangxin/members/scoping.py``). A model may have
several rules, one per app that knows a way into it (an enterprise is seen
through its region, and through the organizations that cover it); a row is
visible when any of them lets it through. A model without a rule raises:
nothing is visible by default. ``manage.py scope_rules`` prints them all.

Objects outside the scope simply do not exist for the user: views answer 404
(see ``get_scoped_or_404``).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, reduce
from operator import or_

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from liangxin.core.contributions import slot
from liangxin.core.roles import BUSINESS_ROLES, ORGANIZATION_SCOPED, REGION_SCOPED, Role


@dataclass(frozen=True)
class Scope:
    region_paths: tuple[str, ...] = ()
    organization_paths: tuple[str, ...] = ()
    enterprise_ids: tuple[int, ...] = ()
    instructor_id: int | None = None
    # A full-time party worker signed in with the instructor role: their own records.
    worker_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (
            self.region_paths
            or self.organization_paths
            or self.enterprise_ids
            or self.instructor_id
            or self.worker_id
        )


NO_SCOPE = Scope()


def _prune(paths) -> tuple[str, ...]:
    """Drop paths inside another path of the set: a subtree already includes them."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(parent) for parent in kept):
            kept.append(path)
    return tuple(kept)


def _compute_scope(user) -> Scope:
    if not user.is_authenticated or user.role not in BUSINESS_ROLES:
        return NO_SCOPE
    if user.role in REGION_SCOPED:
        return Scope(region_paths=_prune(user.regions.values_list("path", flat=True)))
    if user.role in ORGANIZATION_SCOPED:
        return Scope(organization_paths=_prune(user.organizations.values_list("path", flat=True)))
    if user.role == Role.INSTRUCTOR:
        return _instructor_scope(user)
    return NO_SCOPE


def _instructor_scope(user) -> Scope:
    """An instructor's assigned enterprises and own records; a full-time party worker who
    signs in with the same role (DOMAIN.md §1) sees their own worker record."""
    instructor = getattr(user, "instructor", None)
    worker = getattr(user, "party_worker", None)
    ids = tuple(instructor.enterprises.values_list("id", flat=True)) if instructor else ()
    return Scope(
        enterprise_ids=ids,
        instructor_id=instructor.id if instructor else None,
        worker_id=worker.id if worker else None,
    )


def user_scope(user) -> Scope:
    """The user's scope, computed once per request (cached on the user object)."""
    cached = getattr(user, "_liangxin_scope", None)
    if cached is None:
        cached = _compute_scope(user)
        if user.is_authenticated:
            user._liangxin_scope = cached
    return cached


def forget_scope(user) -> None:
    user.__dict__.pop("_liangxin_scope", None)


def prefix_q(field: str, paths: tuple[str, ...]) -> Q | None:
    if not paths:
        return None
    return reduce(or_, (Q(**{f"{field}__startswith": path}) for path in paths))


def any_of(*parts: Q | None) -> Q | None:
    parts = [part for part in parts if part is not None]
    return reduce(or_, parts) if parts else None


Rule = Callable[[Scope], Q | None]


@cache  # built once: every queryset that reaches a user asks for its rules
def scope_rules() -> dict[type[Model], tuple[Rule, ...]]:
    """Every registered rule by model, in registration (INSTALLED_APPS) order."""
    rules: dict[type[Model], list[Rule]] = defaultdict(list)
    for model, rule in slot("scope_rules"):
        rules[model].append(rule)
    return {model: tuple(found) for model, found in rules.items()}


def scope_filter(model: type[Model], scope: Scope) -> Q | None:
    rules = scope_rules().get(model)
    if not rules:
        raise LookupError(f"{model.__name__} has no scoping rule; register one in its app")
    return any_of(*(rule(scope) for rule in rules))


def scoped(queryset: QuerySet, user) -> QuerySet:
    """Restrict ``queryset`` to what ``user`` may see. Nothing is visible by default."""
    condition = scope_filter(queryset.model, user_scope(user))
    return queryset.none() if condition is None else queryset.filter(condition)


def get_scoped_or_404(queryset: QuerySet, user, **lookup):
    """Fetch one object inside the user's scope; outside it, the object does not exist."""
    try:
        return scoped(queryset, user).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("未找到该记录") from exc


def in_scope(instance: Model, user) -> bool:
    return scoped(type(instance)._default_manager.filter(pk=instance.pk), user).exists()
