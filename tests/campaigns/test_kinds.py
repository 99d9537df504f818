"""The kinds of drive are data the district admin edits (WORK.md §8), seeded with their
sources: 双覆盖百日攻坚 [L:平湖], 一户一表摸底排查 [L:丹东; 川姜], 第一议题落实 [L:平湖]."""

import pytest
from django.urls import reverse

from liangxin.campaigns.models import CampaignKind

pytestmark = pytest.mark.django_db


def test_the_seeded_kinds_carry_their_sources():
    kinds = {k.code: k for k in CampaignKind.objects.all()}
    assert "[L:平湖]" in kinds["double_coverage"].source
    assert kinds["double_coverage"].work_lists == ["should_build", "small_uncovered", "no_member"]
    assert kinds["ledger_review"].has_round and "[L:丹东]" in kinds["ledger_review"].source
    assert "第一议题" in kinds["first_topic"].source


def test_the_district_adds_edits_and_turns_off_a_kind(world, login):
    client = login("district_admin")
    response = client.post(
        reverse("campaigns:kind-create"),
        {
            "code": "joint_build",
            "name": "联合组建攻坚",
            "source": "[I]",
            "work_lists": ["small_uncovered"],
        },
    )
    assert response.status_code == 302
    kind = CampaignKind.objects.get(code="joint_build")
    assert kind.work_lists == ["small_uncovered"] and not kind.has_round
    client.post(
        reverse("campaigns:kind-edit", args=[kind.pk]),
        {"code": "changed", "name": "联合组建百日攻坚", "source": "[I]", "has_round": "on"},
    )
    kind.refresh_from_db()
    assert (kind.code, kind.name, kind.has_round) == ("joint_build", "联合组建百日攻坚", True)
    client.post(reverse("campaigns:kinds"), {"toggle": kind.pk})
    kind.refresh_from_db()
    assert not kind.active
    assert (
        "联合组建百日攻坚" not in client.get(reverse("campaigns:campaign-create")).content.decode()
    )


def test_bad_kinds_are_refused_in_chinese(world, login):
    client = login("district_admin")
    count = CampaignKind.objects.count()
    cases = [
        ({"code": "double_coverage", "name": "重复", "source": ""}, "该代码已被使用"),
        ({"code": "x y", "name": "坏代码"}, "代码只能包含英文字母"),
        ({"code": "dup_name", "name": "双覆盖百日攻坚"}, "该名称已被使用"),
        ({"code": "bad_list", "name": "坏清单", "work_lists": ["nope"]}, "有效的选项"),
        ({"code": "long", "name": "长" * 41}, "40"),
    ]
    for data, message in cases:
        response = client.post(reverse("campaigns:kind-create"), data)
        assert response.status_code == 200 and message in response.content.decode(), data
    assert CampaignKind.objects.count() == count
    assert client.post(reverse("campaigns:kinds"), {"toggle": "abc"}).status_code == 404


def test_only_the_district_edits_kinds(world, login):
    for persona in ("town_a_admin", "leader", "secretary"):
        client = login(persona)
        assert client.get(reverse("campaigns:kind-create")).status_code == 403
        kind = CampaignKind.objects.first()
        assert client.post(reverse("campaigns:kinds"), {"toggle": kind.pk}).status_code == 403
    assert login("town_a_admin").get(reverse("campaigns:kinds")).status_code == 200
