"""双承诺 and 述职 through their pages: the total by the weights 30:30:40 [L: a town] and the
grade by the cut-offs (rules a district edits, WORK.md §7/§8); bad input refused in Chinese
with nothing saved (malformed, oversized, a duplicate 述职 for the same organization, year
and audience, an organization out of scope); out-of-scope records are 404; the lists,
exports and statistics stay in scope; the writes are in the audit log."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from liangxin.duties import rules
from liangxin.duties.models import Commitment, DutyReport
from tests.duties.conftest import LAST_YEAR, set_rule, workbook_rows

pytestmark = pytest.mark.django_db


def report_data(world, **changes):
    return {
        "organization": world.org_a.code,
        "year": str(LAST_YEAR),
        "audience": "superior",
        "held_on": f"{LAST_YEAR}-12-20",
        "reporter": "林晓红",
        "measures": "落实三会一课",
        "results": "",
        "problems": "",
        "plan": "",
        "party_reps": "",
        "staff_reps": "",
        "daily_score": "80",
        "superior_score": "90",
        "member_score": "95",
        "rectifications": "完善台账\n\n补齐记录",
        **changes,
    }


def commitment_data(world, **changes):
    return {
        "organization": world.org_a.code,
        "year": str(LAST_YEAR),
        "secretary_name": "林晓红",
        "items": "按期召开组织生活会\n联系服务党员10户",
        "to_town_committee": "on",
        "to_members": "on",
        "published_on": f"{LAST_YEAR}-02-01",
        "self_check": "",
        "self_checked_on": "",
        **changes,
    }


def test_a_report_is_scored_30_30_40_and_graded(world, login):
    client = login("town_a_admin")
    response = client.post("/duties/reports/new/", report_data(world))
    assert response.status_code == 302
    report = DutyReport.objects.get()
    # [L: a town] 80×0.3 + 90×0.3 + 95×0.4 = 89.00 → 称职 (优秀 from 90, [I] cut-offs).
    assert report.total == Decimal("89.00")
    assert report.get_grade_display() == "称职"
    assert report.rectification_lines == ["完善台账", "补齐记录"]
    assert LogEntry.objects.get_for_object(report).exists()


def test_the_districts_rules_change_the_grade(world, duties):
    set_rule(world, rules.WEIGHT_MEMBERS, 100)  # the members' 测评 weighs most
    set_rule(world, rules.EXCELLENT_FROM, 88)
    report = duties.report(world.org_a, "superior", scores=("60", "60", "100"))
    # (60×30 + 60×30 + 100×100) / 160 = 85.00 → 称职; 60 stays 基本称职, 59.9 不称职.
    assert report.total == Decimal("85.00") and report.grade == "competent"
    low = duties.report(world.org_a, "members", scores=("59.9", "59.9", "59.9"))
    assert low.get_grade_display() == "不称职"
    top = duties.report(world.org_b, "members", actor="town_b_admin", scores=("88", "88", "88"))
    assert top.get_grade_display() == "优秀"


def test_no_grade_until_all_three_scores(world, duties):
    report = duties.report(world.org_a, "superior", scores=("90", None, "90"))
    assert report.total is None and report.grade == ""


def test_a_second_report_to_the_same_audience_is_refused(world, login, duties):
    duties.report(world.org_a, "superior")
    client = login("town_a_admin")
    response = client.post("/duties/reports/new/", report_data(world))
    assert response.status_code == 200
    assert "该党组织本年度已有同一对象的述职记录" in response.content.decode()
    assert DutyReport.objects.count() == 1
    # The other audience is the second report of 双述职.
    assert (
        client.post("/duties/reports/new/", report_data(world, audience="members")).status_code
        == 302
    )


def test_a_second_commitment_of_the_year_is_refused(world, login, duties):
    duties.commit(world.org_a)
    response = login("town_a_admin").post("/duties/commitments/new/", commitment_data(world))
    assert "该党组织本年度已有承诺" in response.content.decode()
    assert Commitment.objects.count() == 1


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"daily_score": "八十"}, "请输入 0–100 之间的分数"),
        ({"superior_score": "120"}, "分数应在0到100之间"),
        ({"member_score": "-1"}, "分数应在0到100之间"),
        ({"member_score": "85.55"}, "最多保留一位小数"),
        ({"held_on": "2025-13-45"}, "请输入日期"),
        ({"held_on": "2999-01-01"}, "述职日期不能晚于今天"),
        ({"year": "19"}, "年度无效"),
        ({"audience": "boss"}, "选择一个有效的选项"),
        ({"measures": "措" * 4001}, "不超过 4000 字"),
        ({"organization": "NO-SUCH"}, "不存在或不在您的管辖范围内"),
        ({"organization": "ORG-A-G1"}, "党小组不作双承诺双述职"),
    ],
)
def test_bad_report_input_is_refused_in_chinese(world, login, changes, message):
    response = login("town_a_admin").post("/duties/reports/new/", report_data(world, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DutyReport.objects.exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"items": ""}, "请填写此项"),
        ({"to_town_committee": "", "to_members": ""}, "请至少选择一个承诺对象"),
        ({"self_check": "已兑现"}, "填写年终自查时请填写自查日期"),
        ({"secretary_name": "名" * 51}, "51"),
        ({"secretary": "not-a-uuid"}, "不存在或不在您的管辖范围内"),
    ],
)
def test_bad_commitment_input_is_refused(world, login, changes, message):
    response = login("town_a_admin").post(
        "/duties/commitments/new/", commitment_data(world, **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Commitment.objects.exists()


def test_another_towns_organization_and_records_are_out_of_scope(world, login, duties):
    client = login("town_b_admin")
    # Typing town A's organization code: refused like a code that does not exist.
    response = client.post("/duties/reports/new/", report_data(world))
    assert "不存在或不在您的管辖范围内" in response.content.decode()
    report = duties.report(world.org_a, "superior")
    commitment = duties.commit(world.org_a)
    assert client.get(f"/duties/reports/{report.pk}/edit/").status_code == 404
    assert client.post(f"/duties/reports/{report.pk}/edit/", report_data(world)).status_code == 404
    assert client.get(f"/duties/commitments/{commitment.pk}/edit/").status_code == 404
    for url in ("/duties/", "/duties/reports/"):
        assert world.org_a.name not in client.get(f"{url}?year={LAST_YEAR}").content.decode()
    assert client.get(f"/duties/reports/?region={world.town_a.code}").status_code == 404
    rows = workbook_rows(client.get("/duties/reports/export/"))
    assert world.org_a.name not in [row[0] for row in rows]


def test_the_secretary_records_their_own_organization_only(world, login):
    client = login("secretary")
    assert client.post("/duties/commitments/new/", commitment_data(world)).status_code == 302
    response = client.post(
        "/duties/commitments/new/", commitment_data(world, organization=world.org_b.code)
    )
    assert "不存在或不在您的管辖范围内" in response.content.decode()
    assert Commitment.objects.count() == 1
    assert login("leader").get("/duties/reports/new/").status_code == 403
    assert login("leader").get("/duties/reports/").status_code == 200
    assert login("instructor").get("/duties/").status_code == 403


def test_editing_a_report_recomputes_its_grade(world, login, duties):
    report = duties.report(world.org_a, "superior", scores=("95", "95", "95"))
    assert report.grade == "excellent"
    client = login("town_a_admin")
    page = client.get(f"/duties/reports/{report.pk}/edit/").content.decode()
    assert world.org_a.code in page and "30 : 30 : 40" in page
    client.post(f"/duties/reports/{report.pk}/edit/", report_data(world, member_score="20"))
    report.refresh_from_db()
    # 80×0.3 + 90×0.3 + 20×0.4 = 59.00, under 基本称职's 60.
    assert report.total == Decimal("59.00") and report.get_grade_display() == "不称职"


def test_statistics_per_town(world, login, duties):
    duties.commit(world.org_a, self_check="均已兑现", self_checked_on=duties_date())
    duties.commit(world.org_b, actor="town_b_admin")
    duties.report(world.org_a, "superior", scores=("95", "95", "95"))
    duties.report(world.org_a, "members", scores=("80", "80", "80"))
    duties.report(world.org_b, "members", actor="town_b_admin", scores=("50", "50", "50"))
    rows = workbook_rows(
        login("district_admin").get(f"/duties/statistics/export/?year={LAST_YEAR}")
    )
    by_town = {row[0]: row for row in rows}
    # 镇街, 优秀, 称职, 基本称职, 不称职, 未评定, 述职合计, 承诺数, 已兑现, 兑现率
    assert by_town[world.town_a.name][1:] == [1, 1, 0, 0, 0, 2, 1, 1, "100.0%"]
    assert by_town[world.town_b.name][1:] == [0, 0, 0, 1, 0, 1, 1, 0, "0.0%"]
    page = login("town_a_admin").get(f"/duties/statistics/?year={LAST_YEAR}").content.decode()
    assert world.town_a.name in page and world.town_b.name not in page


def duties_date():
    import datetime

    return datetime.date(LAST_YEAR, 12, 15)


def test_the_district_changes_the_weights_on_the_rules_page(world, login, duties):
    from django.urls import reverse

    before = duties.report(world.org_a, "members", scores=("100", "50", "50"))
    assert before.total == Decimal("65.00")  # 30 : 30 : 40
    client = login("district_admin")
    page = client.get(reverse("rules:list")).content.decode()
    assert "述职综合得分：党员测评权重" in page and "[L: 某镇]" in page
    client.post(reverse("rules:list"), {"key": rules.WEIGHT_DAILY, "value": "0"})  # refused
    client.post(reverse("rules:list"), {"key": rules.WEIGHT_DAILY, "value": "40"})
    client.post(reverse("rules:list"), {"key": rules.WEIGHT_MEMBERS, "value": "30"})
    # 40 : 30 : 30 from now on; a report already held keeps its grade.
    report = duties.report(world.org_a, "superior", scores=("100", "50", "50"))
    assert report.total == Decimal("70.00")
    before.refresh_from_db()
    assert before.total == Decimal("65.00")
    assert (
        login("town_a_admin")
        .post(reverse("rules:list"), {"key": rules.WEIGHT_DAILY, "value": "1"})
        .status_code
        == 403
    )


def test_a_secretary_records_the_report_but_not_its_scores(world, login, duties):
    from django.core.exceptions import ValidationError

    from liangxin.duties import services

    client = login("secretary")
    page = client.get("/duties/reports/new/").content.decode()
    assert "上级测评得分" not in page
    data = report_data(world)
    assert client.post("/duties/reports/new/", data).status_code == 302
    report = DutyReport.objects.get()
    assert report.total is None  # the posted scores were not the secretary's to give
    with pytest.raises(ValidationError, match="述职评分由镇街或区级管理员录入"):
        services.report_save(
            actor=world.user("secretary"), report=report, member_score=Decimal("100")
        )
    # The town scores it; the secretary's later edit of the text keeps the scores.
    login("town_a_admin").post(f"/duties/reports/{report.pk}/edit/", data)
    report.refresh_from_db()
    assert report.total == Decimal("89.00")
    client.post(f"/duties/reports/{report.pk}/edit/", {**data, "plan": "下一年计划"})
    report.refresh_from_db()
    assert report.plan == "下一年计划" and report.total == Decimal("89.00")
