"""A meeting names the 提示单 it took up, from the form; the guide's page then counts the
branch as having held it (WORK.md §1 StudyGuide, 丹东's quarterly 提示单)."""

import datetime

from django.urls import reverse

from liangxin.life import services
from liangxin.life.models import Meeting, MeetingKind


def test_a_theme_day_records_the_guide_it_took_up(world, login):
    guide = services.guide_publish(
        actor=world.user("district_admin"),
        data={
            "region": world.district,
            "year": datetime.date.today().year,
            "month": 11,
            "theme": "学习贯彻全会精神",
            "published_on": datetime.date(2026, 11, 1),
        },
    )
    client = login("secretary")
    form = client.get(reverse("life:meeting-create")).content.decode()
    assert "对应提示单" in form and "学习贯彻全会精神" in form
    response = client.post(
        reverse("life:meeting-create"),
        {
            "organization": world.org_a.code,
            "kind": MeetingKind.THEME_DAY,
            "held_on": "2026-11-15",
            "topic": "主题党日",
            "guide": guide.pk,
            f"presence-{world.member_a.pk}": "present",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Meeting.objects.get().guide == guide
    page = login("district_admin").get(reverse("life:guide-detail", args=[guide.pk]))
    text = page.content.decode()
    assert world.org_a.name in text and "已开展" in text


def test_a_guide_outside_the_scope_cannot_be_chosen(world, login):
    outside = services.guide_publish(
        actor=world.user("outsider"),
        data={
            "region": world.other_root,
            "year": datetime.date.today().year,
            "quarter": 4,
            "theme": "外区提示单",
            "published_on": datetime.date(2026, 10, 1),
        },
    )
    response = login("secretary").post(
        reverse("life:meeting-create"),
        {
            "organization": world.org_a.code,
            "kind": MeetingKind.THEME_DAY,
            "held_on": "2026-11-15",
            "topic": "主题党日",
            "guide": outside.pk,
        },
    )
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert "选择一个有效的选项" in response.content.decode()


def test_a_theme_day_off_the_fixed_day_is_noted_not_refused(world, login):
    """life.theme_day (丹东: the 15th) is a local default: another day is noted on the page."""
    from liangxin.life.models import Presence
    from liangxin.life.services import SheetLine
    from liangxin.rules.values import rule_set

    rule_set(actor=world.user("district_admin"), key="life.theme_day", value=10)
    meetings = [
        services.meeting_record(
            actor=world.user("secretary"),
            organization=world.org_a,
            data={"kind": MeetingKind.THEME_DAY, "held_on": day, "topic": "主题党日"},
            sheet=[SheetLine(world.member_a, Presence.PRESENT)],
        )
        for day in (datetime.date(2026, 10, 10), datetime.date(2026, 11, 16))
    ]
    client = login("secretary")
    on_the_day = client.get(reverse("life:meeting-detail", args=[meetings[0].pk]))
    assert "theme-day-note" not in on_the_day.content.decode()
    moved = client.get(reverse("life:meeting-detail", args=[meetings[1].pk])).content.decode()
    assert "本地主题党日固定为每月 10 日，本次在 16 日召开" in moved
