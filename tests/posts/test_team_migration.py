"""posts 0003: a team that was one post assignment per member becomes one Team with its
members, and back; posts stay posts, nothing is lost."""

import datetime

import pytest

from tests import factories as f
from tests.conftest import migrations_skipped_on_sqlite
from tests.migrations import migrate, schema_at

pytestmark = pytest.mark.skipif(
    migrations_skipped_on_sqlite(),
    reason="SQLite's test tables are made from the models (tests/conftest.py): PostgreSQL runs it",
)

BEFORE = [("posts", "0002_teams")]
AFTER = [("posts", "0004_post_kind_not_team")]
D = datetime.date


@pytest.fixture
def old_state(world):
    """The schema before the teams were moved; the latest again afterwards."""
    with schema_at(BEFORE) as apps:
        yield apps


@pytest.mark.django_db(transaction=True)
def test_team_rows_become_teams_with_members_and_back(world, old_state):
    PostAssignment = old_state.get_model("posts", "PostAssignment")
    Member = old_state.get_model("members", "Member")
    a, b = Member.objects.get(pk=world.member_a.pk), Member.objects.get(pk=world.member_b.pk)
    second = Member.objects.get(pk=f.MemberFactory(organization=world.org_a).pk)

    def row(member, kind, title, started, ended=None):
        return PostAssignment.objects.create(
            member=member,
            organization_id=member.organization_id,
            kind=kind,
            title=title,
            started_on=started,
            ended_on=ended,
        )

    row(a, "vanguard_team", "织造先锋队", D(2024, 3, 1))
    row(second, "vanguard_team", "织造先锋队", D(2023, 5, 1), D(2025, 1, 1))
    row(a, "tech_team", "织造先锋队", D(2023, 5, 1))  # the same title, another kind
    row(b, "tech_team", "机械攻坚队", D(2022, 1, 1), D(2022, 6, 30))
    row(a, "vanguard_post", "织造车间党员先锋岗", D(2024, 1, 1))

    apps = migrate(AFTER)
    Team = apps.get_model("posts", "Team")
    teams = {(t.organization_id, t.name, t.kind): t for t in Team.objects.all()}
    assert len(teams) == 3
    # The same title under two kinds, formed the same day: the second (by kind) names its kind.
    assert (world.org_a.pk, "织造先锋队", "tech_team") in teams
    weaving = teams[(world.org_a.pk, "织造先锋队（党员先锋队）", "vanguard_team")]
    # Formed on the earliest start; still standing while one member has not left.
    assert (weaving.formed_on, weaving.ended_on) == (D(2023, 5, 1), None)
    joined = sorted((m.member_id, m.joined_on, m.left_on) for m in weaving.memberships.all())
    assert joined == sorted(
        [(a.pk, D(2024, 3, 1), None), (second.pk, D(2023, 5, 1), D(2025, 1, 1))]
    )
    machinery = teams[(world.org_b.pk, "机械攻坚队", "tech_team")]
    assert machinery.ended_on == D(2022, 6, 30)  # every member's row ended: the team ended
    posts = apps.get_model("posts", "PostAssignment").objects.all()
    assert [(p.kind, p.title) for p in posts] == [("vanguard_post", "织造车间党员先锋岗")]

    apps = migrate(BEFORE)
    rows = apps.get_model("posts", "PostAssignment").objects.order_by("kind", "started_on")
    assert len(rows) == 5
    assert not apps.get_model("posts", "Team").objects.exists()
    assert {(r.member_id, r.kind, r.started_on, r.ended_on) for r in rows} >= {
        (second.pk, "vanguard_team", D(2023, 5, 1), D(2025, 1, 1)),
        (b.pk, "tech_team", D(2022, 1, 1), D(2022, 6, 30)),
    }
