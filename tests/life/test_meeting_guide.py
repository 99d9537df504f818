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
