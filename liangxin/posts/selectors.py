from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Substr
from django.utils import timezone

from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.posts.models import PostAssignment, PostKind, Team, TeamMembership
from liangxin.regions.models import Region


def active_posts(on=None) -> Q:
    on = on or timezone.localdate()
    return Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gte=on))


def post_list(*, user):
    return scoped(
        PostAssignment.objects.select_related("member", "organization", "organization__region"),
        user,
    )


def post_detail(*, user, pk) -> PostAssignment:
    return get_scoped_or_404(
        PostAssignment.objects.select_related("member", "organization"), user, pk=pk
    )


def team_list(*, user):
    return scoped(
        Team.objects.select_related("organization", "organization__region", "leader").annotate(
            member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True))
        ),
        user,
    ).order_by("-formed_on", "id")  # an aggregate drops Meta.ordering


def team_detail(*, user, pk) -> Team:
    memberships = TeamMembership.objects.select_related("member", "member__organization")
    return get_scoped_or_404(
        Team.objects.select_related("organization", "leader").prefetch_related(
            Prefetch("memberships", queryset=memberships.order_by("left_on", "joined_on", "id"))
        ),
        user,
        pk=pk,
    )


def membership_detail(*, user, pk) -> TeamMembership:
    return get_scoped_or_404(TeamMembership.objects.select_related("team", "member"), user, pk=pk)


def active_memberships(on=None) -> Q:
    """Members in a team that stands on ``on``: counted with the posts, by the team's kind."""
    on = on or timezone.localdate()
    in_team = Q(joined_on__lte=on) & (Q(left_on__isnull=True) | Q(left_on__gte=on))
    team_stands = Q(team__formed_on__lte=on) & (
        Q(team__ended_on__isnull=True) | Q(team__ended_on__gte=on)
    )
    return in_team & team_stands


def _kind_counts(kind_field: str = "kind") -> dict:
    return {kind: Count("id", filter=Q(**{kind_field: kind})) for kind in PostKind.values}


def _memberships(*, user):
    return scoped(TeamMembership.objects.all(), user)


def _add_up(rows, key) -> list[dict]:
    """Rows of posts and of team members with the same key, summed kind by kind."""
    merged: dict = {}
    for row in rows:
        found = merged.setdefault(
            row[key], {**row, "total": 0, **dict.fromkeys(PostKind.values, 0)}
        )
        for name in ("total", *PostKind.values):
            found[name] += row[name]
    return list(merged.values())


def counts_by_organization(*, user, on=None):
    """People in posts and teams now, per organization and kind: one GROUP BY each."""
    posts = (
        post_list(user=user)
        .filter(active_posts(on))
        .order_by()
        .values("organization__code", "organization__name")
        .annotate(total=Count("id"), **_kind_counts())
    )
    members = (
        _memberships(user=user)
        .filter(active_memberships(on))
        .order_by()
        .values("team__organization__code", "team__organization__name")
        .annotate(total=Count("id"), **_kind_counts("team__kind"))
    )
    members = [
        {
            "organization__code": row.pop("team__organization__code"),
            "organization__name": row.pop("team__organization__name"),
            **row,
        }
        for row in members
    ]
    rows = _add_up([*posts, *members], "organization__code")
    return sorted(rows, key=lambda row: (-row["total"], row["organization__code"]))


def counts_by_region(*, user, parent: Region, on=None):
    """People in posts and teams now, per child region of ``parent`` and kind (path prefix
    GROUP BY)."""
    prefix_length = (parent.depth + 1) * Region.steplen

    def by_child(queryset, region_path: str, kind_field: str):
        return (
            queryset.filter(**{f"{region_path}__startswith": parent.path})
            .filter(**{region_path.replace("__path", "__depth__gt"): parent.depth})
            .annotate(child=Substr(region_path, 1, prefix_length))
            .order_by()
            .values("child")
            .annotate(total=Count("id"), **_kind_counts(kind_field))
        )

    posts = by_child(
        post_list(user=user).filter(active_posts(on)), "organization__region__path", "kind"
    )
    members = by_child(
        _memberships(user=user).filter(active_memberships(on)),
        "team__organization__region__path",
        "team__kind",
    )
    by_path = {row["child"]: row for row in _add_up([*posts, *members], "child")}
    names = dict(Region.objects.filter(path__in=by_path).values_list("path", "name"))
    return [{"region": names[path], **row} for path, row in sorted(by_path.items())]
