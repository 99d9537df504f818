"""A district replaces the default Word template with its own (WORK.md §7 "Annual work
report [I]": "a template a district can replace"); a bad upload is refused in Chinese and
nothing is saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from liangxin.annualreports import documents, services
from liangxin.annualreports.models import AnnualReport, ReportTemplate
from tests.annualreports.conftest import docx_text, simple_docx

TEMPLATES = reverse("annualreports:templates")


def upload(client, region, data: bytes, *, name="示范区模板", filename="模板.docx"):
    return client.post(
        TEMPLATES,
        {"region": region.code, "name": name, "file": SimpleUploadedFile(filename, data)},
    )


def test_the_default_template_is_the_apps_own_and_renders(world, login):
    committed = docx_text(documents.DEFAULT_TEMPLATE.read_bytes())
    assert committed == docx_text(documents.build_default_template())
    assert "{{ title }}" in committed and "{%p for s in sections %}" in committed
    services.check_template(documents.DEFAULT_TEMPLATE.read_bytes(), filename="default.docx")
    response = login("district_admin").get(reverse("annualreports:template-default"))
    assert response.status_code == 200 and response.content.startswith(b"PK")


@pytest.mark.parametrize(
    "data, filename, error",
    [
        (b"not a zip at all", "模板.docx", "不是有效的 Word 文档"),
        (b"", "模板.docx", "上传的文件是空的"),
        (simple_docx("{{ title }}"), "模板.doc", "请上传 Word 文档（.docx）"),
        (simple_docx("{{ title "), "模板.docx", "模板无法套用报告内容"),
        (simple_docx("{{ nothing.there.at_all }}"), "模板.docx", "模板无法套用报告内容"),
    ],
)
def test_a_malformed_template_is_refused_in_chinese(world, login, data, filename, error):
    response = upload(login("district_admin"), world.district, data, filename=filename)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not ReportTemplate.objects.exists()


def test_an_oversized_template_is_refused(world, login):
    data = simple_docx("{{ title }}") + b"\0" * (services.MAX_TEMPLATE_BYTES + 1)
    response = upload(login("district_admin"), world.district, data)
    assert "模板文件过大：不能超过 5 MB" in response.content.decode()
    assert not ReportTemplate.objects.exists()


def test_the_districts_template_replaces_the_default(year_data, login):
    world, year = year_data.world, year_data.year
    district = login("district_admin")
    mine = simple_docx("示范区专用模板：{{ title }}", "发展党员 {{ f['members.new'] }}")
    assert upload(district, world.district, mine).status_code == 302
    assert upload(district, world.district, mine, name="第二版").status_code == 302
    active = ReportTemplate.objects.filter(active=True).get()
    assert active.name == "第二版"
    file_url = reverse("annualreports:template-file", args=[active.pk])
    assert district.get(file_url).status_code == 200
    assert login("outsider").get(file_url).status_code == 404  # another district's

    town = login("town_a_admin")
    town.post(reverse("annualreports:reports"), {"region": world.town_a.code, "year": year})
    report = AnnualReport.objects.get()
    with report.docx.open("rb") as handle:
        text = docx_text(handle.read())
    assert f"示范区专用模板：川姜镇{year}年度两新党建工作报告" in text
    assert "发展党员 2名" in text

    district.post(TEMPLATES, {"action": "default", "region": world.district.code})
    assert not ReportTemplate.objects.filter(active=True).exists()


def test_only_the_district_admin_replaces_templates_in_its_own_scope(world, login):
    assert login("town_a_admin").get(TEMPLATES).status_code == 403
    data = simple_docx("{{ title }}")
    assert upload(login("town_a_admin"), world.town_a, data).status_code == 403
    assert upload(login("district_admin"), world.other_root, data).status_code == 404
    assert not ReportTemplate.objects.exists()
