"""The brand and 标杆 pages: lists, forms with bad input, the export, the overdue-node to-do."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from liangxin.brands import services
from liangxin.brands.models import (
    Brand,
    BrandAction,
    BrandEvidence,
    BrandKind,
    NodeState,
    Programme,
)
from liangxin.core.home import todos_for
from tests.brands.conftest import PDF, add_node


def pdf(name="品牌手册.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_every_page_answers_the_personas(world, statuses, brand_a, project_a, yesterday):
    node = add_node(world, project_a, "阵地提升", yesterday)
    pages = [
        reverse("brands:list"),
        reverse("brands:regions"),
        reverse("brands:programmes"),
        reverse("brands:nodes") + "?overdue=1",
        reverse("brands:brand", args=[brand_a.pk]),
        reverse("brands:project", args=[project_a.pk]),
        reverse("brands:node", args=[node.pk]),
    ]
    for url in pages:
        got = statuses(url)
        assert got["district_admin"] == 200 and got["town_a_admin"] == 200, url
        assert got["secretary"] == 200, url
        assert got["audit_admin"] == 403, url  # 三员分立: no business data


def test_create_a_brand_with_evidence(world, login):
    client = login("town_a_admin")
    response = client.post(
        reverse("brands:create"),
        {
            "kind": BrandKind.ENTERPRISE,
            "name": "红色织梦",
            "holders": world.org_a.code,
            "story": "以党建带动技能比武",
            "files": [pdf()],
        },
    )
    assert response.status_code == 302
    brand = Brand.objects.get(name="红色织梦")
    assert list(brand.holders.all()) == [world.org_a]
    assert BrandEvidence.objects.filter(brand=brand).count() == 1
    detail = client.get(response["Location"]).content.decode()
    assert "品牌手册.pdf" in detail and "登记培育" in detail


def test_missing_fields_are_named_in_chinese(world, login):
    response = login("town_a_admin").post(reverse("brands:create"), {"kind": BrandKind.ENTERPRISE})
    text = response.content.decode()
    assert response.status_code == 200
    assert 'invalid-feedback d-block">该字段是必填项。' in text  # the name
    assert not Brand.objects.exists()
    area = login("town_a_admin").post(
        reverse("brands:create"), {"kind": BrandKind.AREA, "name": "川姜红帆"}
    )
    assert "请选择所属区域" in area.content.decode()
    assert not Brand.objects.exists()


def test_a_duplicate_name_for_the_same_holder_is_refused(world, login, brand_a):
    response = login("town_a_admin").post(
        reverse("brands:create"),
        {
            "kind": BrandKind.INDUSTRY,
            "name": "红色织梦",
            "industry": "纺织业",
            "holders": world.org_a.code,
            "region": world.town_a.code,
        },
    )
    assert response.status_code == 200
    assert "已有名为“红色织梦”的党建品牌" in response.content.decode()
    assert Brand.objects.filter(name="红色织梦").count() == 1


def test_a_duplicate_name_in_the_region_is_refused(world, login, brand_a):
    response = login("town_a_admin").post(
        reverse("brands:create"),
        {"kind": BrandKind.ENTERPRISE, "name": "红色织梦", "holders": world.group_a.code},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "该区域已有同名党建品牌" in text or "已有名为" in text
    assert Brand.objects.filter(name="红色织梦").count() == 1


def test_an_oversized_upload_is_refused_and_nothing_saved(world, login, settings):
    settings.ATTACHMENT_MAX_MB = 1
    big = pdf("大文件.pdf", PDF + b"0" * (1024 * 1024))
    response = login("town_a_admin").post(
        reverse("brands:create"),
        {
            "kind": BrandKind.ENTERPRISE,
            "name": "红色织梦",
            "holders": world.org_a.code,
            "files": [big],
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "超过 1 MB 的上限" in text and "请重新选择附件" in text
    assert not Brand.objects.exists()  # all or nothing: the brand waits for its files


def test_an_oversized_evidence_on_the_detail_page(world, login, brand_a, settings):
    settings.ATTACHMENT_MAX_MB = 1
    url = reverse("brands:upload", args=[brand_a.pk])
    page = login("secretary").post(
        url, {"file": pdf("大文件.pdf", PDF + b"0" * (1024 * 1024))}, follow=True
    )
    assert "超过 1 MB 的上限" in page.content.decode()
    assert not BrandEvidence.objects.exists()


def test_a_secretary_cannot_create_a_brand_for_another_organization(world, login):
    response = login("secretary").post(
        reverse("brands:create"),
        {"kind": BrandKind.ENTERPRISE, "name": "冒名品牌", "holders": world.org_b.code},
    )
    assert response.status_code == 200
    assert "不存在或不在您的管辖范围内" in response.content.decode()
    assert not Brand.objects.exists()


def test_revoke_without_reason_on_the_page(world, login, brand_a):
    services.brand_transition(actor=world.user("town_a_admin"), brand=brand_a, action="submit")
    services.brand_transition(actor=world.user("district_admin"), brand=brand_a, action="name")
    url = reverse("brands:action", args=[brand_a.pk, BrandAction.REVOKE])
    page = login("district_admin").post(url, {"comment": ""}, follow=True)
    assert "撤销须写明原因" in page.content.decode()
    brand_a.refresh_from_db()
    assert brand_a.state == "named"
    assert (
        login("district_admin")
        .post(reverse("brands:action", args=[brand_a.pk, "delete"]))
        .status_code
        == 404
    )


def sheet_rows(response, first_header):
    data = b"".join(response.streaming_content) if response.streaming else response.content
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    header = next(i for i, row in enumerate(rows) if row[0] == first_header)
    return rows[header], rows[header + 1 :]


def test_the_programme_export_lists_projects_with_progress(
    world, login, programme, project_a, project_b, yesterday
):
    done = add_node(world, project_a, "阵地提升", yesterday)
    add_node(world, project_a, "品牌故事征集", yesterday)
    services.node_progress(actor=world.user("secretary"), node=done, state=NodeState.DONE)
    url = reverse("brands:programme-export", args=[programme.pk])
    header, body = sheet_rows(login("district_admin").get(url), "层级")
    assert header[:2] == ["层级", "党组织"]
    by_org = {row[1]: row for row in body}
    assert set(by_org) == {world.org_a.name, world.org_b.name}
    assert [int(v) for v in by_org[world.org_a.name][5:9]] == [1, 2, 1, 50]
    _, town_b = sheet_rows(login("town_b_admin").get(url), "层级")
    assert [row[1] for row in town_b] == [world.org_b.name]


def test_export_holds_the_filtered_scoped_list(world, login, brand_a, brand_b):
    services.brand_evidence_add(actor=world.user("town_a_admin"), brand=brand_a, upload=pdf())
    services.brand_create(
        actor=world.user("town_a_admin"),
        data={"kind": BrandKind.AREA, "name": "川姜红帆", "region": world.town_a},
    )
    response = login("town_a_admin").get(reverse("brands:export") + "?kind=enterprise")
    assert response.status_code == 200
    header, body = sheet_rows(response, "品牌名称")
    assert header[:5] == ["品牌名称", "类别", "所属党组织/行业/区域", "所属区域", "状态"]
    assert [row[0] for row in body] == ["红色织梦"]  # 一域一品 filtered out, town B's unseen
    assert body[0][1:5] == ["一企一品", world.org_a.name, "川姜一网格", "培育"]
    assert int(body[0][7]) == 1


def test_an_overdue_node_is_on_the_to_do_list(world, login, project_a, project_b, yesterday):
    late = add_node(world, project_a, "品牌故事征集", yesterday)
    add_node(world, project_a, "观摩验收", timezone.localdate() + datetime.timedelta(days=9))
    done = add_node(world, project_a, "阵地提升", yesterday - datetime.timedelta(days=3))
    services.node_progress(actor=world.user("secretary"), node=done, state=NodeState.DONE)

    def overdue(persona):
        todos = {due.todo.key: due for due in todos_for(world.user(persona))}
        return list(todos["benchmark_nodes_overdue"].items)

    assert overdue("town_a_admin") == [late]
    assert overdue("secretary") == [late]
    assert overdue("town_b_admin") == []
    assert "benchmark_nodes_overdue" not in {d.todo.key for d in todos_for(world.user("leader"))}
    home = login("town_a_admin").get("/").content.decode()
    assert "逾期未完成的标杆创建节点" in home
    page = login("town_a_admin").get(reverse("brands:nodes") + "?overdue=1").content.decode()
    assert page.count("品牌故事征集") == 1 and "观摩验收" not in page


def test_progress_form_records_a_node(world, login, project_a):
    node = add_node(world, project_a, "阵地提升", timezone.localdate())
    url = reverse("brands:node", args=[node.pk])
    bad = login("secretary").post(url, {"state": "finished"})
    assert bad.status_code == 200 and "finished" in bad.content.decode()
    ok = login("secretary").post(url, {"state": "done", "note": "完成", "files": [pdf()]})
    assert ok.status_code == 302
    node.refresh_from_db()
    assert node.state == NodeState.DONE and node.evidence.count() == 1


@pytest.mark.parametrize("persona", ["town_a_admin", "secretary"])
def test_only_the_district_sets_up_programmes(world, login, persona):
    assert login(persona).get(reverse("brands:programme-create")).status_code == 403


def test_brands_by_region_page(world, login, brand_a, brand_b):
    text = login("district_admin").get(reverse("brands:regions")).content.decode()
    assert "川姜镇" in text and "开发区" in text
    town = login("town_a_admin").get(reverse("brands:regions")).content.decode()
    assert "开发区" not in town


def test_a_programme_is_set_up_with_its_tiers_on_the_page(world, login):
    client = login("district_admin")
    data = {
        "name": "151标杆创建工程",
        "region": world.district.code,
        "start_year": 2026,
        "end_year": 2028,
        "source": "[L:平湖]",
        "tiers": "示范标杆 1\n行业标杆 x",
    }
    bad = client.post(reverse("brands:programme-create"), data)
    assert "第 2 行“行业标杆 x”应为“名称 目标数”" in bad.content.decode()
    assert not Programme.objects.exists()
    backwards = client.post(
        reverse("brands:programme-create"), {**data, "tiers": "示范标杆 1", "end_year": 2025}
    )
    assert "结束年度不能早于起始年度" in backwards.content.decode()
    ok = client.post(
        reverse("brands:programme-create"), {**data, "tiers": "示范标杆 1\n行业标杆，5\n培育 10"}
    )
    assert ok.status_code == 302
    programme = Programme.objects.get()
    assert list(programme.tiers.values_list("name", "target")) == [
        ("示范标杆", 1),
        ("行业标杆", 5),
        ("培育", 10),
    ]


def test_an_organization_is_entered_once_per_programme(world, login, programme, project_a):
    url = reverse("brands:project-create", args=[programme.pk])
    data = {
        "tier": programme.tiers.first().pk,
        "organization": world.org_a.code,
        "owner": "林晓红",
        "plan": "第二份方案",
    }
    again = login("town_a_admin").post(url, data)
    assert "该党组织已在本工程中立项" in again.content.decode()
    outside = login("town_a_admin").post(url, {**data, "organization": world.org_b.code})
    assert "不存在或不在您的管辖范围内" in outside.content.decode()
    assert programme.projects.count() == 1
