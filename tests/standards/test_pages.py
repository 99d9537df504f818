"""The checklist pages: an organization's own checklist, the town's completion, the
district's shares, the district's versions — each through the one scoping function."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from liangxin.standards.models import (
    ChecklistResult,
    ChecklistTemplate,
    ItemEvidence,
    ResultStatus,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def png(name="场地照片.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture
def liuyou(db):
    return ChecklistTemplate.objects.get(name="六有", version=1)


@pytest.fixture
def four_five_eight(db):
    return ChecklistTemplate.objects.get(name="4个名册、5本台账、8项制度", version=1)


def checklist(world, template, code=None):
    url = reverse("standards:checklist", args=[code or world.org_a.code])
    return f"{url}?template={template.pk}"


def self_check(client, world, template, item, **data):
    url = reverse("standards:self-check", args=[world.org_a.code, template.pk, item.pk])
    return client.post(url, {"year": datetime.date.today().year, **data}, follow=True)


def test_the_secretary_sees_auto_items_filled_from_data_and_no_upload_for_them(
    world, login, four_five_eight
):
    page = login("secretary").get(checklist(world, four_five_eight))
    assert page.status_code == 200
    text = page.content.decode()
    roster = four_five_eight.items.get(text="党员花名册")
    dues = four_five_eight.items.get(text="党费收缴")
    # org_a has a member: the roster is met; no dues recorded: missing, with why.
    assert "近3个月没有党费收缴记录" in text
    assert "本组织暂无党员记录" not in text
    upload_forms = text.count('enctype="multipart/form-data"')
    evidence_items = four_five_eight.items.exclude(evidence_kind="auto").count()
    assert upload_forms == evidence_items  # the auto ones (roster, dues …) ask for nothing
    for auto_item in (roster, dues):
        url = reverse(
            "standards:self-check", args=[world.org_a.code, four_five_eight.pk, auto_item.pk]
        )
        assert url not in text


def test_an_organization_out_of_scope_is_not_found(world, login, liuyou):
    assert login("town_b_admin").get(checklist(world, liuyou)).status_code == 404
    assert login("town_a_admin").get(checklist(world, liuyou)).status_code == 200
    item = liuyou.items.first()
    response = self_check(login("town_b_admin"), world, liuyou, item, file=png())
    assert response.status_code == 404
    assert not ItemEvidence.objects.exists()


def test_a_malformed_upload_is_refused_in_chinese(world, login, liuyou):
    item = liuyou.items.first()
    renamed = SimpleUploadedFile("照片.png", b"MZ\x90\x00 not a picture", content_type="image/png")
    page = self_check(login("secretary"), world, liuyou, item, file=renamed)
    assert "的内容与扩展名 .png 不符" in page.content.decode()
    program = SimpleUploadedFile("工具.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    page = self_check(login("secretary"), world, liuyou, item, file=program)
    assert "不支持的文件类型“exe”" in page.content.decode()
    assert not ItemEvidence.objects.exists()


def test_self_check_submit_and_town_verification_reach_the_completion_share(world, login, liuyou):
    secretary, town = login("secretary"), login("town_a_admin")
    items = list(liuyou.items.all())
    for item in items:
        page = self_check(secretary, world, liuyou, item, file=png(), state="met")
        assert f"已保存：{item.text}" in page.content.decode()
    submit = reverse("standards:submit", args=[world.org_a.code, liuyou.pk])
    secretary.post(submit, {"year": datetime.date.today().year})
    result = ChecklistResult.objects.get(organization=world.org_a, template=liuyou)
    assert result.status == ResultStatus.SUBMITTED
    # The town of another place cannot certify it; its own town can.
    assert (
        login("town_b_admin").post(reverse("standards:verify", args=[result.pk])).status_code == 404
    )
    town.post(reverse("standards:verify", args=[result.pk]))
    result.refresh_from_db()
    assert result.status == ResultStatus.MET and result.met_on is not None

    page = town.get(reverse("standards:completion") + f"?template={liuyou.pk}").content.decode()
    assert "达标认定 <strong>1</strong> / 1 个" in page  # org_a; org_b is another town's
    assert world.org_b.name not in page
    assert "最常未达标" not in page  # nothing missing any more
    export = town.get(reverse("standards:completion-export") + f"?template={liuyou.pk}")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")

    shares = login("district_admin").get(reverse("standards:regions") + f"?template={liuyou.pk}")
    text = shares.content.decode()
    assert "川姜镇" in text and "100.0%" in text and "开发区" in text and "0.0%" in text


def test_submitting_with_items_unanswered_names_them(world, login, liuyou):
    submit = reverse("standards:submit", args=[world.org_a.code, liuyou.pk])
    page = login("secretary").post(submit, {"year": datetime.date.today().year}, follow=True)
    assert "以下项目尚未自查：" in page.content.decode()


def test_the_district_copies_a_published_version_edits_the_draft_and_publishes(
    world, login, liuyou
):
    district = login("district_admin")
    assert (
        login("town_a_admin").post(reverse("standards:new-version", args=[liuyou.pk])).status_code
        == 403
    )
    district.post(reverse("standards:new-version", args=[liuyou.pk]))
    draft = ChecklistTemplate.objects.get(name="六有", version=2)
    assert not draft.published and draft.items.count() == liuyou.items.count()
    assert district.get(reverse("standards:template", args=[draft.pk])).status_code == 200
    assert (
        "自动数据来源"
        in district.get(reverse("standards:item-add", args=[draft.pk])).content.decode()
    )
    item = draft.items.get(text="有办公设备")
    district.post(
        reverse("standards:item-edit", args=[draft.pk, item.pk]),
        {"group": "六有", "text": "有电脑、打印机等办公设备", "evidence_kind": "photo", "order": 2},
    )
    assert draft.items.filter(text="有电脑、打印机等办公设备").exists()
    assert liuyou.items.filter(text="有办公设备").exists()  # the published one is untouched
    district.post(reverse("standards:publish", args=[draft.pk]), {"effective_from": "2027-01-01"})
    draft.refresh_from_db()
    assert draft.published
    page = district.post(
        reverse("standards:item-edit", args=[draft.pk, item.pk]),
        {"group": "六有", "text": "再改", "evidence_kind": "photo", "order": 2},
    )
    assert "已发布的版本不能修改" in page.content.decode()


def test_who_reaches_the_pages(world, statuses, liuyou):
    completion = statuses(reverse("standards:completion"))
    assert completion["town_a_admin"] == completion["secretary"] == 200
    assert completion["system_admin"] == completion["audit_admin"] == 403
    own = statuses(checklist(world, liuyou))
    assert own["secretary"] == own["town_a_admin"] == own["district_admin"] == 200
    assert own["town_b_admin"] == own["outsider"] == 404


def test_a_town_registers_an_inspection_of_its_organizations(world, login):
    town = login("town_a_admin")
    assert town.get(reverse("standards:inspection-create")).status_code == 200
    form = {
        "kind": "onsite",
        "held_on": "2026-11-30",
        "region": world.town_a.code,
        "team": "镇党委书记带队",
        "targets": world.org_a.code,
        "methods": ["visit", "interview"],
    }
    page = town.post(reverse("standards:inspection-create"), form, follow=True)
    assert "现场观摩" in page.content.decode() and "实地走访、个别访谈" in page.content.decode()
    # Another town's organization is not a target it may name.
    other = town.post(reverse("standards:inspection-create"), {**form, "targets": world.org_b.code})
    assert "不存在或不在您的管辖范围内" in other.content.decode()
    assert login("secretary").get(reverse("standards:inspection-create")).status_code == 403


def test_the_town_list_names_what_each_organization_misses(world, login, four_five_eight):
    url = reverse("standards:completion") + f"?template={four_five_eight.pk}"
    page = login("town_a_admin").get(url).content.decode()
    assert world.org_a.name in page and "未自查" in page
    # org_a has members (roster met) and no dues: the dues ledger is named, the roster not.
    row = page.split(world.org_a.name, 1)[1].split("</li>", 1)[0]
    assert "党费收缴" in row and "党员花名册" not in row
    assert "最常未达标：" in page
