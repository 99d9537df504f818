"""The annual report of a town (WORK.md §7 "Annual work report [I]"; issue 20 "Done when":
the annual report for a town opens in Word and LibreOffice with the right figures)."""

import datetime
import io
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from liangxin.annualreports.models import AnnualReport, ReportJob, ReportState
from liangxin.ledger.models import JobStatus
from tests.annualreports.conftest import docx_text, needs_soffice

REPORTS = reverse("annualreports:reports")


def make(client, region, year, *, pdf=False):
    data = {"region": region.code, "year": str(year)}
    if pdf:
        data["want_pdf"] = "on"
    return client.post(REPORTS, data)


def stored(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def the_report(region, year) -> AnnualReport:
    return AnnualReport.objects.get(region=region, year=year)


def independent_figures(world, region, year):
    """The figures the report must print, read here from the apps' own selectors."""
    from liangxin.coverage.selectors import coverage_counts
    from liangxin.development.selectors import four_priorities
    from liangxin.organizations.models import PartyOrganization
    from liangxin.requests.selectors import statistics

    user = world.user("town_a_admin")
    today = timezone.localdate()
    num, den = coverage_counts(region=region, on=today)["org_coverage"]
    received = statistics(user=user, year=year, dimension="region", region=region).total
    orgs = PartyOrganization.objects.covering(today).filter(region__path__startswith=region.path)
    return {
        "org_coverage": f"{num * 100 / den:.1f}%",
        "organizations": f"{orgs.count()}个",
        "new_orgs": f"{orgs.filter(established_on__year=year).count()}个",
        "new_members": f"{four_priorities(user=user, year=year, region=region)['total']}名",
        "received": f"{received['received']}件",
        "starred": orgs.filter(star_level__isnull=False).count(),
    }  # fmt: skip


@needs_soffice
def test_town_report_opens_in_word_and_libreoffice_with_the_right_figures(
    year_data, login, tmp_path
):
    from PIL import Image

    world, year = year_data.world, year_data.year
    # The committee (governance): org_a's secretary sits on the board; its enterprise has
    # Party building in its articles (党建入章).
    from liangxin.enterprises.models import Enterprise
    from liangxin.governance.models import CommitteeMember, PartyPost

    Enterprise.objects.filter(pk=world.ent_a.pk).update(charter_includes_party=True)
    CommitteeMember.objects.create(
        organization=world.org_a,
        member=world.member_a,
        name=world.member_a.name,
        party_post=PartyPost.SECRETARY,
        on_board=True,
        term_started_on=datetime.date(year, 1, 1),
    )
    client = login("town_a_admin")
    response = make(client, world.town_a, year, pdf=True)
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "annualreports:job", args=[job.pk]
    )
    assert job.status == JobStatus.DONE, job.message
    assert job.rows_done == job.rows_total == 12
    report = the_report(world.town_a, year)

    expected = independent_figures(world, world.town_a, year)
    assert expected["new_members"] == "2名" and expected["received"] == "1件"
    text = docx_text(stored(report.docx))
    assert f"川姜镇{year}年度两新党建工作报告" in text
    assert "数据截至" in text and f"{timezone.localdate():%Y年%m月%d日}" in text
    for key in ("org_coverage", "organizations", "new_orgs", "new_members", "received"):
        assert expected[key] in text, key
    assert f"评定星级的党组织{expected['starred']}个" in text
    assert "三星级党组织1个" in text and "四星级党组织1个" in text
    from liangxin.coverage.selectors import member_indicators

    backbone = member_indicators(region=world.town_a)["management_backbone_share"]
    assert f"在岗党员中经营管理骨干占{backbone['rate']:.1f}%" in text
    assert "比年初提高" in text  # the snapshot of last December gives the change
    assert "党建入章企业1家" in text  # of town A's enterprises, ent_a
    assert "班子成员双向进入占100.0%" in text and "书记交叉任职的党组织占100.0%" in text
    # Each number's base, date and query in the appendix.
    assert "coverage 月度快照" in text and "development.new_members" in text
    from docx import Document

    document = Document(io.BytesIO(stored(report.docx)))
    assert len(document.inline_shapes) == 3  # coverage, four priorities, stars

    # The PDF, its pages as images: at least one, none blank.
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(stored(report.pdf))
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) >= 1
    for page in pages:
        image = Image.open(page).convert("L")
        low, high = image.getextrema()
        assert high - low > 100, f"{page.name} is blank"
    first = Image.open(pages[0]).convert("L")
    dark = sum(first.histogram()[:128])
    assert dark > 500  # the first page carries the title and text, not a white sheet
    words = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "川姜镇" in words
    assert expected["new_members"].removesuffix("名") in words and "发展党员" in words

    # The job page: finished, its download links.
    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("annualreports:docx", args=[report.pk]) in html
    assert reverse("annualreports:pdf", args=[report.pk]) in html
    download = client.get(reverse("annualreports:pdf", args=[report.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_job_progress_page_polls_until_done(year_data, login):
    world = year_data.world
    client = login("town_a_admin")
    make(client, world.town_a, year_data.year)
    job = ReportJob.objects.get()
    job.status = JobStatus.RUNNING
    job.save()
    page = client.get(reverse("annualreports:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "<script>" not in page
    job.status = JobStatus.DONE
    job.save()
    partial = client.get(reverse("annualreports:job-progress", args=[job.pk]))
    assert partial["HX-Refresh"] == "true"
    assert "下载 Word" in partial.content.decode()


@pytest.mark.parametrize(
    "year, error",
    [
        ("abc", "年度应为四位数字"),
        ("1999", "年度应在 2000 至"),
        ("next", "年度应为四位数字"),
        ("", "请填写年度"),
    ],
)
def test_bad_year_is_refused_in_chinese(world, login, year, error):
    if year == "next":
        year = str(timezone.localdate().year + 1)
        error = "年度应在 2000 至"
    response = login("town_a_admin").post(REPORTS, {"region": world.town_a.code, "year": year})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_a_town_admin_reports_on_its_own_town_only(year_data, login, world):
    year = year_data.year
    town_a = login("town_a_admin")
    assert make(town_a, world.town_b, year).status_code == 404
    assert make(town_a, world.other_root, year).status_code == 404
    assert make(login("outsider"), world.town_a, year).status_code == 404
    assert not AnnualReport.objects.exists()
    # The district admin makes any region's report in the district; town A cannot see B's.
    assert make(login("district_admin"), world.town_b, year).status_code == 302
    report = the_report(world.town_b, year)
    for name in ("report", "docx", "pdf", "generate", "finalize"):
        url = reverse(f"annualreports:{name}", args=[report.pk])
        method = town_a.post if name in ("generate", "finalize") else town_a.get
        assert method(url).status_code == 404, name
    job = ReportJob.objects.get()
    assert town_a.get(reverse("annualreports:job", args=[job.pk])).status_code == 404
    assert world.town_b.name not in town_a.get(REPORTS).content.decode()
    # Roles that do not make reports: 403.
    assert login("secretary").get(REPORTS).status_code == 403
    assert make(login("leader"), world.town_a, year).status_code == 403


def test_edited_text_survives_a_refresh_and_finalizing_freezes_the_figures(year_data, login):
    from tests import factories as f

    world, year = year_data.world, year_data.year
    client = login("town_a_admin")
    make(client, world.town_a, year)
    report = the_report(world.town_a, year)
    url = reverse("annualreports:report", args=[report.pk])
    page = client.get(url).content.decode()
    assert 'id="sections-form"' in page and "development.new_members" in page
    assert "明年工作打算" in page
    sections = dict(report.sections)
    sections["next_year"] = "明年重点推进规上企业组织覆盖 & <党建>“品牌”。"
    assert client.post(url, sections).status_code == 302
    too_long = {**sections, "intro": "长" * 5001}
    assert "每段不超过 5000 字" in client.post(url, too_long).content.decode()

    f.MemberFactory(
        organization=world.org_a, employer=world.ent_a, joined_on=timezone.localdate(),
        full_member_on=None, status="probationary",
    )  # fmt: skip
    client.post(reverse("annualreports:generate", args=[report.pk]))
    report.refresh_from_db()
    assert report.figures["members.new"]["value"] == 3  # redrafted from fresh figures
    assert "全年发展党员3名" in report.sections["members"]
    assert report.sections["next_year"] == "明年重点推进规上企业组织覆盖 & <党建>“品牌”。"
    assert "明年重点推进规上企业组织覆盖 & <党建>“品牌”。" in docx_text(stored(report.docx))

    assert client.post(reverse("annualreports:finalize", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.FINAL and report.finalized_by == world.user("town_a_admin")
    frozen = report.figures
    page = client.get(url).content.decode()
    assert 'id="sections-form"' not in page and 'id="finalize"' not in page
    assert "定稿" in page and "明年重点推进规上企业组织覆盖 &amp; &lt;党建&gt;" in page
    f.MemberFactory(
        organization=world.org_a, employer=world.ent_a, joined_on=timezone.localdate(),
        full_member_on=None, status="probationary",
    )  # fmt: skip
    client.post(reverse("annualreports:generate", args=[report.pk]))
    report.refresh_from_db()
    assert report.figures == frozen
    assert ReportJob.objects.filter(status=JobStatus.DONE).count() == 3
    page = client.post(url, sections, follow=True)
    assert "报告已定稿" in page.content.decode() or page.status_code == 200
    report.refresh_from_db()
    assert report.figures == frozen


def test_a_stuck_job_does_not_block_the_report_for_ever(year_data, login):
    import datetime

    world = year_data.world
    client = login("town_a_admin")
    make(client, world.town_a, year_data.year)
    job = ReportJob.objects.get()
    ReportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        progress_at=timezone.now() - datetime.timedelta(minutes=20),
    )
    response = client.post(reverse("annualreports:generate", args=[job.report.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.INTERRUPTED and "已中断" in job.message
    again = ReportJob.objects.latest("id")
    assert again.pk != job.pk and again.status == JobStatus.DONE
    assert response.url == reverse("annualreports:job", args=[again.pk])


def test_missing_font_or_libreoffice_fails_the_job_clearly(year_data, login, monkeypatch):
    from liangxin.annualreports import charts, documents

    world = year_data.world
    client = login("town_a_admin")
    monkeypatch.setattr(documents.shutil, "which", lambda name: None)
    make(client, world.town_a, year_data.year, pdf=True)
    job = ReportJob.objects.get()
    assert job.status == JobStatus.FAILED
    assert "未安装 LibreOffice" in job.message
    assert the_report(world.town_a, year_data.year).docx  # the Word file was made before
    assert (
        "未安装 LibreOffice"
        in client.get(reverse("annualreports:job", args=[job.pk])).content.decode()
    )

    charts.cjk_font_path.cache_clear()
    monkeypatch.setattr("matplotlib.font_manager.findSystemFonts", lambda *a, **k: [])
    try:
        client.post(reverse("annualreports:generate", args=[job.report.pk]))
        failed = ReportJob.objects.latest("id")
        assert failed.status == JobStatus.FAILED and "没有中文字体" in failed.message
    finally:
        charts.cjk_font_path.cache_clear()


def test_a_past_year_reads_its_december_snapshot(year_data, world):
    """Coverage of a finished year: the December snapshot kept at the time (the live count
    knows only today's members and instructors); the change from the snapshot before."""
    import datetime

    from liangxin.annualreports import figures
    from liangxin.coverage.models import CoverageSnapshot

    last = year_data.year - 1
    CoverageSnapshot.objects.create(
        region=world.town_a, month=datetime.date(last - 1, 12, 1),
        as_of=datetime.date(last - 1, 12, 31), figures={"org_coverage": [1, 4]},
    )  # fmt: skip
    collected = figures.collect(user=world.user("town_a_admin"), region=world.town_a, year=last)
    coverage = collected["coverage.enterprise.org_coverage"]
    snapshot = CoverageSnapshot.objects.get(region=world.town_a, month=datetime.date(last, 12, 1))
    num, den = snapshot.figures["org_coverage"]
    assert coverage["as_of"] == f"{last}-12-31"
    assert coverage["base"] == f"{num}/{den}（{last}年12月快照）"
    assert coverage["value"] == f"{num * 100 / den:.1f}"
    change = collected["coverage.enterprise.org_coverage.change"]
    assert float(change["value"]) == round(num * 100 / den - 25.0, 1)


def test_the_menu_links_the_reports_for_those_who_use_them(world, login):
    for persona in ("town_a_admin", "district_admin", "leader"):
        home = login(persona).get(reverse("home")).content.decode()
        assert REPORTS in home and "年度工作报告" in home, persona
    assert REPORTS not in login("secretary").get(reverse("home")).content.decode()
    listing = login("leader").get(REPORTS).content.decode()
    assert "report-table" in listing and "report-form" not in listing
