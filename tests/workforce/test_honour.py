"""Honours registry (WORK.md §4 `Honour`: holder, title, level 国家…镇, body, date, 文号): kept
by the town for its own party workers and organizations; a holder out of scope is refused,
the list and its export are scoped."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from python_calamine import CalamineWorkbook

from liangxin.core.checklist_sources import checklist_sources
from liangxin.organizations.models import PartyOrganization
from liangxin.workforce.models_people import Honour
from liangxin.workforce.services_certification import honour_create
from tests.workforce.test_cert_support import worker

pytestmark = pytest.mark.django_db

D = datetime.date


def form(**extra):
    return {
        "title": "优秀党务工作者", "level": "city", "awarded_by": "市委组织部",
        "awarded_on": "2025-07-01", "document_no": "市组〔2025〕12号", **extra,
    }  # fmt: skip


def test_a_town_records_an_honour_of_its_worker_and_of_its_organization(world, login):
    person = worker(world.grid_a, "荣誉甲")
    town = login("town_a_admin")
    assert (
        town.post(reverse("instructors:honour-create"), form(worker=person.pk)).status_code == 302
    )
    town.post(
        reverse("instructors:honour-create"), form(organization=world.org_a.code, level="town")
    )
    assert Honour.objects.filter(worker=person, document_no="市组〔2025〕12号").exists()
    assert Honour.objects.filter(organization=world.org_a, level="town").exists()


def test_a_holder_out_of_scope_is_refused(world, login):
    other = worker(world.grid_b, "外镇乙")
    town = login("town_a_admin")
    for data in (form(worker=other.pk), form(organization=world.org_b.code)):
        response = town.post(reverse("instructors:honour-create"), data)
        assert response.status_code == 200  # the form again, with the error
    assert not Honour.objects.exists()
    with pytest.raises(ValidationError) as caught:
        honour_create(
            actor=world.user("town_a_admin"),
            data={"worker": other, "title": "x", "level": "city", "awarded_by": "y",
                  "awarded_on": D(2025, 1, 1)},
        )  # fmt: skip
    assert "不在您的管辖范围内" in " ".join(caught.value.messages)


def test_one_holder_only(world):
    person = worker(world.grid_a)
    with pytest.raises(ValidationError) as caught:
        honour_create(
            actor=world.user("town_a_admin"),
            data={"worker": person, "organization": world.org_a, "title": "x", "level": "city",
                  "awarded_by": "y", "awarded_on": D(2025, 1, 1)},
        )  # fmt: skip
    assert "二选一" in " ".join(caught.value.messages)


def test_an_oversized_title_is_refused(world, login):
    person = worker(world.grid_a)
    response = login("town_a_admin").post(
        reverse("instructors:honour-create"), form(worker=person.pk, title="荣" * 201)
    )
    assert response.status_code == 200 and not Honour.objects.exists()


def test_list_and_export_are_scoped(world, login):
    Honour.objects.create(
        worker=worker(world.grid_a, "川姜丙"), title="市级先进", level="city",
        awarded_by="市委", awarded_on=D(2025, 7, 1),
    )  # fmt: skip
    Honour.objects.create(
        organization=world.org_b, title="开发区先进党组织", level="county",
        awarded_by="区委", awarded_on=D(2025, 6, 1),
    )  # fmt: skip
    town_b = login("town_b_admin").get(reverse("instructors:honours")).content.decode()
    assert "开发区先进党组织" in town_b and "市级先进" not in town_b
    response = login("town_a_admin").get(reverse("instructors:honours-export"), {"year": 2025})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = rows.get_sheet_by_index(0).to_python()
    assert [r[:4] for r in rows if r[0] == "川姜丙"] == [["川姜丙", "个人", "市级先进", "市级"]]
    assert not any("开发区" in str(r[2]) for r in rows)


def test_the_ratings_read_an_organizations_city_honour_of_the_year(world):
    """Honours feed the ratings (issue 17): the source workforce.honours_city holds for an
    organization with a city-level-or-above honour of the year, on or after its date."""
    source = checklist_sources()["workforce.honours_city"]
    orgs = PartyOrganization.objects.filter(pk__in=[world.org_a.pk, world.org_b.pk])
    day = datetime.date(2026, 5, 20)

    def honour(organization, level, awarded_on):
        Honour.objects.create(
            organization=organization,
            title="先进基层党组织",
            level=level,
            awarded_by="市委",
            awarded_on=awarded_on,
        )

    honour(world.org_a, "county", day)  # below city level: not enough
    honour(world.org_b, "city", datetime.date(2025, 12, 30))  # last year's
    assert source.met(orgs, day) == set()
    honour(world.org_a, "city", day)
    assert source.met(orgs, day - datetime.timedelta(days=1)) == set()
    assert source.met(orgs, day) == {world.org_a.pk}
