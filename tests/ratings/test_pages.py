"""The rating pages (WORK.md §3 workflow) for each persona: rubrics, cycles, one rating
through self-assessment, town review, district approval, 公示 and result; out of scope is
404, a role or an account that may not act is 403 (a secretary never sets their own
organization's result), bad input comes back in Chinese with nothing lost."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from python_calamine import CalamineWorkbook

from liangxin.organizations.models import PartyOrganization
from liangxin.ratings import services
from liangxin.ratings.models import (
    CycleState,
    Item,
    ItemScore,
    Objection,
    Rating,
    RatingCycle,
    RatingState,
    Rubric,
)
from tests.ratings.conftest import rubric_named

B = "非公企业党组织五星评定"


@pytest.fixture
def cycle(world):
    return services.cycle_open(
        actor=world.user("district_admin"), rubric=rubric_named(B), year=2026, region=world.district
    )


def rating_of(cycle, organization) -> Rating:
    return Rating.objects.get(cycle=cycle, organization=organization)


def typed_items(cycle):
    return [
        item
        for item in Item.objects.filter(dimension__rubric=cycle.rubric, is_bonus=False)
        if not services.computable(item)
    ]


def self_post(cycle, *, action="submit", override=None) -> dict:
    """The secretary's form: full marks on every typed item (``override``: {item: value})."""
    data = {"action": action}
    for item in typed_items(cycle):
        data[f"score_{item.pk}"] = str(item.max_points)
        data[f"comment_{item.pk}"] = "材料齐全"
    for item, value in (override or {}).items():
        data[f"score_{item.pk}"] = value
    return data


def url(name: str, *args) -> str:
    from django.urls import reverse

    return reverse(f"ratings:{name}", args=args)


def text(response) -> str:
    return response.content.decode()


def submitted(login, cycle, world) -> Rating:
    rating = rating_of(cycle, world.org_a)
    login("secretary").post(url("self-assess", rating.pk), self_post(cycle))
    rating.refresh_from_db()
    assert rating.state == RatingState.SUBMITTED
    return rating


def reviewed(login, cycle, world) -> Rating:
    rating = submitted(login, cycle, world)
    response = login("town_a_admin").post(url("review", rating.pk), {"satisfaction": "95"})
    assert response.status_code == 302
    rating.refresh_from_db()
    assert rating.state == RatingState.TOWN_REVIEWED
    return rating


# --- rubrics --------------------------------------------------------------------------------


def test_rubric_pages_for_the_district(world, login):
    client = login("district_admin")
    listing = text(client.get(url("rubrics")))
    assert B in listing and "导入细则" in listing
    rubric = rubric_named(B)
    detail = text(client.get(url("rubric", rubric.pk)))
    for shown in ("党组织班子", "按期换届", "organizations.term", "一票否决", "邹城", "陕西"):
        assert shown in detail
    assert "生成新版本" in detail


def test_a_town_reads_rubrics_but_does_not_edit_them(world, login):
    client = login("town_a_admin")
    rubric = rubric_named(B)
    assert client.get(url("rubric", rubric.pk)).status_code == 200
    assert "生成新版本" not in text(client.get(url("rubric", rubric.pk)))
    assert client.get(url("rubric-import")).status_code == 403
    assert client.post(url("rubric-new-version", rubric.pk)).status_code == 403
    assert Rubric.objects.filter(name=B).count() == 1


def test_an_exported_rubric_imports_back_as_a_new_version(world, login):
    client = login("district_admin")
    rubric = rubric_named(B)
    response = client.get(url("rubric-export", rubric.pk))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    assert rows.to_python()[0][0] == "类型"
    upload = io.BytesIO(response.content)
    upload.name = "细则.xlsx"
    response = client.post(url("rubric-import"), {"file": upload})
    copy = Rubric.objects.get(name=B, version=2)
    assert response.status_code == 302 and response["Location"] == url("rubric", copy.pk)
    assert copy.dimensions.count() == rubric.dimensions.count()


def test_a_malformed_rubric_file_is_refused_in_chinese_and_nothing_imported(world, login):
    client = login("district_admin")
    before = Rubric.objects.count()
    upload = io.BytesIO(b"PK\x03\x04 not really a workbook")
    upload.name = "坏文件.xlsx"
    response = client.post(url("rubric-import"), {"file": upload})
    assert response.status_code == 200
    assert "文件有错误，未导入任何内容" in text(response)
    assert Rubric.objects.count() == before


def test_a_rubric_file_with_bad_rows_lists_each_row(world, login):
    from liangxin.core.spreadsheets import write_xlsx
    from liangxin.ratings import rubric_file

    stream = io.BytesIO()
    rows = list(rubric_file._rows(rubric_named(B)))
    item_row = next(i for i, row in enumerate(rows) if row[0] == "项目")
    rows[item_row][3] = "十分"  # points not a number
    write_xlsx(stream, rubric_file.HEADERS, rows, sheet=rubric_file.SHEET)
    stream.seek(0)
    stream.name = "细则.xlsx"
    before = Rubric.objects.count()
    response = login("district_admin").post(url("rubric-import"), {"file": stream})
    errors = re.findall(r"<li>(第 \d+ 行[^<]*)</li>", text(response))
    assert errors and "“分值”" in errors[0]
    assert Rubric.objects.count() == before


def test_new_version_opens_the_copy(world, login):
    rubric = rubric_named(B)
    response = login("district_admin").post(url("rubric-new-version", rubric.pk))
    copy = Rubric.objects.get(name=B, version=2)
    assert response["Location"] == url("rubric", copy.pk)


# --- cycles ---------------------------------------------------------------------------------


def test_the_district_opens_a_cycle_for_a_town(world, login):
    client = login("district_admin")
    assert "开启评定" in text(client.get(url("cycles")))
    form = text(client.get(url("cycle-open")))
    assert "川姜镇" in form and "外区" not in form
    response = client.post(
        url("cycle-open"),
        {
            "rubric": rubric_named(B).pk,
            "region": world.town_a.pk,
            "year": 2026,
            "publicity_days": 5,
        },
    )
    cycle = RatingCycle.objects.get()
    assert response["Location"] == url("cycle", cycle.pk)
    assert list(cycle.ratings.values_list("organization__code", flat=True)) == ["ORG-A"]


def test_opening_the_same_cycle_twice_says_why_and_keeps_the_form(world, login, cycle):
    response = login("district_admin").post(
        url("cycle-open"),
        {"rubric": cycle.rubric.pk, "region": world.district.pk, "year": 2026, "publicity_days": 7},
    )
    assert response.status_code == 200
    assert "已按此细则开启评定" in text(response)
    assert 'value="7"' in text(response)
    assert RatingCycle.objects.count() == 1


def test_only_the_district_opens_cycles(world, login):
    for persona in ("town_a_admin", "secretary", "leader"):
        assert login(persona).get(url("cycle-open")).status_code == 403
    response = login("town_a_admin").post(
        url("cycle-open"),
        {"rubric": rubric_named(B).pk, "region": world.town_a.pk, "year": 2026},
    )
    assert response.status_code == 403
    assert not RatingCycle.objects.exists()


def test_cycle_detail_shows_progress_by_town_in_scope(world, login, cycle):
    district = text(login("district_admin").get(url("cycle", cycle.pk)))
    assert "川姜镇" in district and "开发区" in district and "开始公示" in district
    town = text(login("town_a_admin").get(url("cycle", cycle.pk)))
    assert "川姜纺织有限公司党支部" in town
    assert "开发区机械有限公司党支部" not in town and "开始公示" not in town
    assert login("outsider").get(url("cycle", cycle.pk)).status_code == 404


def test_the_cycles_results_export_holds_the_users_scope(world, login, cycle):
    response = login("town_a_admin").get(url("cycle-export", cycle.pk))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    cells = [str(cell) for row in sheet.to_python() for cell in row]
    assert "ORG-A" in cells and "ORG-B" not in cells
    assert login("outsider").get(url("cycle-export", cycle.pk)).status_code == 404


def test_only_the_district_publicizes_and_finalizes(world, login, cycle):
    for name in ("publicize", "finalize"):
        assert login("town_a_admin").post(url(name, cycle.pk)).status_code == 403
        assert login("secretary").post(url(name, cycle.pk)).status_code == 403
    response = login("district_admin").post(url("publicize", cycle.pk), follow=True)
    assert "还有 2 个党组织未完成区审定，不能公示" in text(response)
    assert RatingCycle.objects.get(pk=cycle.pk).state == CycleState.OPEN


# --- the secretary's self-assessment --------------------------------------------------------


def test_the_secretary_lands_on_their_rating_and_sees_only_the_self_assessment(world, login, cycle):
    rating = rating_of(cycle, world.org_a)
    client = login("secretary")
    assert client.get(url("index"))["Location"] == url("rating", rating.pk)
    page = text(client.get(url("rating", rating.pk)))
    assert 'id="self-form"' in page
    for hidden in ('id="review-form"', 'id="return-form"', "审定通过", "审核通过"):
        assert hidden not in page


def test_auto_items_show_their_computation_and_records_and_are_never_typed(world, login, cycle):
    rating = rating_of(cycle, world.org_a)
    page = text(login("secretary").get(url("rating", rating.pk)))
    term = Item.objects.get(dimension__rubric=cycle.rubric, text="按期换届")
    assert f'name="score_{term.pk}"' not in page
    assert "平台数据（截至" in page and "查看记录" in page
    assert f"/organizations/{world.org_a.code}/" in page
    typed = Item.objects.get(dimension__rubric=cycle.rubric, text="党员发挥先锋模范作用")
    assert f'name="score_{typed.pk}"' in page
    # posted anyway: ignored, the platform computes it
    data = self_post(cycle, action="save")
    data[f"score_{term.pk}"] = "6"
    login("secretary").post(url("self-assess", rating.pk), data)
    row = ItemScore.objects.filter(rating=rating, item=term).first()
    assert row is None or row.self_score is None


def test_a_score_above_the_items_points_is_refused_and_nothing_is_lost(world, login, cycle):
    rating = rating_of(cycle, world.org_a)
    item = Item.objects.get(dimension__rubric=cycle.rubric, text="党员发挥先锋模范作用")  # 6
    data = self_post(cycle, override={item: "7"})
    response = login("secretary").post(url("self-assess", rating.pk), data)
    assert response.status_code == 200
    page = text(response)
    assert "得分不能超过该项分值 6 分" in page
    assert f'name="score_{item.pk}" value="7"' in page  # what was typed comes back
    assert page.count('value="材料齐全"') == len(typed_items(cycle))
    assert not ItemScore.objects.filter(rating=rating, self_score__isnull=False).exists()
    assert Rating.objects.get(pk=rating.pk).state == RatingState.DRAFT


def test_a_submit_with_items_missing_keeps_the_draft_and_says_which(world, login, cycle):
    rating = rating_of(cycle, world.org_a)
    item = Item.objects.get(dimension__rubric=cycle.rubric, text="党员发挥先锋模范作用")
    response = login("secretary").post(
        url("self-assess", rating.pk), self_post(cycle, override={item: ""})
    )
    assert "以下项目尚未自评：党员发挥先锋模范作用" in text(response)
    rating.refresh_from_db()
    assert rating.state == RatingState.DRAFT
    assert (
        ItemScore.objects.filter(rating=rating, self_score__isnull=False).count()
        == len(typed_items(cycle)) - 1
    )


# --- nobody sets their own organization's result --------------------------------------------


def test_a_secretary_can_never_set_their_own_organizations_result(world, login, cycle):
    rating = submitted(login, cycle, world)
    client = login("secretary")
    page = text(client.get(url("rating", rating.pk)))
    assert 'id="review-form"' not in page and 'id="return-form"' not in page
    for name, data in (
        ("review", {"satisfaction": "100"}),
        ("approve", {"satisfaction": "100"}),
        ("return", {"reason": "自己退回"}),
        ("objection-add", {"text": "x"}),
        ("category", {"category": "model", "reason": "自定"}),
    ):
        assert client.post(url(name, rating.pk), data).status_code == 403, name
    for name in ("publicize", "finalize"):
        assert client.post(url(name, cycle.pk)).status_code == 403
    assert client.post(url("objection-answer", rating.pk, 1), {"answer": "x"}).status_code == 403
    assert client.post(url("history", world.org_a.code), {"kind": "remove"}).status_code == 403
    rating.refresh_from_db()
    assert rating.state == RatingState.SUBMITTED and rating.satisfaction is None
    assert rating.category_reason == ""


def test_a_reviewer_who_holds_the_organization_is_refused(world, login, cycle):
    """A town admin whose account also holds the organization (say, its secretary)."""
    holder = world.user("town_a_admin")
    holder.organizations.add(world.org_a)
    rating = rating_of(cycle, world.org_a)
    services.rating_self_score(
        actor=world.user("district_admin"),
        rating=rating,
        scores={item: item.max_points for item in typed_items(cycle)},
    )
    services.rating_self_submit(actor=world.user("district_admin"), rating=rating)
    client = login("town_a_admin")
    assert 'id="review-form"' not in text(client.get(url("rating", rating.pk)))
    assert client.post(url("review", rating.pk), {"satisfaction": "99"}).status_code == 403


def test_town_b_does_not_see_town_as_ratings(world, login, cycle):
    rating = submitted(login, cycle, world)
    client = login("town_b_admin")
    assert client.get(url("rating", rating.pk)).status_code == 404
    assert client.post(url("review", rating.pk), {"satisfaction": "90"}).status_code == 404
    assert client.post(url("return", rating.pk), {"reason": "x"}).status_code == 404
    assert login("outsider").get(url("rating", rating.pk)).status_code == 404
    assert (
        login("secretary").get(url("rating", rating_of(cycle, world.org_b).pk)).status_code == 404
    )
    assert Rating.objects.get(pk=rating.pk).state == RatingState.SUBMITTED


# --- review, approval, return ---------------------------------------------------------------


def test_the_town_reviews_with_a_reason_per_changed_item(world, login, cycle):
    rating = submitted(login, cycle, world)
    item = Item.objects.get(dimension__rubric=cycle.rubric, text="党员发挥先锋模范作用")
    client = login("town_a_admin")
    page = text(client.get(url("rating", rating.pk)))
    assert 'id="review-form"' in page and "退回本组织修改自评" in page
    response = client.post(
        url("review", rating.pk),
        {f"score_{item.pk}": "3", f"comment_{item.pk}": "先锋岗材料不全", "satisfaction": "95"},
    )
    assert response.status_code == 302
    row = ItemScore.objects.get(rating=rating, item=item)
    assert (row.self_score, row.town_score, row.town_comment) == (6, 3, "先锋岗材料不全")
    assert Rating.objects.get(pk=rating.pk).state == RatingState.TOWN_REVIEWED


def test_a_review_score_above_the_points_keeps_what_was_typed(world, login, cycle):
    rating = submitted(login, cycle, world)
    item = Item.objects.get(dimension__rubric=cycle.rubric, text="党员发挥先锋模范作用")
    response = login("town_a_admin").post(
        url("review", rating.pk),
        {f"score_{item.pk}": "60", f"comment_{item.pk}": "笔误", "satisfaction": "120"},
    )
    page = text(response)
    assert "得分不能超过该项分值 6 分" in page and "群众满意度应在 0 到 100 之间" in page
    assert 'value="笔误"' in page
    assert Rating.objects.get(pk=rating.pk).state == RatingState.SUBMITTED


def test_a_return_needs_its_reason(world, login, cycle):
    rating = submitted(login, cycle, world)
    client = login("town_a_admin")
    response = client.post(url("return", rating.pk), {"reason": "   "})
    assert response.status_code == 200 and "退回须写明原因" in text(response)
    assert Rating.objects.get(pk=rating.pk).state == RatingState.SUBMITTED
    client.post(url("return", rating.pk), {"reason": "佐证材料不全"})
    rating.refresh_from_db()
    assert (rating.state, rating.return_reason) == (RatingState.DRAFT, "佐证材料不全")
    assert "已退回：佐证材料不全" in text(login("secretary").get(url("rating", rating.pk)))


def test_the_district_returns_to_the_town_with_a_reason(world, login, cycle):
    rating = reviewed(login, cycle, world)
    assert (
        login("town_a_admin").post(url("return", rating.pk), {"reason": "重审"}).status_code == 403
    )
    client = login("district_admin")
    assert "退回镇（园区）重新审核" in text(client.get(url("rating", rating.pk)))
    client.post(url("return", rating.pk), {"reason": "请镇核实先锋岗材料"})
    rating.refresh_from_db()
    assert rating.state == RatingState.SUBMITTED
    assert rating.events.last().comment == "请镇核实先锋岗材料"


def trained_worker(organization):
    """A party worker of ``organization`` trained this year: the rubric's auto item on
    training (training.coverage) holds, as the other auto items do in this world."""
    from liangxin.workforce.models_people import PartyWorker, Training, TrainingAttendance

    today = timezone.localdate()
    worker = PartyWorker.objects.create(
        name="陈静",
        role="secretary",
        region=organization.region,
        organization=organization,
        started_on=datetime.date(2020, 1, 1),
    )
    session = Training.objects.create(
        title="年度轮训",
        level="town",
        organizer="镇党委",
        region=organization.region,
        starts_on=datetime.date(today.year, 1, 2),
        ends_on=datetime.date(today.year, 1, 2),
        hours=8,
    )
    TrainingAttendance.objects.create(training=session, worker=worker, hours=8)


def test_approval_warns_of_distribution_caps_without_blocking(world, login, cycle):
    trained_worker(world.org_a)
    rating = reviewed(login, cycle, world)
    response = login("district_admin").post(url("approve", rating.pk), {}, follow=True)
    rating.refresh_from_db()
    assert rating.state == RatingState.APPROVED
    assert "四星 1 个，占 100%，超过比例控制 20%（仅作提示）" in text(response)
    cycle_page = text(login("district_admin").get(url("cycle", cycle.pk)))
    assert "仅作提示" in cycle_page


def test_a_veto_needs_its_facts_on_the_form(world, login, cycle):
    rating = submitted(login, cycle, world)
    veto = cycle.rubric.vetoes.first()
    response = login("town_a_admin").post(
        url("review", rating.pk), {f"veto-on_{veto.pk}": "on", "satisfaction": "95"}
    )
    assert "认定存在否决情形须写明情况" in text(response)
    assert Rating.objects.get(pk=rating.pk).state == RatingState.SUBMITTED


# --- 公示, objections, result, history, distribution ----------------------------------------


def test_a_whole_cycle_through_the_pages(world, login, cycle):
    district = login("district_admin")
    for organization in (world.org_a, world.org_b):
        rating = rating_of(cycle, organization)
        actor = "secretary" if organization == world.org_a else "district_admin"
        login(actor).post(url("self-assess", rating.pk), self_post(cycle))
        reviewer = "town_a_admin" if organization == world.org_a else "town_b_admin"
        login(reviewer).post(url("review", rating.pk), {"satisfaction": "95"})
        district.post(url("approve", rating.pk), {})
    assert set(cycle.ratings.values_list("state", flat=True)) == {RatingState.APPROVED}
    district.post(url("publicize", cycle.pk), {"start": "2026-09-28"})
    cycle.refresh_from_db()
    assert cycle.state == CycleState.PUBLICIZING
    assert cycle.publicity_until == datetime.date(2026, 10, 9)

    rating = rating_of(cycle, world.org_a)
    town = login("town_a_admin")
    response = town.post(url("objection-add", rating.pk), {"text": ""})
    assert "请填写异议内容" in text(response)
    town.post(url("objection-add", rating.pk), {"text": "评分偏高", "raised_by": "群众"})
    objection = Objection.objects.get()
    assert "待答复的公示异议" in text(district.get("/"))
    page = text(district.get(url("rating", rating.pk)))
    assert "评分偏高" in page and "答复" in page
    response = district.post(
        url("objection-answer", rating.pk, objection.pk),
        {"answer": "属实", "changes_result": "on"},
    )
    assert "须给出复核后的得分" in text(response)
    item = Item.objects.get(dimension__rubric=cycle.rubric, text="党员发挥先锋模范作用")
    district.post(
        url("objection-answer", rating.pk, objection.pk),
        {"answer": "经核实，先锋岗材料不全", "changes_result": "on", "item": item.pk, "score": "0"},
    )
    objection.refresh_from_db()
    assert objection.changes_result and objection.answered_on

    response = district.post(
        url("finalize", cycle.pk), {"decision_number": "示组〔2026〕8号", "on": "2026-10-10"}
    )
    cycle.refresh_from_db()
    assert cycle.state == CycleState.FINALIZED
    rating.refresh_from_db()
    assert rating.state == RatingState.FINAL and rating.level
    page = text(login("secretary").get(url("rating", rating.pk)))
    assert "定级结果" in page and rating.label in page and "bi-star-fill" in page
    history = text(login("secretary").get(url("history", world.org_a.code)))
    assert "2026年" in history and "升星" in history
    organization = PartyOrganization.objects.get(pk=world.org_a.pk)
    assert organization.star_level == rating.level


def test_a_finalize_before_the_publicity_ends_says_so(world, login, cycle):
    Rating.objects.filter(cycle=cycle).update(state=RatingState.PUBLICIZED)
    RatingCycle.objects.filter(pk=cycle.pk).update(
        state=CycleState.PUBLICIZING,
        publicity_from=datetime.date(2026, 9, 28),
        publicity_until=datetime.date(2026, 10, 9),
    )
    response = login("district_admin").post(
        url("finalize", cycle.pk), {"on": "2026-10-09"}, follow=True
    )
    assert "期满后才能定级" in text(response)
    assert RatingCycle.objects.get(pk=cycle.pk).state == CycleState.PUBLICIZING


def test_a_mistyped_date_is_refused_not_read_as_today(world, login, cycle):
    Rating.objects.filter(cycle=cycle).update(state=RatingState.APPROVED)
    client = login("district_admin")
    response = client.post(url("publicize", cycle.pk), {"start": "2026-13-01"}, follow=True)
    assert "公示开始日期格式不正确" in text(response)
    response = client.post(url("finalize", cycle.pk), {"on": "十月"}, follow=True)
    assert "定级日期格式不正确" in text(response)
    assert RatingCycle.objects.get(pk=cycle.pk).state == CycleState.OPEN


def test_the_district_removes_a_star_with_a_reason(world, login):
    PartyOrganization.objects.filter(pk=world.org_a.pk).update(star_level=4)
    client = login("district_admin")
    response = client.post(url("history", world.org_a.code), {"kind": "remove", "reason": ""})
    assert "星级变动须写明理由" in text(response)
    client.post(url("history", world.org_a.code), {"kind": "remove", "reason": "发生重大安全事故"})
    assert PartyOrganization.objects.get(pk=world.org_a.pk).star_level is None
    assert "摘星" in text(client.get(url("history", world.org_a.code)))
    assert login("secretary").post(url("history", world.org_a.code), {}).status_code == 403
    assert login("town_b_admin").get(url("history", world.org_a.code)).status_code == 404


def test_the_star_distribution_by_region(world, login):
    from tests import factories as f

    for n, stars in enumerate([5, 4, 3]):
        f.organization(f"SA-{n}", f"川姜{n}号党支部", region=world.grid_a, star_level=stars)
    page = text(login("district_admin").get(url("distribution")))
    assert "川姜镇" in page and "开发区" in page
    # 4 organizations in 川姜镇 (ORG-A unstarred), 3 starred: 75 %; 四星及以上 2 of 5 in all
    assert "75.0%" in page and "2（40.0%）" in page
    assert f'href="?region={world.town_a.path}"' in page
    drilled = text(
        login("district_admin").get(url("distribution") + f"?region={world.town_a.path}")
    )
    assert "川姜一片区" in drilled and "开发区" not in drilled.split('id="distribution"')[1]
    town = text(login("town_b_admin").get(url("distribution")))
    assert "川姜镇" not in town
    # another town's path is out of scope: the user's own region is shown instead
    other = text(login("town_b_admin").get(url("distribution") + f"?region={world.town_a.path}"))
    assert "川姜" not in other.split('id="distribution"')[1]
    home = text(login("district_admin").get("/"))
    assert "星级党组织" in home


def test_to_dos_name_the_ratings_waiting_for_each_level(world, login, cycle):
    assert "待填写的评星定级自评" in text(login("secretary").get("/"))
    submitted(login, cycle, world)
    assert "待镇（园区）审核的评星定级" in text(login("town_a_admin").get("/"))


def test_pages_answer_each_persona(world, login, cycle, statuses):
    rating = rating_of(cycle, world.org_a)
    seen = statuses(url("rating", rating.pk))
    assert seen["district_admin"] == seen["town_a_admin"] == seen["secretary"] == 200
    assert seen["town_b_admin"] == seen["outsider"] == 404
    assert seen["system_admin"] == 403
    assert statuses(url("cycles"))["leader"] == 200


def test_the_district_sets_another_category_only_with_a_reason(world, login, cycle):
    rating = reviewed(login, cycle, world)
    assert 'id="category"' not in text(login("town_a_admin").get(url("rating", rating.pk)))
    assert login("town_a_admin").post(url("category", rating.pk), {}).status_code == 403
    client = login("district_admin")
    assert 'id="category"' in text(client.get(url("rating", rating.pk)))
    response = client.post(url("category", rating.pk), {"category": "standard", "reason": ""})
    assert "须写明理由" in text(response)
    assert Rating.objects.get(pk=rating.pk).category == "incubating"
    client.post(url("category", rating.pk), {"category": "standard", "reason": "实地走访达标"})
    rating.refresh_from_db()
    assert (rating.category, rating.category_reason) == ("standard", "实地走访达标")


def test_the_leader_reads_a_rating_without_any_form(world, login, cycle):
    rating = reviewed(login, cycle, world)
    page = text(login("leader").get(url("rating", rating.pk)))
    assert 'id="score-sheet"' in page and "<form" not in page.split('id="score-sheet"')[1]
    assert login("leader").post(url("approve", rating.pk), {}).status_code == 403


# --- editing a version no cycle has used ----------------------------------------------------


def test_a_new_version_is_edited_row_by_row_and_a_used_one_is_not(world, login, cycle):
    client = login("district_admin")
    used = cycle.rubric
    page = text(client.get(url("rubric", used.pk)))
    assert "修改设置" not in page and "添加维度" not in page
    dimension = used.dimensions.first()
    response = client.post(
        url("row-edit", used.pk, "dimension", dimension.pk),
        {"name": "改名", "max_points": "20", "order": "0"},
    )
    assert "该版本已被评定周期使用，不能修改" in text(response)
    assert used.dimensions.filter(name="改名").count() == 0

    copy = services.rubric_new_version(actor=world.user("district_admin"), rubric=used)
    page = text(client.get(url("rubric", copy.pk)))
    assert "修改设置" in page and "添加评分项目" in page
    new_dimension = copy.dimensions.get(name=dimension.name)
    response = client.post(
        url("row-add", copy.pk, "item"),
        {
            "dimension": new_dimension.pk,
            "text": "党建指导员评价",
            "max_points": "2",
            "kind": "assessed",
            "auto_source": "",
            "order": "9",
        },
    )
    assert response.status_code == 302
    assert Item.objects.filter(dimension=new_dimension, text="党建指导员评价").exists()
    response = client.post(
        url("row-add", copy.pk, "item"),
        {"dimension": new_dimension.pk, "text": "自动项", "max_points": "2", "kind": "auto"},
    )
    assert "自动项须指明自动数据来源" in text(response)
    band = copy.bands.order_by("-level").first()
    client.post(url("row-delete", copy.pk, "band", band.pk))
    assert not copy.bands.filter(pk=band.pk).exists()
    response = client.post(url("rubric-edit", copy.pk), {"effective_from": "2027-01-01"})
    assert response.status_code == 200  # required fields missing: the form says which
    assert login("town_a_admin").get(url("row-add", copy.pk, "veto")).status_code == 403
    assert client.get(url("row-add", copy.pk, "nothing")).status_code == 404


def test_a_new_versions_settings_are_edited(world, login):
    copy = services.rubric_new_version(actor=world.user("district_admin"), rubric=rubric_named(B))
    client = login("district_admin")
    form = text(client.get(url("rubric-edit", copy.pk)))
    assert "适用组织类别" in form and "群众满意度权重" in form
    data = {
        "effective_from": "2027-01-01",
        "model": "bands",
        "star_count": "5",
        "cycle_years": "2",
        "applies_to": ["branch"],
        "bonus_cap": "5",
        "satisfaction_weight": "1.5",
        "standard_min_level": "3",
        "incubating_months": "12",
        "incubating_min_members": "3",
        "source": "区委组织部 2027 年细则",
    }
    response = client.post(url("rubric-edit", copy.pk), data)
    assert "群众满意度权重应在 0 到 1 之间" in text(response)
    assert "区委组织部 2027 年细则</textarea>" in text(response)
    client.post(url("rubric-edit", copy.pk), {**data, "satisfaction_weight": "0.3"})
    copy.refresh_from_db()
    assert (copy.bonus_cap, copy.applies_to, copy.source) == (
        5,
        ["branch"],
        "区委组织部 2027 年细则",
    )


def test_every_page_answers_each_persona(world, cycle, statuses):
    from tests.clients import expect

    rating = rating_of(cycle, world.org_a)
    rubric = cycle.rubric
    admins = {"system_admin": 403, "audit_admin": 403}
    assert statuses(url("cycles")) == expect(200, **admins)
    assert statuses(url("rubrics")) == expect(200, **admins)
    assert statuses(url("rubric", rubric.pk)) == expect(200, **admins)
    assert statuses(url("distribution")) == expect(200, **admins)
    assert statuses(url("cycle", cycle.pk)) == expect(200, instructor=404, outsider=404, **admins)
    assert statuses(url("rating", rating.pk)) == expect(
        200, town_b_admin=404, instructor=404, outsider=404, **admins
    )
    assert statuses(url("history", world.org_a.code)) == expect(
        200, town_b_admin=404, instructor=404, outsider=404, **admins
    )
    assert statuses(url("cycle-open")) == expect(403, district_admin=200)
    assert statuses(url("rubric-import")) == expect(403, district_admin=200)


def test_a_grade_is_shown_as_its_name_without_stars(world, login):
    """Model A 分类定级 (好 ≥ 90): a grade, not a star count."""
    cycle = services.cycle_open(
        actor=world.user("district_admin"),
        rubric=rubric_named("基层党组织分类定级"),
        year=2026,
        region=world.town_a,
    )
    rating = rating_of(cycle, world.org_a)
    login("secretary").post(url("self-assess", rating.pk), self_post(cycle, action="save"))
    rating.refresh_from_db()
    page = text(login("secretary").get(url("rating", rating.pk)))
    assert f"当前结果：{rating.label}" in page and rating.label in ("好", "较好", "一般", "较差")
    result = page.split('id="rating-result"')[1].split("计算说明")[0]
    assert "bi-star-fill" not in result
