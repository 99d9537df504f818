"""The committee pages as users meet them (WORK.md §7): who reads and who keeps (403),
scope (another town, an outsider: 404), bad input refused in Chinese with nothing saved
(malformed dates, oversized text, the same member twice on one committee, a second
secretary, a member out of scope or of another organization), ending a term, the figures
page with its base and as-of date and its xlsx and csv export, the audit trail."""

import datetime

import pytest
from auditlog.models import LogEntry

from liangxin.governance.models import CommitteeMember
from tests.clients import ALL_PERSONAS
from tests.governance.conftest import workbook_rows

pytestmark = pytest.mark.django_db


def data(**changes):
    return {
        "member": "",
        "name": "",
        "party_post": "member",
        "duty": "propaganda",
        "company_title": "",
        "management": "",
        "term_started_on": "2024-03-01",
        "note": "",
        **changes,
    }


def add_url(org):
    return f"/governance/organizations/{org.pk}/new/"


def allowed(login, url):
    return {p for p in ALL_PERSONAS if login(p).get(url).status_code == 200}


def test_who_reads_and_who_keeps(world, login, committees):
    readers = {"district_admin", "town_a_admin", "town_b_admin", "secretary", "instructor"}
    assert allowed(login, "/governance/") == readers | {"leader", "outsider"}
    assert allowed(login, "/governance/figures/") == readers | {"leader", "outsider"}
    committee = f"/governance/organizations/{world.org_a.pk}/"
    assert allowed(login, committee) == {"district_admin", "town_a_admin", "secretary", "leader"}
    assert allowed(login, add_url(world.org_a)) == {"district_admin", "town_a_admin", "secretary"}
    assert login("leader").get(add_url(world.org_a)).status_code == 403
    assert login("instructor").get(add_url(world.org_a)).status_code == 403


def test_out_of_scope_is_not_found(world, login, committees):
    org_b = world.org_b
    for persona in ("town_a_admin", "secretary", "outsider"):
        client = login(persona)
        assert client.get(f"/governance/organizations/{org_b.pk}/").status_code == 404
        assert client.get(add_url(org_b)).status_code == 404
        assert client.post(add_url(org_b), data(name="越权")).status_code == 404
        assert client.get(f"/governance/members/{committees.sec_b.pk}/edit/").status_code == 404
        assert client.get(f"/governance/members/{committees.sec_b.pk}/end/").status_code == 404
    assert login("town_a_admin").get("/governance/figures/?region=KF-01").status_code == 404
    assert not CommitteeMember.objects.filter(name="越权").exists()
    page = login("town_a_admin").get("/governance/").content.decode()
    assert "川姜纺织有限公司党支部" in page and "开发区机械有限公司党支部" not in page


def test_a_secretary_adds_a_committee_member(world, login, committees):
    from tests import factories as f

    newcomer = f.MemberFactory(name="蔡宣", organization=world.org_a, employer=world.ent_a)
    client = login("secretary")
    response = client.post(
        add_url(world.org_a),
        data(member=str(newcomer.public_id), company_title="工会主席", in_union="on"),
    )
    assert response.status_code == 302
    row = CommitteeMember.objects.get(member=newcomer)
    assert row.name == "蔡宣" and row.in_union and row.duty == "propaganda"
    page = client.get(f"/governance/organizations/{world.org_a.pk}/").content.decode()
    assert "蔡宣" in page and "工会" in page
    assert world.member_a_id_number not in page  # no ID numbers on the page
    entry = LogEntry.objects.get_for_object(row).get()
    assert entry.actor == world.user("secretary")


def form_errors(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_bad_input_is_refused_in_chinese(world, login, committees):
    client = login("town_a_admin")
    before = CommitteeMember.objects.count()
    url = add_url(world.org_a)
    # The same member twice on one committee at once.
    page = form_errors(client.post(url, data(member=str(world.member_a.public_id))))
    assert "已是本组织班子成员" in page
    # A second secretary while one is in office.
    page = form_errors(client.post(url, data(name="第二书记", party_post="secretary")))
    assert "本组织已有在任书记" in page
    # Neither member nor name.
    assert "请选择党员或填写姓名" in form_errors(client.post(url, data()))
    # Malformed and out-of-range dates, an unknown post.
    page = form_errors(client.post(url, data(name="甲", term_started_on="2024-13-45")))
    assert "请输入有效日期" in page
    page = form_errors(client.post(url, data(name="甲", term_started_on="1900-01-01")))
    assert "不在合理范围内" in page
    assert "有效" in form_errors(client.post(url, data(name="甲", party_post="king")))
    # Oversized text.
    page = form_errors(client.post(url, data(name="长" * 51)))
    assert "50" in page and "长" * 51 in page  # the input is kept, the limit said
    assert "200" in form_errors(client.post(url, data(name="甲", note="注" * 201)))
    # A member out of scope (开发区), malformed, and one of another organization.
    page = form_errors(client.post(url, data(member=str(world.member_b.public_id))))
    assert "不存在或不在您的管辖范围内" in page
    page = form_errors(client.post(url, data(member="not-a-uuid")))
    assert "党员" in page
    district = login("district_admin")
    page = form_errors(district.post(url, data(member=str(world.member_b.public_id))))
    assert "组织关系不在本党组织" in page
    assert CommitteeMember.objects.count() == before


def test_editing_and_ending_a_term(world, login, committees):
    client = login("town_a_admin")
    row = committees.mem_a
    edit = f"/governance/members/{row.pk}/edit/"
    assert str(world.org_a.name) in client.get(edit).content.decode()
    response = client.post(
        edit, data(member=str(row.member.public_id), management="senior", duty="discipline")
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.management == "senior" and row.duty == "discipline"
    end = f"/governance/members/{row.pk}/end/"
    page = form_errors(client.post(end, {"term_ended_on": "2020-01-01"}))
    assert "离任日期不能早于任职日期" in page
    assert (
        client.post(end, {"term_ended_on": "2025-01-31", "end_reason": "调离"}).status_code == 302
    )
    row.refresh_from_db()
    assert row.term_ended_on == datetime.date(2025, 1, 31) and row.end_reason == "调离"
    assert client.get(end).status_code == 404  # ended already
    # Once ended, the member may join again later.
    response = client.post(
        add_url(world.org_a), data(member=str(row.member.public_id), term_started_on="2025-03-01")
    )
    assert response.status_code == 302
    # ...but not in a period that overlaps the ended term.
    page = form_errors(
        client.post(
            f"/governance/members/{CommitteeMember.objects.latest('id').pk}/edit/",
            data(member=str(row.member.public_id), term_started_on="2024-06-01"),
        )
    )
    assert "已是本组织班子成员" in page


def test_the_figures_page_and_its_exports(world, login, committees):
    client = login("district_admin")
    page = client.get("/governance/figures/?as_of=2025-06-30").content.decode()
    assert "统计日：2025年6月30日" in page and "口径：" in page and "组织关系" in page
    assert "川姜镇" in page and "开发区" in page
    assert client.get("/governance/figures/?as_of=garbage").status_code == 200
    rows = workbook_rows(client.get("/governance/figures/export/?as_of=2025-06-30"))
    header = next(r for r in rows if r and r[0] == "区域")
    total = next(r for r in rows if r and r[0] == "合计")
    assert total[header.index("党建入章企业")] == 2
    assert total[header.index("书记、副书记在高管层比例（%）")] == 75
    response = client.get("/governance/figures/export.csv?as_of=2025-06-30")
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "口径：" in text and "合计" in text and "60.0" in text
    town_csv = login("town_a_admin").get("/governance/figures/export.csv").content.decode()
    assert "开发区" not in town_csv


def test_a_person_not_in_the_ledger_is_not_added_twice(world, login, committees):
    client = login("town_b_admin")
    page = form_errors(client.post(add_url(world.org_b), data(name=" 外派张三 ")))
    assert "已是本组织班子成员" in page
    assert CommitteeMember.objects.filter(name="外派张三").count() == 1
    # A reader cannot write, whatever they post.
    response = login("leader").post(add_url(world.org_b), data(name="领导"))
    assert response.status_code == 403
    assert not CommitteeMember.objects.filter(name="领导").exists()


def test_a_secretary_other_than_the_registrys_is_pointed_out(world, login, committees):
    world.org_a.secretary = world.member_a
    world.org_a.save()
    client = login("town_a_admin")
    url = f"/governance/organizations/{world.org_a.pk}/"
    assert "secretary-mismatch" not in client.get(url).content.decode()
    world.org_a.secretary = committees.a2
    world.org_a.save()
    assert "组织台账登记的书记为郑文" in client.get(url).content.decode()
