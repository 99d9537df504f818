"""Reads the rating pages need beyond selectors.py: one record in the user's scope (404
outside it), the rows of a rating's score sheet with the platform's computation of each auto
item, where an auto item's records are kept, and who may act on a rating from a page.

Every queryset here passes through ``core.scoping.scoped``; the services check scope and
role again inside their transactions."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from liangxin.core.scoping import get_scoped_or_404, scoped, user_scope
from liangxin.organizations.models import PartyOrganization
from liangxin.ratings import auto, permissions
from liangxin.ratings.models import (
    CycleState,
    Item,
    ItemScore,
    Objection,
    Rating,
    RatingChange,
    RatingCycle,
    RatingState,
    Rubric,
    VetoAnswer,
)
from liangxin.ratings.services import computable
from liangxin.regions.models import Region, RegionKind
from liangxin.standards.models import Rectification

# --- one record in scope --------------------------------------------------------------------


def rubric_list(*, user):
    return scoped(Rubric.objects.all(), user).annotate(cycle_count=Count("cycles"))


def rubric_detail(*, user, pk: int) -> Rubric:
    return get_scoped_or_404(Rubric.objects.all(), user, pk=pk)


def cycle_list(*, user):
    return scoped(RatingCycle.objects.select_related("rubric", "region"), user).order_by(
        "-year", "-id"
    )


def cycle_detail(*, user, pk: int) -> RatingCycle:
    return get_scoped_or_404(RatingCycle.objects.select_related("rubric", "region"), user, pk=pk)


def cycle_ratings(*, user, cycle: RatingCycle):
    ratings = Rating.objects.filter(cycle=cycle).select_related("organization__region")
    return scoped(ratings, user).order_by("organization__path")


def rating_detail(*, user, pk: int) -> Rating:
    ratings = Rating.objects.select_related("cycle__rubric", "cycle__region", "organization")
    return get_scoped_or_404(ratings, user, pk=pk)


def objection_detail(*, user, rating: Rating, pk: int) -> Objection:
    return get_scoped_or_404(Objection.objects.filter(rating=rating), user, pk=pk)


def organization_detail(*, user, code: str) -> PartyOrganization:
    return get_scoped_or_404(PartyOrganization.objects.all(), user, code=code)


def organization_ratings(*, user, organization):
    return scoped(Rating.objects.filter(organization=organization), user).select_related(
        "cycle__rubric"
    )


def organization_changes(*, user, organization):
    changes = RatingChange.objects.filter(organization=organization).select_related("actor")
    return scoped(changes, user)


def cycle_regions(*, user):
    """The regions a cycle may be opened for: counties, towns and parks in scope."""
    kinds = (RegionKind.COUNTY, RegionKind.TOWN, RegionKind.PARK)
    return scoped(Region.objects.filter(kind__in=kinds), user).order_by("path")


def top_region(user) -> Region | None:
    """The one region a region-scoped user holds (a district or a town), else None."""
    paths = user_scope(user).region_paths
    return Region.objects.filter(path=paths[0]).first() if len(paths) == 1 else None


def chosen_region(user, path: str) -> Region | None:
    """The region a statistics page drills into (``path``, in scope), else the user's own."""
    if path:
        found = scoped(Region.objects.filter(path=path), user).first()
        if found is not None:
            return found
    return top_region(user)


def own_rating(user) -> Rating | None:
    """A secretary's organization's rating in the newest cycle not yet archived."""
    ratings = scoped(Rating.objects.exclude(cycle__state=CycleState.ARCHIVED), user)
    return ratings.order_by("-cycle__year", "-cycle_id").first()


# --- who may do what on a page --------------------------------------------------------------


def holds(user, organization) -> bool:
    """The account holds the organization (or one above it): it never sets its result
    (services._ensure_not_own says the same inside the transaction)."""
    held = getattr(user, "organizations", None)
    if held is None:
        return False
    return any(organization.path.startswith(path) for path in held.values_list("path", flat=True))


# The district may set a category other than the default rule's (with the reason) from the
# town's review until the 公示 ends (services.rating_category_set).
CATEGORY_STATES = (RatingState.TOWN_REVIEWED, RatingState.APPROVED, RatingState.PUBLICIZED)


@dataclass(frozen=True)
class Allowed:
    self_assess: bool
    review: bool
    approve: bool
    return_to_draft: bool
    return_to_town: bool
    record_objection: bool
    answer_objection: bool
    set_category: bool

    @property
    def changes_result(self) -> bool:
        return self.review or self.approve or self.return_to_town or self.answer_objection


def allowed(user, rating: Rating) -> Allowed:
    state, own = rating.state, holds(user, rating.organization)
    reviewer = permissions.can_review(user) and not own
    approver = permissions.can_approve(user) and not own
    return Allowed(
        self_assess=permissions.can_self_assess(user) and state == RatingState.DRAFT,
        review=reviewer and state == RatingState.SUBMITTED,
        approve=approver and state == RatingState.TOWN_REVIEWED,
        return_to_draft=reviewer and state == RatingState.SUBMITTED,
        return_to_town=approver and state in (RatingState.TOWN_REVIEWED, RatingState.APPROVED),
        record_objection=reviewer and state == RatingState.PUBLICIZED,
        answer_objection=approver and state == RatingState.PUBLICIZED,
        set_category=approver and state in CATEGORY_STATES,
    )


# --- the score sheet ------------------------------------------------------------------------


# Where the records behind an auto source are kept: (URL name, query naming the organization).
RECORDS = {
    "members": ("members:list", "organization"),
    "development": ("development:list", ""),
    "mobility": ("mobility:overview", ""),
    "dues": ("dues:months", ""),
    "life": ("life:meetings", "organization"),
    "posts": ("posts:list", ""),
}


def records_url(key: str, organization) -> str:
    """The page listing the records an auto item's score was read from."""
    if key.startswith("organizations."):
        return reverse("organizations:detail", args=[organization.code])
    if key.startswith("standards."):
        if key == "standards.rectifications":
            return reverse("standards:rectifications")
        return reverse("standards:checklist", args=[organization.code])
    url_name, query = RECORDS.get(key.split(".")[0], ("", ""))
    if not url_name:
        return ""
    try:
        base = reverse(url_name)
    except Exception:  # an app not installed here: no link rather than a broken page
        return ""
    return f"{base}?{query}={organization.code}" if query else base


@dataclass
class SheetRow:
    item: Item
    score: ItemScore | None
    computed: bool  # the platform computes it: never typed by the organization
    preview: object = None  # AutoScore: what the platform reads today
    records: str = ""

    @property
    def stored(self) -> bool:
        """The platform's computation was kept with the scores (at submission or review)."""
        return self.score is not None and bool(self.score.auto_note)

    @property
    def note(self) -> str:
        if self.stored:
            return self.score.auto_note
        return self.preview.note if self.preview is not None else ""

    @property
    def computed_points(self):
        """The points the platform gave: as kept with the scores, else as read today."""
        if self.stored:
            kept = (self.score.self_score, self.score.town_score, self.score.district_score)
            return next((s for s in reversed(kept) if s is not None), None)
        return self.preview.score if self.preview is not None else None

    def value(self, level: str):
        return getattr(self.score, f"{level}_score") if self.score is not None else None

    def comment(self, level: str) -> str:
        return getattr(self.score, f"{level}_comment") if self.score is not None else ""


def as_of(cycle: RatingCycle) -> datetime.date:
    return min(timezone.localdate(), datetime.date(cycle.year, 12, 31))


def score_sheet(rating: Rating) -> list[SheetRow]:
    """Every item of the rubric with the rating's scores; the auto items with what the
    platform computes for the organization today (one query per source)."""
    items = list(
        Item.objects.filter(dimension__rubric=rating.cycle.rubric_id).select_related("dimension")
    )
    scores = {row.item_id: row for row in rating.scores.all()}
    auto_items = [item for item in items if computable(item)]
    organizations = PartyOrganization.objects.filter(pk=rating.organization_id)
    found = auto.auto_scores(auto_items, organizations, as_of(rating.cycle))
    organization = rating.organization
    return [
        SheetRow(
            item=item,
            score=scores.get(item.pk),
            computed=item in auto_items,
            preview=found.get((organization.pk, item.pk)),
            records=records_url(item.auto_source, organization) if item in auto_items else "",
        )
        for item in items
    ]


def veto_rows(rating: Rating) -> list[tuple]:
    """(veto item, its answer or None) for the rubric's veto list."""
    answers = {a.veto_id: a for a in VetoAnswer.objects.filter(rating=rating)}
    return [(veto, answers.get(veto.pk)) for veto in rating.cycle.rubric.vetoes.all()]


# --- the home's to-dos ----------------------------------------------------------------------


def open_ratings(state: str):
    return Rating.objects.filter(state=state).exclude(
        cycle__state__in=(CycleState.FINALIZED, CycleState.ARCHIVED)
    )


def to_self_assess(user):
    return open_ratings(RatingState.DRAFT).select_related("organization", "cycle")


def to_review(user):
    return open_ratings(RatingState.SUBMITTED).select_related("organization", "cycle")


def to_approve(user):
    return open_ratings(RatingState.TOWN_REVIEWED).select_related("organization", "cycle")


def to_answer(user):
    """Objections received during a 公示 and not answered yet (定级 waits for them)."""
    objections = Objection.objects.filter(
        answered_on__isnull=True, rating__state=RatingState.PUBLICIZED
    )
    return objections.select_related("rating__organization")


def starred_organizations(user):
    return PartyOrganization.objects.filter(Q(star_level__isnull=False) & Q(star_level__gt=0))


def stars_to_recheck(user):
    """Starred organizations with a rectification past its due date (WORK.md §3 动态调整:
    a failed inspection may take a star between cycles — the district decides, on the
    organization's history page, with its reason)."""
    overdue = Rectification.objects.overdue(timezone.localdate()).filter(
        organization=OuterRef("pk")
    )
    return starred_organizations(user).filter(Exists(overdue)).select_related("region")
