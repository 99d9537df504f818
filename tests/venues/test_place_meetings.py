"""组织生活 held at a place (issue 19): a meeting recorded with its 活动阵地 (life.Meeting.station)
is on the place's page and in the figures, and stays there when the place is renamed; a
place of another town is refused; meetings entered before the link are matched by the place
text (the fallback) and counted once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from liangxin.life import services as life_services
from liangxin.life.models import Meeting, MeetingKind, Presence
from liangxin.life.services import SheetLine
from liangxin.organizations.models import PartyStation
from liangxin.venues import selectors, services
from tests.venues.conftest import place_data

TODAY = timezone.localdate()
OUT_OF_SCOPE = "所选活动阵地不存在或不在您的管辖范围内"


def post_meeting(client, world, at, **fields):
    data = {
        "organization": world.org_a.code,
        "kind": MeetingKind.THEME_DAY,
        "held_on": TODAY.isoformat(),
        "topic": "重温入党誓词",
        "place": "",
        "station": at.pk if at is not None else "",
        f"presence-{world.member_a.pk}": "present",
        **fields,
    }
    return client.post(reverse("life:meeting-create"), data)


def figures_of(world, town_name: str, actor="district_admin"):
    rows = selectors.activity_figures(user=world.user(actor), region=None, year=TODAY.year)
    return {r.town.name: r for r in rows}.get(town_name)


def place_page(client, station) -> str:
    response = client.get(reverse("venues:place", args=[station.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_meeting_recorded_at_a_place_is_on_its_page_in_its_figures_and_survives_a_rename(
    world, login, places
):
    centre = places["centre"]
    client = login("town_a_admin")
    form = client.get(reverse("life:meeting-create") + "?organization=ORG-A").content.decode()
    assert centre.name in form and places["park"].name not in form  # the town's places only

    response = post_meeting(client, world, centre)
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.station, meeting.place) == (centre, centre.name)  # blank 地点 filled
    detail = client.get(response.url).content.decode()
    assert "活动阵地" in detail and centre.name in detail

    assert "重温入党誓词" in place_page(client, centre)
    row = figures_of(world, "川姜镇")
    assert (row.places, row.activities, row.meetings, row.attendance) == (1, 0, 1, 1)
    figures = client.get(reverse("venues:figures")).content.decode()
    assert "组织生活次数" in figures

    services.place_save(
        actor=world.user("town_a_admin"),
        station=centre,
        data=place_data(world, name="川姜镇新时代党群服务中心"),
    )
    centre.refresh_from_db()
    assert centre.name == "川姜镇新时代党群服务中心"
    assert "重温入党誓词" in place_page(client, centre)
    assert figures_of(world, "川姜镇").meetings == 1


def test_a_typed_place_of_a_different_text_is_kept_beside_the_place_chosen(world, login, places):
    centre = places["centre"]
    post_meeting(login("town_a_admin"), world, centre, place="三楼会议室")
    meeting = Meeting.objects.get()
    assert (meeting.station, meeting.place) == (centre, "三楼会议室")
    assert "重温入党誓词" in place_page(login("town_a_admin"), centre)


def test_another_towns_place_is_refused_in_chinese_and_nothing_is_saved(world, login, places):
    client = login("town_a_admin")
    response = post_meeting(client, world, places["park"], topic="不该记下的会")
    page = response.content.decode()
    assert response.status_code == 200 and OUT_OF_SCOPE in page
    assert "不该记下的会" in page  # what was typed is still there
    assert not Meeting.objects.exists()
    for wrong in ("99999", "abc", "1 OR 1=1"):  # no such place, malformed
        response = post_meeting(client, world, None, station=wrong)
        assert OUT_OF_SCOPE in response.content.decode() and not Meeting.objects.exists()


def test_the_service_refuses_a_place_out_of_scope_on_record_and_on_correction(world, places):
    actor = world.user("town_a_admin")
    data = {"kind": MeetingKind.THEME_DAY, "held_on": TODAY, "topic": "学习党章"}
    sheet = [SheetLine(world.member_a, Presence.PRESENT)]
    with pytest.raises(ValidationError) as refused:
        life_services.meeting_record(
            actor=actor,
            organization=world.org_a,
            data={**data, "station": places["park"]},
            sheet=sheet,
        )
    assert refused.value.message_dict["station"] == [
        "活动阵地“开发区党群服务中心”不在您的管辖范围内"
    ]
    assert not Meeting.objects.exists()

    meeting = life_services.meeting_record(
        actor=actor, organization=world.org_a, data=data, sheet=sheet
    )
    with pytest.raises(ValidationError):
        life_services.meeting_update(
            actor=actor, meeting=meeting, data={"station": places["stations"][0]}
        )
    meeting.refresh_from_db()
    assert meeting.station is None and meeting.place == ""


def test_a_place_the_editor_cannot_see_stays_on_the_meeting(world, login, places):
    """The district records a meeting of ORG-A at 川姜一片区党建工作站 (a place serving no
    organization: its secretary does not see it); her correction keeps it."""
    old = places["old"]
    meeting = life_services.meeting_record(
        actor=world.user("district_admin"),
        organization=world.org_a,
        data={
            "kind": MeetingKind.THEME_DAY,
            "held_on": TODAY,
            "topic": "学习党章",
            "station": old,
        },
        sheet=[SheetLine(world.member_a, Presence.PRESENT)],
    )
    client = login("secretary")
    form = client.get(reverse("life:meeting-edit", args=[meeting.pk])).content.decode()
    assert old.name in form and places["park"].name not in form
    response = client.post(
        reverse("life:meeting-edit", args=[meeting.pk]),
        {
            "kind": MeetingKind.THEME_DAY,
            "held_on": TODAY.isoformat(),
            "topic": "学习党章（修订）",
            "place": meeting.place,
            "station": old.pk,
            f"presence-{world.member_a.pk}": "present",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.topic, meeting.station) == ("学习党章（修订）", old)


def test_old_meetings_without_a_place_are_matched_by_its_name_and_counted_once(
    world, login, places
):
    """The fallback: a meeting with no 活动阵地 whose 地点 is the name of a place serving its
    organization; one linked elsewhere is not taken by the name; last year's is not counted."""
    centre, model = places["centre"], places["model"]
    common = {"organization": world.org_a, "kind": MeetingKind.THEME_DAY, "present_count": 0}
    Meeting.objects.create(held_on=TODAY, place=centre.name, topic="旧记录", **common)
    Meeting.objects.create(
        held_on=TODAY, place=centre.name, station=model, topic="在示范点开的", **common
    )
    last_year = datetime.date(TODAY.year - 1, 6, 1)
    Meeting.objects.create(held_on=last_year, place=centre.name, topic="去年的", **common)
    page = place_page(login("town_a_admin"), centre)
    assert "旧记录" in page and "去年的" in page and "在示范点开的" not in page
    counts = selectors.meetings_by_place(
        user=world.user("district_admin"),
        stations=PartyStation.objects.all(),
        start=datetime.date(TODAY.year, 1, 1),
        end=datetime.date(TODAY.year, 12, 31),
    )
    assert {pk: n for pk, (n, _) in counts.items()} == {centre.pk: 1, model.pk: 1}
    assert figures_of(world, "川姜镇").meetings == 2
    # another town sees neither the meetings nor the places
    assert figures_of(world, "川姜镇", actor="town_b_admin") is None
