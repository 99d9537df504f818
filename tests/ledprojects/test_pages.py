"""领办项目 pages as users meet them (WORK.md §7 LedProject [L:平湖], issue 20): who reads
and who keeps (403), scope (another town and an outsider: 404, nothing listed), overdue
milestones on the keepers' to-do until recorded done, bad input refused in Chinese with
nothing saved (malformed, oversized, duplicate, out of scope), the statistics and the
export of the year's projects and milestones."""

import pytest

from liangxin.core.home import todos_for
from liangxin.ledprojects.models import LedProject, Milestone, RaceResult, RaceRound
from tests.clients import ALL_PERSONAS
from tests.ledprojects.conftest import days, workbook_rows

pytestmark = pytest.mark.django_db

TODO = "ledprojects_overdue_milestone"
TODO_PAGE = "/todos/"


def todo_items(user) -> list[str]:
    found = {due.todo.key: due for due in todos_for(user)}
    return [m.title for m in found[TODO].items] if TODO in found else []


def project_data(world, **changes):
    return {
        "year": str(world_year()),
        "title": "新领办项目",
        "leader_kind": "town",
        "leader_name": "镇长",
        "lead_unit": "",
        "lead_region": str(world.town_a.pk),
        "region": str(world.town_a.pk),
        "targets": "目标一\n目标二",
        "description": "",
        "state": "active",
        **changes,
    }


def world_year() -> int:
    return days(0).year


def progress_data(**changes):
    return {"state": "in_progress", "done_on": "", "progress": "", "evidence": "", **changes}


def test_who_reads_and_who_keeps(world, login, records):
    clients = {persona: login(persona) for persona in ALL_PERSONAS}

    def allowed(url):
        return {p for p, c in clients.items() if c.get(url).status_code == 200}

    readers = {"district_admin", "town_a_admin", "town_b_admin", "secretary", "instructor"}
    for url in ("/ledprojects/", "/ledprojects/rounds/", "/ledprojects/figures/"):
        assert allowed(url) == readers | {"leader", "outsider"}, url
    assert allowed("/ledprojects/new/") == {
        "district_admin", "town_a_admin", "town_b_admin", "outsider",
    }  # fmt: skip
    # The project of town A: the district and town A read and keep it; the leader reads it.
    assert allowed(f"/ledprojects/{records.town.pk}/") == {
        "district_admin", "town_a_admin", "leader",
    }  # fmt: skip
    progress = f"/ledprojects/milestones/{records.overdue.pk}/progress/"
    assert allowed(progress) == {"district_admin", "town_a_admin"}
    assert clients["town_b_admin"].get(progress).status_code == 404
    assert clients["leader"].get(progress).status_code == 403
    assert allowed("/ledprojects/rounds/new/") == {"district_admin"}


def test_a_town_lists_only_its_projects(world, login, records):
    page = login("town_a_admin").get("/ledprojects/").content.decode()
    assert records.town.title in page
    assert records.city.title not in page and records.unit_project.title not in page
    page = login("district_admin").get("/ledprojects/").content.decode()
    assert all(p.title in page for p in (records.city, records.town, records.unit_project))
    assert "暂无领办项目" in login("outsider").get("/ledprojects/").content.decode()
    assert login("town_a_admin").get(f"/ledprojects/?region={world.town_b.code}").status_code == 404


def test_an_overdue_milestone_is_on_the_todo_until_recorded_done(world, login, records):
    """Issue 20: "overdue milestones on the to-do list"."""
    assert todo_items(world.user("town_a_admin")) == ["摸底排查"]
    assert todo_items(world.user("town_b_admin")) == ["制定方案"]
    assert todo_items(world.user("district_admin")) == ["摸底排查", "制定方案"]
    assert todo_items(world.user("leader")) == []  # reads only: nothing to do
    todo_page = login("town_a_admin").get(TODO_PAGE).content.decode()
    assert "领办项目节点逾期" in todo_page and "共富工坊提质扩面：摸底排查" in todo_page
    assert f"应于 {days(-10):%Y-%m-%d} 完成" in todo_page
    page = login("town_a_admin").get(f"/ledprojects/{records.town.pk}/").content.decode()
    assert "已逾期 1" in page and f'milestone-overdue" id="milestone-{records.overdue.pk}' in page

    client = login("town_a_admin")
    url = f"/ledprojects/milestones/{records.overdue.pk}/progress/"
    # 已完成 without the day it was done, and a day ahead of today: refused, nothing saved.
    response = client.post(url, progress_data(state="done", progress="已完成摸底"))
    assert "已完成的节点须填写完成日期" in response.content.decode()
    response = client.post(url, progress_data(state="done", done_on=days(1).isoformat()))
    assert "完成日期不能晚于今天" in response.content.decode()
    records.overdue.refresh_from_db()
    assert records.overdue.state == "in_progress" and records.overdue.progress == ""

    response = client.post(
        url,
        progress_data(
            state="done", done_on=days(-1).isoformat(), progress="已完成摸底",
            evidence="摸底清单（镇党建办存档）\nhttps://example.org/list",
        ),
    )  # fmt: skip
    assert response.status_code == 302
    records.overdue.refresh_from_db()
    assert records.overdue.state == "done" and records.overdue.done_on == days(-1)
    assert todo_items(world.user("town_a_admin")) == []
    assert todo_items(world.user("district_admin")) == ["制定方案"]
    page = client.get(f"/ledprojects/{records.town.pk}/").content.decode()
    assert "逾期完成" in page and "摸底清单（镇党建办存档）" in page


def test_project_form_refuses_bad_input_in_chinese(world, login, records):
    client = login("town_a_admin")
    before = LedProject.objects.count()

    def errors(**changes) -> str:
        response = client.post("/ledprojects/new/", project_data(world, **changes))
        assert response.status_code == 200
        return response.content.decode()

    assert "请输入四位年份" in errors(year="二〇二六")
    assert "项目名称不能超过 120 字" in errors(title="项" * 121)
    assert "项目目标不能超过 2000 字" in errors(targets="目" * 2001)
    assert "该年度已有同名的领办项目" in errors(title=records.town.title)
    assert "成员单位领办的项目须选择领办成员单位" in errors(leader_kind="member_unit")
    assert "市领导领办的项目须填写领办人" in errors(leader_kind="city_leader", leader_name="")
    # Town B and the district are outside town A's scope: as if they did not exist.
    assert "所选项不存在或不在您的管辖范围内" in errors(region=str(world.town_b.pk))
    assert "所选项不存在或不在您的管辖范围内" in errors(lead_region=str(world.district.pk))
    assert "所选项不存在或不在您的管辖范围内" in errors(region="abc")
    assert LedProject.objects.count() == before

    response = client.post("/ledprojects/new/", project_data(world))
    created = LedProject.objects.get(title="新领办项目")
    assert response.status_code == 302 and response["Location"] == f"/ledprojects/{created.pk}/"
    assert created.target_lines == ["目标一", "目标二"]
    # Editing another town's project: 404.
    edit = f"/ledprojects/{records.unit_project.pk}/edit/"
    assert client.post(edit, project_data(world, title="改名")).status_code == 404


def test_a_member_unit_leads_a_project_of_a_town(world, login, records):
    data = project_data(
        world, title="成员单位项目", leader_kind="member_unit", lead_unit=str(records.unit.pk),
        lead_region=str(world.town_a.pk),
    )  # fmt: skip
    assert login("town_a_admin").post("/ledprojects/new/", data).status_code == 302
    project = LedProject.objects.get(title="成员单位项目")
    # The town given with the member unit's kind is dropped, not kept as a second leader.
    assert project.lead_unit == records.unit and project.lead_region is None
    assert project.leader_label.startswith("区市场监管局")


def test_milestone_form_refuses_malformed_oversized_and_duplicate(world, login, records):
    client = login("town_a_admin")
    url = f"/ledprojects/{records.town.pk}/milestones/new/"
    good = {
        "title": "中期推进", "owner": "张三", "due_on": days(20).isoformat(),
        "state": "not_started", "done_on": "", "progress": "", "evidence": "",
    }  # fmt: skip
    before = Milestone.objects.count()
    for changes, message in [
        ({"due_on": "2026-13-45"}, "请输入有效的日期"),
        ({"owner": ""}, "请填写责任人"),
        ({"owner": "人" * 41}, "责任人不能超过 40 字"),
        ({"evidence": "证" * 2001}, "佐证材料不能超过 2000 字"),
        ({"title": "摸底排查"}, "该项目已有同名的节点"),
        ({"state": "finished"}, "选择一个有效的选项"),
    ]:
        response = client.post(url, {**good, **changes})
        assert message in response.content.decode(), changes
    assert Milestone.objects.count() == before
    assert client.post(url, good).status_code == 302
    other = f"/ledprojects/{records.unit_project.pk}/milestones/new/"
    assert client.post(other, {**good, "title": "越权节点"}).status_code == 404
    assert not Milestone.objects.filter(title="越权节点").exists()


def test_rounds_and_results_through_the_pages(world, login, records):
    client = login("district_admin")
    year = str(records.year)
    response = client.post(
        "/ledprojects/rounds/new/",
        {"region": str(world.district.pk), "year": year, "kind": "arena", "title": "擂台赛",
         "held_on": f"{year}-01-02", "remarks": ""},
    )  # fmt: skip
    race = RaceRound.objects.get()
    assert response["Location"] == f"/ledprojects/rounds/{race.pk}/"
    url = f"/ledprojects/rounds/{race.pk}/results/new/"
    data = {"project": str(records.town.pk), "score": "91.5", "award": "一等奖", "comment": ""}
    assert client.post(url, data).status_code == 302
    for changes, message in [
        ({}, "该项目在本次比拼中已有成绩"),
        ({"project": str(records.city.pk), "score": "九十"}, "请输入数字"),
        ({"project": str(records.city.pk), "score": "1000.01"}, "得分过大"),
        ({"project": str(records.city.pk), "score": "90.123"}, "最多保留两位小数"),
        ({"project": str(records.city.pk), "award": "奖" * 21}, "奖项不能超过 20 字"),
        ({"project": "999999"}, "所选项目不存在"),
    ]:
        response = client.post(url, {**data, **changes})
        assert message in response.content.decode(), changes
    assert RaceResult.objects.count() == 1
    bad_date = client.post(
        "/ledprojects/rounds/new/",
        {"region": str(world.district.pk), "year": year, "kind": "arena", "title": "另一场",
         "held_on": "2001-01-01"},
    )  # fmt: skip
    assert "举办日期须在该年度内" in bad_date.content.decode()
    elsewhere = client.post(
        "/ledprojects/rounds/new/",
        {"region": str(world.other_root.pk), "year": year, "kind": "arena", "title": "外区",
         "held_on": f"{year}-01-02"},
    )  # fmt: skip
    assert "所选项不存在或不在您的管辖范围内" in elsewhere.content.decode()
    assert RaceRound.objects.count() == 1
    assert login("outsider").get(f"/ledprojects/rounds/{race.pk}/").status_code == 404
    page = client.get(f"/ledprojects/rounds/{race.pk}/").content.decode()
    assert "1 / 1" in page and "一等奖" in page
    assert login("town_b_admin").get(f"/ledprojects/rounds/{race.pk}/").status_code == 200
    assert (
        records.town.title
        not in login("town_b_admin").get(f"/ledprojects/rounds/{race.pk}/").content.decode()
    )


def test_statistics_share_on_time_and_kinds(world, login, records):
    records.milestone(records.city, "按期节点", -5, state="done", done_on=days(-6))
    records.milestone(records.city, "逾期完成节点", -5, state="done", done_on=days(-2))
    page = login("district_admin").get("/ledprojects/figures/").content.decode()
    # Come due: 2 done + 2 overdue; on time 1 → 25.0%.
    assert '<div class="h5 mb-0" id="on-time-share">25.0%</div>' in page
    assert "1 / 4 个已到期节点" in page
    from liangxin.ledprojects.selectors import statistics

    stats = statistics(user=world.user("district_admin"), year=records.year)
    assert stats.by_kind == [("市领导", 1), ("成员单位", 1), ("镇街", 1)]
    town = statistics(user=world.user("town_a_admin"), year=records.year)
    assert town.project_count == 1 and town.on_time_share == 0 and town.overdue == 1


def test_export_of_the_years_projects_and_milestones_is_scoped(world, login, records):
    response = login("town_a_admin").get(f"/ledprojects/export/?year={records.year}")
    rows = workbook_rows(response)
    titles = {row[1] for row in rows[2:]}
    assert titles == {records.town.title}
    milestones = [row[7] for row in rows[2:]]
    assert milestones == ["摸底排查", "年度验收"]
    assert rows[2][12] == "已逾期"
    everything = workbook_rows(login("district_admin").get("/ledprojects/export/"))
    assert {row[1] for row in everything[2:]} == {
        records.city.title, records.town.title, records.unit_project.title,
    }  # fmt: skip
