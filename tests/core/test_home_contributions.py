"""The home cards, to-dos and search (core.home): what apps contribute, read scoped.

The to-do and search slots have no entries yet, so these tests contribute their
own for the length of a test; the engines must scope whatever they are handed.
"""

import pytest
from django.contrib.contenttypes.models import ContentType

from liangxin.core.contributions import Entry, slot
from liangxin.core.home import Card, SearchSource, Todo, cards_for, search, todos_for
from liangxin.enterprises.models import Enterprise


@pytest.fixture
def only(monkeypatch):
    """``only("search", source)``: the slot holds just these entries during the test."""

    def replace(slot_name: str, *items):
        monkeypatch.setattr(slot(slot_name), "entries", [Entry("tests", item) for item in items])

    return replace


def every_enterprise(user):
    """Deliberately unscoped: the engine, not the contribution, applies the scope."""
    return Enterprise.objects.order_by("name")


def enterprises_named(user, text):
    return Enterprise.objects.filter(name__contains=text).order_by("name")


def enterprise_page(enterprise):
    return f"/enterprises/{enterprise.uscc}/"


ENTERPRISE_TODO = Todo(
    key="test_enterprises",
    label="待核实的市场主体",
    items=every_enterprise,
    url_name="enterprises:list",
    item_url=enterprise_page,
)
ENTERPRISE_SEARCH = SearchSource(
    key="test_enterprises",
    label="市场主体",
    matches=enterprises_named,
    result_url=enterprise_page,
)


@pytest.mark.django_db
class TestCards:
    def test_the_registries_contribute_their_cards_in_installed_apps_order(self, world):
        cards = cards_for(world.user("town_a_admin"))
        assert [(c.label, c.url_name, c.icon) for c in cards] == [
            ("区域", "regions:list", "bi-diagram-3"),
            ("市场主体", "enterprises:list", "bi-building"),
            ("党组织", "organizations:list", "bi-flag"),
            ("党员", "members:list", "bi-people"),
            ("党建指导员", "instructors:list", "bi-person-badge"),
            ("村企联建", "cobuilding:pairings", "bi-link-45deg"),
            ("阵地", "venues:places", "bi-geo-alt"),
            ("星级党组织", "ratings:distribution", "bi-star"),
            ("比学赶超跑道", "board:list", "bi-bar-chart-steps"),
        ]

    def test_each_card_counts_only_the_users_scope(self, world):
        counts = {c.card.key: c.count for c in cards_for(world.user("town_a_admin"))}
        assert counts == {
            "regions": 3,
            "enterprises": 2,
            "organizations": 2,
            "members": 1,
            "instructors": 1,
            "cobuilding_pairings": 0,
            "venues": 0,
            "starred_organizations": 0,
            "boards": 0,
        }

    def test_the_three_administrators_get_no_cards(self, world):
        for persona in ("system_admin", "security_admin", "audit_admin"):
            assert cards_for(world.user(persona)) == []

    def test_a_card_handing_over_unscoped_rows_still_counts_the_scope_only(self, world, only):
        only("dashboard_cards", Card("test", "测试", every_enterprise, "home", "bi-x"))
        assert [c.count for c in cards_for(world.user("town_b_admin"))] == [1]
        assert [c.count for c in cards_for(world.user("outsider"))] == [0]


@pytest.mark.django_db
class TestTodos:
    def test_items_and_count_are_scoped(self, world, only):
        only("todos", ENTERPRISE_TODO)
        (due,) = todos_for(world.user("town_a_admin"))
        assert due.todo is ENTERPRISE_TODO
        assert due.count == 2
        assert [e.name for e in due.items] == ["川姜电子有限公司", "川姜纺织有限公司"]
        (instructors,) = todos_for(world.user("instructor"))
        assert [e.name for e in instructors.items] == ["川姜电子有限公司"]

    def test_a_todo_with_nothing_due_is_still_listed_with_zero(self, world, only):
        only("todos", ENTERPRISE_TODO)
        (due,) = todos_for(world.user("outsider"))
        assert due.count == 0 and list(due.items) == []

    def test_roles_it_is_not_shown_to_do_not_get_it(self, world, only):
        only("todos", ENTERPRISE_TODO)
        assert todos_for(world.user("audit_admin")) == []


@pytest.mark.django_db
class TestSearch:
    def test_results_are_scoped_and_grouped_by_source(self, world, only):
        only("search", ENTERPRISE_SEARCH)
        (group,) = search(world.user("town_b_admin"), "有限公司")
        assert group.source is ENTERPRISE_SEARCH
        assert [e.name for e in group.results] == ["开发区机械有限公司"]
        assert group.source.result_url(group.results[0]) == f"/enterprises/{world.ent_b.uscc}/"

    def test_a_record_outside_the_scope_is_not_found_even_by_its_exact_name(self, world, only):
        only("search", ENTERPRISE_SEARCH)
        assert search(world.user("town_b_admin"), "川姜纺织有限公司") == []
        assert search(world.user("outsider"), "有限公司") == []

    def test_groups_follow_the_sources_and_skip_those_finding_nothing(self, world, only):
        nothing = SearchSource("none", "无", lambda user, text: Enterprise.objects.none(), str)
        only("search", nothing, ENTERPRISE_SEARCH)
        groups = search(world.user("district_admin"), "有限公司")
        assert [g.source.key for g in groups] == ["test_enterprises"]

    def test_results_stop_at_the_limit_and_say_there_are_more(self, world, only):
        only("search", ENTERPRISE_SEARCH)
        (group,) = search(world.user("district_admin"), "有限公司", limit=2)
        assert len(group.results) == 2 and group.more
        (group,) = search(world.user("district_admin"), "有限公司", limit=3)
        assert len(group.results) == 3 and not group.more

    def test_a_blank_text_finds_nothing_rather_than_everything(self, world, only):
        only("search", ENTERPRISE_SEARCH)
        assert search(world.user("district_admin"), "  ") == []

    def test_the_three_administrators_search_nothing(self, world, only):
        only("search", ENTERPRISE_SEARCH)
        assert search(world.user("system_admin"), "有限公司") == []


@pytest.mark.django_db
class TestFailClosed:
    """A contribution over a model nobody wrote a scoping rule for shows nothing: it raises."""

    def test_a_card_over_an_unscoped_model_raises(self, world, only):
        only("dashboard_cards", Card("t", "测试", lambda u: ContentType.objects.all(), "home", ""))
        with pytest.raises(LookupError):
            cards_for(world.user("district_admin"))

    def test_a_search_source_over_an_unscoped_model_raises(self, world, only):
        source = SearchSource("t", "测试", lambda u, t: ContentType.objects.all(), str)
        only("search", source)
        with pytest.raises(LookupError):
            search(world.user("district_admin"), "x")

    def test_a_contribution_must_hand_over_rows_the_engine_can_scope(self, world, only):
        only("todos", Todo("t", "测试", lambda u: [world.ent_a], "home"))
        with pytest.raises(TypeError):
            todos_for(world.user("district_admin"))
