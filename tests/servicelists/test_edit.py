"""Activities and events corrected and deleted (issue 18): the same form and service as
when recorded, out of scope is 404, a delete is a POST after a confirm page (a GET changes
nothing), every change is in the audit log, and bad input loses nothing."""

from decimal import Decimal

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from liangxin.servicelists import services
from liangxin.servicelists.models import Activity, Event, EventOutcome
from tests.servicelists.conftest import days_ago
from tests.servicelists.test_pages import activity_data, event, sheet


def recorded_activity(world, client, **changes) -> Activity:
    response = client.post("/service-lists/activities/new/", activity_data(world, **changes))
    assert response.status_code == 302
    return Activity.objects.get(title=changes.get("title", "邻里共享日·义诊"))


def event_data(found: Event, **changes) -> dict:
    data = {
        "event_type": found.event_type_id,
        "title": found.title,
        "held_on": found.held_on.isoformat(),
        "region": found.region_id,
        "organizer": "",
        "organizer_name": found.organizer_name,
        "enterprises": "",
        "other_enterprises": str(found.other_enterprises),
        "note": "",
        "outcome_posts": "10",
        "outcome_people": "",
        "outcome_intentions": "4",
        "outcome_contracts": "",
        "outcome_amount": "",
    }
    data.update(changes)
    return data


def logged(model, pk, action) -> bool:
    kind = ContentType.objects.get_for_model(model)
    return LogEntry.objects.filter(content_type=kind, object_pk=str(pk), action=action).exists()


# --- activities ------------------------------------------------------------------------


def test_an_activity_corrected_changes_the_list_and_the_export(world, login):
    client = login("town_a_admin")
    found = recorded_activity(world, client)
    page = client.get(f"/service-lists/activities/{found.pk}/").content.decode()
    assert 'value="35"' in page and "邻里共享日·义诊" in page  # the form holds what was saved
    response = client.post(
        f"/service-lists/activities/{found.pk}/",
        activity_data(world, participants="52", title="邻里共享日·义诊（更正）"),
    )
    assert response.status_code == 302
    found.refresh_from_db()
    assert (found.participants, found.title) == (52, "邻里共享日·义诊（更正）")
    rows = sheet(client.get("/service-lists/activities/export/"))
    header = next(row for row in rows if row and row[0] == "活动日期")
    body = rows[rows.index(header) + 1 :]
    assert [row[header.index("参加人数")] for row in body] == [52]
    assert Activity.objects.count() == 1  # corrected, not added
    assert logged(Activity, found.pk, LogEntry.Action.UPDATE)


def test_a_bad_correction_loses_nothing(world, login):
    client = login("town_a_admin")
    found = recorded_activity(world, client)
    recorded_activity(world, client, title="青春学堂")
    for changes, message in (
        ({"participants": "很多"}, "输入整数"),
        ({"participants": "0"}, "1"),
        ({"title": "青春学堂"}, "本区域当天已登记同名活动"),
        ({"region": str(world.town_b.pk)}, "请选择您管辖范围内的区域"),
    ):
        response = client.post(
            f"/service-lists/activities/{found.pk}/", activity_data(world, **changes)
        )
        assert response.status_code == 200 and message in response.content.decode(), changes
    found.refresh_from_db()
    assert (found.title, found.participants, found.region) == ("邻里共享日·义诊", 35, world.town_a)


def test_another_towns_activity_cannot_be_edited_or_deleted(world, login):
    found = recorded_activity(world, login("town_a_admin"))
    other = login("town_b_admin")
    assert other.get(f"/service-lists/activities/{found.pk}/").status_code == 404
    edit = other.post(f"/service-lists/activities/{found.pk}/", activity_data(world, title="改"))
    assert edit.status_code == 404
    assert other.get(f"/service-lists/activities/{found.pk}/delete/").status_code == 404
    assert other.post(f"/service-lists/activities/{found.pk}/delete/").status_code == 404
    assert login("leader").post(f"/service-lists/activities/{found.pk}/delete/").status_code == 403
    found.refresh_from_db()
    assert found.title == "邻里共享日·义诊"


def test_an_activity_is_deleted_only_by_a_post_after_the_confirm_page(world, login):
    client = login("town_a_admin")
    found = recorded_activity(world, client, members=str(world.member_a.public_id))
    page = client.get(f"/service-lists/activities/{found.pk}/delete/")
    assert page.status_code == 200 and "确定删除“邻里共享日·义诊" in page.content.decode()
    assert Activity.objects.filter(pk=found.pk).exists()  # the GET changed nothing
    done = client.post(f"/service-lists/activities/{found.pk}/delete/")
    assert done.status_code == 302 and done.url == "/service-lists/activities/"
    assert not Activity.objects.exists()
    assert logged(Activity, found.pk, LogEntry.Action.DELETE)


# --- events ----------------------------------------------------------------------------


def test_an_event_corrected_changes_its_figures(world, login):
    happened = event(world, posts=758, intentions=700, amount="10.5")
    client = login("town_a_admin")
    form = client.get(f"/service-lists/events/{happened.pk}/edit/").content.decode()
    assert 'value="758"' in form and 'value="10.50"' in form
    response = client.post(
        f"/service-lists/events/{happened.pk}/edit/",
        event_data(
            happened, outcome_posts="760", outcome_intentions="712", other_enterprises="141"
        ),
    )
    assert response.status_code == 302 and response.url == f"/service-lists/events/{happened.pk}/"
    outcomes = dict(EventOutcome.objects.filter(event=happened).values_list("kind", "value"))
    assert outcomes == {"posts": Decimal(760), "intentions": Decimal(712)}  # amount emptied
    figures = client.get("/service-lists/events/figures/").context["figures"]
    assert (figures.total["events"], figures.total["firms"]) == (1, 141)
    assert (figures.total["posts"], figures.total["intentions"]) == (760, 712)
    assert figures.total["amount"] == 0
    assert logged(Event, happened.pk, LogEntry.Action.UPDATE)


def test_a_bad_event_correction_loses_nothing(world, login):
    happened = event(world, posts=758)
    event(world, title="招商推介会")
    client = login("town_a_admin")
    for changes, message in (
        ({"outcome_posts": "7.5"}, "小数不超过 0 位"),
        ({"outcome_posts": "-1"}, "大于或等于0"),
        ({"title": "招商推介会"}, "本区域当天已登记同名活动"),
        ({"held_on": "2099-01-01"}, "日期不能晚于今天"),
    ):
        response = client.post(
            f"/service-lists/events/{happened.pk}/edit/", event_data(happened, **changes)
        )
        assert response.status_code == 200 and message in response.content.decode(), changes
    happened.refresh_from_db()
    assert happened.title == "高校行"
    assert list(happened.outcomes.values_list("kind", "value")) == [("posts", Decimal(758))]


def test_another_towns_event_cannot_be_edited_or_deleted(world, login):
    happened = event(world, posts=758)
    other = login("town_b_admin")
    assert other.get(f"/service-lists/events/{happened.pk}/edit/").status_code == 404
    assert (
        other.post(
            f"/service-lists/events/{happened.pk}/edit/", event_data(happened, title="改")
        ).status_code
        == 404
    )
    assert other.get(f"/service-lists/events/{happened.pk}/delete/").status_code == 404
    assert other.post(f"/service-lists/events/{happened.pk}/delete/").status_code == 404
    # A secretary records activities, not events: 403 even in scope.
    assert (
        login("secretary").post(f"/service-lists/events/{happened.pk}/delete/").status_code == 403
    )
    assert Event.objects.get().title == "高校行" and EventOutcome.objects.count() == 1


def test_an_event_is_deleted_with_its_outcomes_after_the_confirm_page(world, login):
    happened = event(world, posts=758, intentions=712)
    client = login("town_a_admin")
    page = client.get(f"/service-lists/events/{happened.pk}/delete/").content.decode()
    assert "将一并删除" in page and "岗位（个）：758" in page
    assert Event.objects.exists() and EventOutcome.objects.count() == 2  # GET: nothing gone
    done = client.post(f"/service-lists/events/{happened.pk}/delete/")
    assert done.status_code == 302 and done.url == "/service-lists/events/"
    assert not Event.objects.exists() and not EventOutcome.objects.exists()
    assert logged(Event, happened.pk, LogEntry.Action.DELETE)
    figures = client.get("/service-lists/events/figures/").context["figures"]
    assert figures.total["events"] == 0


def test_the_districts_event_is_out_of_a_towns_reach(world, login):
    upper = services.event_create(
        actor=world.user("district_admin"),
        data={
            "event_type": event(world).event_type,
            "title": "区级高校行",
            "held_on": days_ago(2),
            "region": world.district,
            "organizer": None,
            "organizer_name": "区两新工委",
            "enterprises": [],
            "other_enterprises": 0,
            "note": "",
        },
        outcomes={"posts": Decimal(5)},
    )
    client = login("town_a_admin")
    for url in (
        f"/service-lists/events/{upper.pk}/edit/",
        f"/service-lists/events/{upper.pk}/delete/",
    ):
        assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    assert (
        Event.objects.filter(pk=upper.pk).exists()
        and EventOutcome.objects.filter(event=upper).exists()
    )
