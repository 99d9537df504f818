"""Inspections and rectifications: 暗访 findings hidden from the target until published; a
rectification goes 待整改 → 整改中 → 待验收 (only with evidence) → 已销号; overdue ones
are on the to-do list and the town's list."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from liangxin.core.home import todos_for
from liangxin.standards import services
from liangxin.standards.models import (
    Inspection,
    InspectionKind,
    Rectification,
    RectificationEvent,
    RectificationState,
)

PDF = b"%PDF-1.4\n% minutes of the rectification\n"


@pytest.fixture
def unannounced(world):
    inspection = services.inspection_create(
        actor=world.user("town_a_admin"),
        data={
            "kind": InspectionKind.UNANNOUNCED,
            "held_on": datetime.date(2026, 11, 20),
            "region": world.town_a,
            "team": "镇党委组织委员 等3人",
            "methods": ["visit", "records"],
        },
        targets=[world.org_a],
    )
    services.finding_add(
        actor=world.user("town_a_admin"),
        inspection=inspection,
        organization=world.org_a,
        text="三会一课记录不全，10月支委会无记录",
    )
    return inspection


def rectification_for(world, inspection, due_on):
    return services.rectification_create(
        actor=world.user("town_a_admin"),
        inspection=inspection,
        organization=world.org_a,
        text="补齐三会一课记录",
        owner="林晓红",
        due_on=due_on,
    )


def test_unannounced_findings_stay_hidden_from_the_target_until_published(
    world, login, unannounced
):
    url = reverse("standards:inspection", args=[unannounced.pk])
    finding = "三会一课记录不全"
    assert finding in login("town_a_admin").get(url).content.decode()
    assert login("secretary").get(url).status_code == 404
    assert finding not in login("secretary").get(reverse("standards:inspections")).content.decode()
    assert login("town_b_admin").get(url).status_code == 404

    login("town_a_admin").post(
        reverse("standards:inspection-publish", args=[unannounced.pk]),
        {"notice_number": "川组通〔2026〕12号"},
    )
    page = login("secretary").get(url)
    assert page.status_code == 200
    assert finding in page.content.decode()
    assert "川组通〔2026〕12号" in page.content.decode()


def test_an_announced_inspection_is_seen_by_its_target_at_once(world, login):
    visit = services.inspection_create(
        actor=world.user("town_a_admin"),
        data={
            "kind": InspectionKind.MONTHLY,
            "held_on": datetime.date(2026, 11, 15),
            "region": world.town_a,
            "team": "月观摩组",
        },
        targets=[world.org_a],
    )
    assert (
        login("secretary").get(reverse("standards:inspection", args=[visit.pk])).status_code == 200
    )


def test_a_rectification_goes_from_open_to_closed_with_evidence(world, login, unannounced):
    services.inspection_publish(actor=world.user("town_a_admin"), inspection=unannounced)
    rectification = rectification_for(world, unannounced, datetime.date(2026, 12, 31))
    page = reverse("standards:rectification", args=[rectification.pk])
    secretary, town = login("secretary"), login("town_a_admin")

    secretary.post(reverse("standards:rectification-start", args=[rectification.pk]))
    rectification.refresh_from_db()
    assert rectification.state == RectificationState.IN_PROGRESS

    refused = secretary.post(
        reverse("standards:rectification-request", args=[rectification.pk]), follow=True
    )
    assert "请先上传整改佐证材料，再申请验收" in refused.content.decode()
    rectification.refresh_from_db()
    assert rectification.state == RectificationState.IN_PROGRESS

    evidence = SimpleUploadedFile("整改报告.pdf", PDF, content_type="application/pdf")
    secretary.post(
        reverse("standards:rectification-upload", args=[rectification.pk]), {"file": evidence}
    )
    secretary.post(reverse("standards:rectification-request", args=[rectification.pk]))
    rectification.refresh_from_db()
    assert rectification.state == RectificationState.AWAITING

    # A secretary does not accept their own work; the town does.
    secretary.post(reverse("standards:rectification-close", args=[rectification.pk]))
    rectification.refresh_from_db()
    assert rectification.state == RectificationState.AWAITING
    town.post(reverse("standards:rectification-close", args=[rectification.pk]))
    rectification.refresh_from_db()
    assert rectification.state == RectificationState.CLOSED
    assert rectification.verifier == world.user("town_a_admin")
    assert rectification.closed_on == timezone.localdate()

    logged = LogEntry.objects.get_for_object(rectification).count()
    assert logged >= 4  # created, then each step: the change history (auditlog)
    states = list(
        RectificationEvent.objects.filter(rectification=rectification).values_list(
            "state", flat=True
        )
    )
    assert states == ["open", "in_progress", "awaiting", "closed"]
    file = rectification.evidence.get()
    download = secretary.get(reverse("standards:rectification-evidence", args=[file.pk]))
    assert download.content == PDF
    assert login("town_b_admin").get(page).status_code == 404


def test_a_rectification_is_closed_only_once_acceptance_is_asked(world, unannounced):
    rectification = rectification_for(world, unannounced, datetime.date(2026, 12, 31))
    with pytest.raises(ValidationError, match="待整改，不能进行此操作"):
        services.rectification_close(actor=world.user("town_a_admin"), rectification=rectification)


def test_an_overdue_rectification_is_on_the_to_do_list_and_the_town_list(world, login, unannounced):
    services.inspection_publish(actor=world.user("town_a_admin"), inspection=unannounced)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    late = rectification_for(world, unannounced, yesterday)
    rectification_for(world, unannounced, timezone.localdate() + datetime.timedelta(days=30))

    def overdue_items(persona):
        todos = {due.todo.key: due for due in todos_for(world.user(persona))}
        return list(todos["rectifications_overdue"].items)

    assert overdue_items("town_a_admin") == [late]
    assert overdue_items("secretary") == [late]
    assert overdue_items("town_b_admin") == []
    page = login("town_a_admin").get(reverse("standards:rectifications") + "?overdue=1")
    assert page.content.decode().count("补齐三会一课记录") == 1


def test_an_unannounced_rectification_waits_for_the_notice_before_the_target_sees_it(
    world, unannounced
):
    rectification_for(world, unannounced, timezone.localdate() - datetime.timedelta(days=1))
    todos = {due.todo.key: due for due in todos_for(world.user("secretary"))}
    assert todos["rectifications_overdue"].count == 0
    assert Rectification.objects.count() == 1
    assert Inspection.objects.get().hidden_from_targets
