"""A team (先锋队, 攻坚队) was one post assignment per member; it becomes one Team with its
members. The rows of one organization, team kind and title are one team: formed on the
earliest start, ended on the latest end once every member's row has ended; each row is a
membership (joined on its start, left on its end). Reversible: the memberships become rows
again. Nothing is dropped: the rows are deleted only after their memberships exist."""

from django.db import migrations

TEAM_KINDS = ("vanguard_team", "tech_team")
TEAM_LABELS = {"vanguard_team": "党员先锋队", "tech_team": "科技攻坚队"}
NAME_LENGTH = 100


def team_name(title: str, kind: str, taken: set) -> str:
    """The title; where the organization already has a team of that name formed the same
    day (the same title under both kinds), the kind is added."""
    name = title
    if name in taken:
        suffix = f"（{TEAM_LABELS[kind]}）"
        name = title[: NAME_LENGTH - len(suffix)] + suffix
    return name


def teams_from_assignments(apps, schema_editor):
    PostAssignment = apps.get_model("posts", "PostAssignment")
    Team = apps.get_model("posts", "Team")
    TeamMembership = apps.get_model("posts", "TeamMembership")
    rows = PostAssignment.objects.filter(kind__in=TEAM_KINDS).order_by(
        "organization_id", "title", "kind", "started_on", "id"
    )
    groups: dict[tuple, list] = {}
    for row in rows.iterator(chunk_size=2000):
        groups.setdefault((row.organization_id, row.kind, row.title), []).append(row)
    taken: dict[tuple, set] = {}
    for (organization_id, kind, title), members in groups.items():
        formed_on = min(row.started_on for row in members)
        ends = [row.ended_on for row in members]
        names = taken.setdefault((organization_id, formed_on), set())
        team = Team.objects.create(
            name=team_name(title, kind, names),
            kind=kind,
            organization_id=organization_id,
            formed_on=formed_on,
            ended_on=max(ends) if all(ends) else None,
        )
        names.add(team.name)
        TeamMembership.objects.bulk_create(
            TeamMembership(
                team=team, member_id=row.member_id, joined_on=row.started_on, left_on=row.ended_on
            )
            for row in members
        )
    rows.delete()


def assignments_from_teams(apps, schema_editor):
    PostAssignment = apps.get_model("posts", "PostAssignment")
    TeamMembership = apps.get_model("posts", "TeamMembership")
    memberships = TeamMembership.objects.select_related("team").order_by("id")
    PostAssignment.objects.bulk_create(
        PostAssignment(
            member_id=m.member_id,
            organization_id=m.team.organization_id,
            kind=m.team.kind,
            title=m.team.name,
            started_on=m.joined_on,
            ended_on=m.left_on,
        )
        for m in memberships.iterator(chunk_size=2000)
    )
    apps.get_model("posts", "Team").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("posts", "0002_teams")]

    operations = [migrations.RunPython(teams_from_assignments, assignments_from_teams)]
