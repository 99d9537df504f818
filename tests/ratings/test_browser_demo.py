"""A whole rating cycle for a town of the demo data in Chromium (issue 16 "done when"): the
small demo (``seed_demo --scale small``, seed 7) and its own logins. The district opens a
cycle for the town its town admin holds, the demo secretary assesses on a 390 px phone, the
town admin reviews, the district approves, starts the 公示 and, once it has run, finalizes:
the stars are shown on the rating and on the organization's history.

The steps and checks of one rating are test_browser.py's, imported. The demo town has
other organizations, which no demo login holds: the town admin assesses on their behalf
(permissions.SELF_ASSESS) and the district approves them through the services the pages
call, because the 公示 starts only once every rating of the cycle is approved."""

from io import StringIO

import pytest
from django.utils import timezone

from liangxin.accounts.models import User
from liangxin.demo.scales import ANCHOR_DATE
from liangxin.organizations.models import PartyOrganization
from liangxin.ratings import services
from liangxin.ratings.models import CycleState, Item, Rating, RatingCycle, RatingState
from liangxin.regions.models import Region
from tests.browser import pytestmark  # noqa: F401
from tests.ratings import test_browser
from tests.ratings.conftest import rubric_named
from tests.ratings.test_browser import (
    DESKTOP,
    REFUSED,
    chromium,  # noqa: F401 (the fixture, used by name)
    fits_the_screen,
    publicity_has_run,
    self_assess,
    signed_in,
    town_review,
)

RUBRIC = "非公企业党组织五星评定"


@pytest.fixture
def demo(monkeypatch):
    """The small demo; its logins sign in with the demo's own password."""
    import importlib

    from django.apps import apps

    from liangxin.demo.accounts import demo_password
    from liangxin.demo.seed import seed_database
    from liangxin.enterprises.models import EnterpriseTag

    # A live-server test before this one emptied the database, the tags its data migration
    # wrote included, and the demo tags its enterprises by those codes (KeyError in CI).
    if not EnterpriseTag.objects.exists():
        importlib.import_module("liangxin.enterprises.migrations.0002_seed_tags").add_tags(
            apps, None
        )
    report = seed_database("small", 7, stream=StringIO())
    monkeypatch.setattr(test_browser, "PASSWORD", demo_password())
    return report.anchors


def demo_town(anchors) -> tuple[Region, PartyOrganization]:
    """The town the demo's town admin holds, with the demo secretary's organization in it."""
    town = Region.objects.get(code=anchors.town)
    organization = PartyOrganization.objects.select_related("region").get(
        code=anchors.secretary_organization
    )
    assert list(User.objects.get(username="town_admin").regions.all()) == [town]
    assert organization.region.path.startswith(town.path), "演示书记的组织不在演示镇内"
    return town, organization


def open_cycle(district, live_server, town, expected: int) -> RatingCycle:
    district.goto(f"{live_server.url}/ratings/")
    district.click("a:has-text('开启评定')")
    district.select_option("#id_rubric", label=f"{RUBRIC}（第1版）")
    district.select_option("#id_region", label=town.name)
    district.fill("#id_year", str(ANCHOR_DATE.year))  # the demo's year of records
    district.click("button:has-text('开启')")
    district.wait_for_selector(f"text=参评党组织 {expected} 个")
    return RatingCycle.objects.get(region=town)


def the_rest_of_the_town(cycle, shown: Rating) -> None:
    """Every other organization of the town, assessed at full marks on their behalf by the
    town admin, reviewed and approved (its auto items are computed, as on the page)."""
    town_admin = User.objects.get(username="town_admin")
    district_admin = User.objects.get(username="district_admin")
    typed = {
        item: item.max_points
        for item in Item.objects.filter(dimension__rubric=cycle.rubric)
        if not services.computable(item)
    }
    for rating in cycle.ratings.exclude(pk=shown.pk):
        services.rating_self_score(actor=town_admin, rating=rating, scores=typed)
        services.rating_self_submit(actor=town_admin, rating=rating)
        services.rating_town_review(actor=town_admin, rating=rating, satisfaction=90)
        services.rating_district_approve(actor=district_admin, rating=rating)


def approve_and_publicize(district, url, cycle, cycle_url) -> None:
    district.goto(url)
    district.click("button:has-text('审定通过')")
    district.wait_for_selector("text=已审定")
    # On the small demo every result of the town is five stars (the typed items are at full
    # marks and the auto items score alike for all), over the 10% cap: shown, never a block.
    for warning in services.cycle_distribution_warnings(cycle):
        district.wait_for_selector(f"text={warning}")
    district.goto(cycle_url)
    district.click("button:has-text('开始公示')")
    district.wait_for_selector("text=已开始公示")
    assert district.inner_text("#cycle-state") == "公示中"


def test_a_whole_cycle_for_a_demo_town_in_the_browser(live_server, demo, chromium):  # noqa: F811
    REFUSED.clear()
    town, organization = demo_town(demo)
    stars_before = organization.star_level  # the demo gives organizations stars already
    rubric = rubric_named(RUBRIC)
    expected = services.rated_organizations(rubric, town, timezone.localdate()).count()
    assert expected > 1

    district = signed_in(chromium, live_server, "district_admin", DESKTOP)
    cycle = open_cycle(district, live_server, town, expected)
    rating = Rating.objects.get(cycle=cycle, organization=organization)
    url = f"{live_server.url}/ratings/ratings/{rating.pk}/"
    cycle_url = f"{live_server.url}/ratings/cycles/{cycle.pk}/"

    secretary = signed_in(chromium, live_server, "secretary")
    self_assess(secretary, live_server)  # the auto items shown as computed, never typed
    town_review(signed_in(chromium, live_server, "town_admin"), url)
    the_rest_of_the_town(cycle, rating)
    approve_and_publicize(district, url, cycle, cycle_url)

    publicity_has_run(cycle)  # time passes: the 公示 started today ended yesterday
    district.goto(cycle_url)
    district.fill("#id_decision_number", f"平组〔{cycle.year}〕8号")
    district.click("button:has-text('定级')")
    district.wait_for_selector("text=已定级：结果已写入各党组织")
    assert district.inner_text("#cycle-state") == "已定级"

    rating.refresh_from_db()
    assert rating.state == RatingState.FINAL and rating.level
    assert RatingCycle.objects.get(pk=cycle.pk).state == CycleState.FINALIZED
    assert not cycle.ratings.exclude(state=RatingState.FINAL).exists()
    secretary.goto(url)
    assert f"定级结果：{rating.label}" in secretary.inner_text("#rating-result")
    assert secretary.locator("#rating-result .bi-star-fill").count() == rating.level
    assert fits_the_screen(secretary)
    secretary.goto(f"{live_server.url}/ratings/org/{organization.code}/")
    assert secretary.locator("#current-stars .bi-star-fill").count() == rating.level
    assert rating.label in secretary.inner_text("#history")
    changes = secretary.inner_text("#changes")
    if rating.level == stars_before:
        assert "暂无" in changes
    else:
        assert f"{cycle.year}年评定：{rating.label}" in changes
        assert ("升星" if rating.level > (stars_before or 0) else "降星") in changes
    assert fits_the_screen(secretary)
    assert REFUSED == []
