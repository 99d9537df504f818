"""The specialists' pages: every page answers in scope, another town sees nothing (404),
roles without the right get 403, bad input is refused in Chinese with nothing saved, the
contact may open a request (channel 助企专员), the lists export as xlsx, and the figures
match a hand-computed table."""

import datetime
import io

import pytest
from django.utils import timezone
from python_calamine import CalamineWorkbook

from liangxin.requests.models import Request, RequestCategory
from liangxin.specialists.models import Assignment, Cadence, Contact, Specialist
from tests.specialists.conftest import assign, cadence, contact

D = datetime.date
PAGES = [
    "/specialists/",
    "/specialists/teams/",
    "/specialists/assignments/",
    "/specialists/cadences/",
    "/specialists/contacts/",
    "/specialists/missed/",
    "/specialists/figures/",
]
EXPORTS = [
    "/specialists/export/",
    "/specialists/assignments/export/",
    "/specialists/contacts/export/",
    "/specialists/missed/export/",
    "/specialists/figures/export/",
]


def sheet(response) -> list[list]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return book.get_sheet_by_index(0).to_python()


def body(response) -> str:
    return response.content.decode()


@pytest.fixture
def served(world, specialist):
    a = assign(specialist, world.ent_a, D(2026, 1, 5))
    contact(a, "weekly", D(2026, 1, 6), findings="反映招工难")
    return a


def test_every_page_answers_the_town_and_refuses_the_administrators(served, login):
    clients = {p: login(p) for p in ("town_a_admin", "leader", "audit_admin", "system_admin")}
    for url in PAGES + EXPORTS:
        codes = {persona: client.get(url).status_code for persona, client in clients.items()}
        assert codes == {
            "town_a_admin": 200,
            "leader": 200,
            "audit_admin": 403,
            "system_admin": 403,
        }, url


def test_another_town_sees_nothing_and_gets_404(world, served, login, specialist):
    other = login("town_b_admin")
    assert other.get(f"/specialists/{specialist.pk}/").status_code == 404
    assert other.get(f"/specialists/{specialist.pk}/edit/").status_code == 404
    assert other.get(f"/specialists/assignments/{served.pk}/end/").status_code == 404
    for url in ("/specialists/", "/specialists/assignments/", "/specialists/contacts/"):
        assert "周建华" not in body(other.get(url)) and "川姜纺织" not in body(other.get(url))
    assert "周建华" in body(login("town_a_admin").get("/specialists/"))
    assert len(sheet(other.get("/specialists/contacts/export/"))) <= 2  # title and headers


def test_roles_that_may_not_manage_get_403(world, served, login):
    for persona in ("secretary", "leader"):
        client = login(persona)
        assert client.get("/specialists/new/").status_code == 403
        assert client.get("/specialists/assignments/new/").status_code == 403
        assert client.get("/specialists/contacts/new/").status_code == 403
    weekly = cadence("weekly")
    assert login("town_a_admin").get(f"/specialists/cadences/{weekly.pk}/").status_code == 403
    assert login("district_admin").get(f"/specialists/cadences/{weekly.pk}/").status_code == 200


def test_a_linked_grid_officer_logs_only_their_own(world, served, login, specialist):
    other = Specialist.objects.create(
        name="吴律师", kind="lawyer", employer="律所", region=world.town_a, start=D(2020, 1, 1)
    )
    theirs = assign(other, world.ent_a2, D(2026, 1, 5))
    client = login("grid_a")
    page = body(client.get("/specialists/contacts/new/"))
    assert "川姜纺织有限公司（周建华）" in page and "川姜电子有限公司" not in page
    response = client.post("/specialists/contacts/new/", contact_form(theirs))
    assert response.status_code == 200 and "选择一个有效的选项" in body(response)
    assert Contact.objects.filter(assignment=theirs).count() == 0


def specialist_form(world, **changes):
    data = {
        "name": "吴律师",
        "kind": "lawyer",
        "employer": "县律师事务所",
        "region": world.town_a.pk,
        "team": "",
        "start": "2026-01-01",
        "end": "",
        "user": "",
    }
    return {**data, **changes}


def contact_form(assignment, **changes):
    data = {
        "assignment": assignment.pk,
        "cadence": cadence("weekly").pk,
        "date": timezone.localdate().isoformat(),
        "mode": "window",
        "findings": "企业反映招工难",
        "urgency": "general",
        "submitter_name": "",
    }
    return {**data, **changes}


def test_a_town_admin_registers_a_specialist_and_assigns_a_key_enterprise(world, login, grid_user):
    client = login("town_a_admin")
    response = client.post("/specialists/new/", specialist_form(world, user="grid_a"))
    created = Specialist.objects.get(name="吴律师")
    assert response.status_code == 302 and created.user == grid_user
    world.ent_a.above_scale = True
    world.ent_a.save()
    response = client.post(
        "/specialists/assignments/new/",
        {"specialist": created.pk, "enterprise": world.ent_a.uscc, "start": "2026-02-01"},
    )
    assert response.status_code == 302
    assert Assignment.objects.get().enterprise == world.ent_a
    found = client.get("/pickers/key_enterprises/", {"q": "川姜"}).json()
    names = [option["text"] for option in found["results"]] if "results" in found else found
    assert any("川姜纺织" in str(name) for name in names)
    assert not any("川姜电子" in str(name) for name in names)  # not a key enterprise


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start": "2026-13-40"}, "请输入有效的日期（年-月-日）"),
        ({"name": "长" * 41}, "41"),
        ({"start": "2026-05-01", "end": "2026-04-01"}, "结束日期不能早于开始日期"),
        ({"region": "999999"}, "选择一个有效的选项"),
        ({"user": "nobody"}, "账号不存在"),
        ({"user": "leader"}, "只能关联网格员、党建指导员或管理员的账号"),
    ],
)
def test_bad_specialist_input_is_refused_in_chinese(world, login, changes, message):
    response = login("town_a_admin").post("/specialists/new/", specialist_form(world, **changes))
    assert response.status_code == 200 and message in body(response)
    assert not Specialist.objects.filter(employer="县律师事务所").exists()


def test_another_towns_region_and_a_duplicate_specialist_are_refused(world, login, specialist):
    client = login("town_a_admin")
    response = client.post("/specialists/new/", specialist_form(world, region=world.town_b.pk))
    assert "选择一个有效的选项" in body(response)
    same = specialist_form(world, name="周建华", employer="川姜镇经发办")
    assert "该区域已登记同名、同单位的专员" in body(client.post("/specialists/new/", same))
    assert Specialist.objects.count() == 1


def test_duplicate_and_out_of_scope_assignments_are_refused(world, login, specialist, served):
    client = login("town_a_admin")

    def post(**changes):
        data = {"specialist": specialist.pk, "enterprise": world.ent_a.uscc, "start": "2026-03-01"}
        return body(client.post("/specialists/assignments/new/", {**data, **changes}))

    assert "该专员已包联该企业（包联期重叠）" in post()
    refused = post(enterprise=world.ent_b.uscc)
    assert f"企业“{world.ent_b.uscc}”不存在或不在您的管辖范围内" in refused
    assert "请输入有效的日期（年-月-日）" in post(start="2026-02-30")
    assert "包联开始须在专员任期内" in post(enterprise=world.ent_a2.uscc, start="2019-01-01")
    assert Assignment.objects.count() == 1


def test_a_contact_with_bad_input_saves_nothing(world, login, served):
    client = login("town_a_admin")
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    cases = [
        ({"date": "2026-12-99"}, "请输入有效的日期（年-月-日）"),
        ({"date": tomorrow}, "联系日期不能晚于今天"),
        ({"date": "2025-12-31"}, "联系日期须在包联期内"),
        ({"findings": "问" * 2001}, "2001"),
        ({"findings": ""}, "该字段是必填项"),
        ({"open_request": "on"}, "转为诉求时请至少选择一个诉求类别"),
    ]
    for changes, message in cases:
        response = client.post("/specialists/contacts/new/", contact_form(served, **changes))
        assert response.status_code == 200 and message in body(response), changes
    assert Contact.objects.count() == 1 and not Request.objects.exists()


def test_a_contact_opens_a_request_through_the_request_loop(world, login, served):
    category = RequestCategory.objects.get(name="用工", parent=None)
    data = contact_form(
        served, open_request="on", categories=[category.pk], submitter_name="李经理"
    )
    response = login("town_a_admin").post("/specialists/contacts/new/", data)
    assert response.status_code == 302
    logged = Contact.objects.latest("pk")
    request = logged.request
    assert request.channel == "specialist" and request.enterprise == world.ent_a
    assert request.content == "企业反映招工难" and request.state == "received"
    assert "转办" in body(login("town_a_admin").get("/specialists/contacts/"))


def test_the_district_admin_edits_a_cadence(world, login):
    weekly = cadence("weekly")
    data = {
        "name": "每周一坐诊",
        "frequency": "weekly",
        "performer": "助企专员",
        "done_when": "每周窗口坐诊半天",
        "counts_missed": "",
        "active": "on",
        "source": "本区调整",
    }
    response = login("district_admin").post(f"/specialists/cadences/{weekly.pk}/", data)
    assert response.status_code == 302
    weekly.refresh_from_db()
    assert weekly.counts_missed is False and weekly.source == "本区调整"
    assert "本区调整" in body(login("town_a_admin").get("/specialists/cadences/"))
    assert Cadence.objects.count() == 5


def test_the_missed_list_filters_and_exports(world, login, specialist):
    year = timezone.localdate().year - 1
    a = assign(specialist, world.ent_a, D(year, 1, 1))
    for month in range(1, 13):
        contact(a, "monthly", D(year, month, 2))
    client = login("town_a_admin")
    query = {"year": year, "cadence": cadence("monthly").pk}
    assert "没有未落实的联系频次" in body(client.get("/specialists/missed/", query))
    query["cadence"] = cadence("quarterly").pk
    rows = sheet(client.get("/specialists/missed/export/", query))
    assert [r[0] for r in rows[2:]] == ["每季一会诊"] * 4
    assert rows[2][4] == "川姜纺织有限公司"
    query["region"] = world.town_b.code
    assert client.get("/specialists/missed/", query).status_code == 404  # not its region
    district = login("district_admin")
    assert "没有未落实的联系频次" in body(district.get("/specialists/missed/", query))
    query["region"] = world.town_a.code
    assert "川姜纺织有限公司" in body(district.get("/specialists/missed/", query))


def test_the_figures_match_a_hand_computed_table(world, login, specialist):
    """Last year, 川姜镇: one 年轻干部 and one 律师, two enterprises served; the weekly and
    monthly contacts of one enterprise every period; the other one has none.
    Owed: 2 × (52 or 53 weeks + 12 months + 4 quarters + 1 year); met: one enterprise's
    weeks and months."""
    year = timezone.localdate().year - 1
    lawyer = Specialist.objects.create(
        name="吴律师", kind="lawyer", employer="律所", region=world.town_a, start=D(year, 1, 1)
    )
    a = assign(specialist, world.ent_a, D(year - 1, 12, 1))
    assign(lawyer, world.ent_a2, D(year - 1, 12, 1))
    from liangxin.specialists.periods import ended_between

    weeks = ended_between(D(year, 1, 1), D(year + 1, 1, 1), "weekly")
    for week in weeks:
        contact(a, "weekly", week.end)
    for month in range(1, 13):
        contact(a, "monthly", D(year, month, 28))
    client = login("district_admin")
    response = client.get("/specialists/figures/export/", {"year": year})
    rows = sheet(response)
    header, town = rows[1], next(r for r in rows if r[0] == "川姜镇")
    row = dict(zip(header, town, strict=True))
    owed = 2 * (len(weeks) + 12 + 4 + 1)
    met = len(weeks) + 12
    assert row["专员数"] == 2 and row["年轻干部"] == 1 and row["律师"] == 1
    assert row["其中干部"] == 1 and row["其中专业人士"] == 1
    assert row["服务企业数"] == 2 and row["联系次数"] == len(weeks) + 12
    assert row["应落实频次"] == owed and row["已落实频次"] == met
    assert row["频次落实率（%）"] == round(100 * met / owed, 1)
    assert "川姜镇" in body(client.get("/specialists/figures/", {"year": year}))


def test_the_exports_hold_the_rows_of_the_scope(world, login, served):
    client = login("town_a_admin")
    rows = sheet(client.get("/specialists/export/"))
    assert rows[1][:3] == ["姓名", "类别", "工作单位"] and rows[2][:2] == ["周建华", "年轻干部"]
    rows = sheet(client.get("/specialists/assignments/export/"))
    assert rows[2][2] == "川姜纺织有限公司"
    rows = sheet(client.get("/specialists/contacts/export/"))
    assert rows[2][1] == "每周一坐诊" and rows[2][6] == "反映招工难"


def test_an_instructor_linked_to_a_specialist_sees_and_logs_their_own(world, login):
    """An instructor's scope is its assigned enterprises (ent_a2); as a specialist it also sees
    its own assignment to ent_a and logs it, while another specialist's stays hidden."""
    mine = Specialist.objects.create(
        name="王指导", kind="township", employer="区社工部", region=world.town_a,
        start=D(2020, 1, 1), user=world.user("instructor"),
    )  # fmt: skip
    other = Specialist.objects.create(
        name="吴律师", kind="lawyer", employer="律所", region=world.town_b, start=D(2020, 1, 1)
    )
    own = assign(mine, world.ent_a, D(2026, 1, 5))
    hidden = assign(other, world.ent_b, D(2026, 1, 5))
    client = login("instructor")
    assert client.get(f"/specialists/{mine.pk}/").status_code == 200
    assert client.get(f"/specialists/{other.pk}/").status_code == 404
    assert "川姜纺织有限公司" in body(client.get("/specialists/assignments/"))
    response = client.post("/specialists/contacts/new/", contact_form(own))
    assert response.status_code == 302 and Contact.objects.get().assignment == own
    response = client.post("/specialists/contacts/new/", contact_form(hidden))
    assert response.status_code == 200 and Contact.objects.count() == 1


def test_a_town_admin_edits_a_specialist_and_ends_an_assignment(world, login, served):
    client = login("town_a_admin")
    specialist = served.specialist
    data = specialist_form(world, name="周建华", employer="川姜镇党政办", kind="young")
    response = client.post(f"/specialists/{specialist.pk}/edit/", data)
    assert response.status_code == 302
    specialist.refresh_from_db()
    assert specialist.employer == "川姜镇党政办" and specialist.user is None
    early = client.post(f"/specialists/assignments/{served.pk}/end/", {"end": "2025-01-01"})
    assert "包联结束不能早于开始" in body(early)
    ended = client.post(f"/specialists/assignments/{served.pk}/end/", {"end": "2026-06-30"})
    assert ended.status_code == 302
    served.refresh_from_db()
    assert served.end == D(2026, 6, 30)


def test_a_grid_officers_specialist_is_not_assigned_outside_its_grid(world, login, specialist):
    from tests import factories as f

    outside = f.EnterpriseFactory(name="川姜机械有限公司", region=world.town_a)
    data = {"specialist": specialist.pk, "enterprise": outside.uscc, "start": "2026-03-01"}
    response = login("town_a_admin").post("/specialists/assignments/new/", data)
    assert "该企业不在专员关联账号的管辖区域内" in body(response)
    assert not Assignment.objects.exists()
