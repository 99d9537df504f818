"""Certification of party workers (WORK.md §4 Workflows, issue 17): the steps with their
events, the order of levels, the 先锋工匠's direct 特级 [L:张家港], 发证 by the district and
the record of a city/province certificate [L: a 江苏 district, 2021], the 年检, the scope."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from liangxin.core.services import OutOfScope
from liangxin.workforce import selectors_certification as sel
from liangxin.workforce import services_certification as services
from liangxin.workforce.models_people import (
    CertificationLevel,
    CertState,
)
from tests.workforce.test_cert_support import checked, defaults, issued, worker  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("defaults")]

D = datetime.date


def all_messages(caught) -> str:
    return " ".join(caught.value.messages)


def through_publicity(world, certification):
    town = world.user("town_a_admin")
    for step in range(4):
        extra = {"training_hours": 40, "test_score": 88} if step == 1 else {}
        certification = services.certification_advance(
            actor=town, certification=certification, comment=f"第{step + 1}步", **extra
        )
    return certification


def apply(world, person, level="junior", **extra):
    return services.certification_apply(
        actor=world.user("town_a_admin"), worker=person, level=level,
        applied_on=D(2026, 3, 1), **extra,
    )  # fmt: skip


class TestWorkflow:
    def test_every_step_is_an_event_and_issue_sets_number_and_validity(self, world):
        person = worker(world.grid_a)
        made = apply(world, person)
        assert made.issuer_level == "district"  # copied from the level's setting
        made = through_publicity(world, made)
        assert made.state == CertState.PUBLICIZED
        made = services.certification_issue(
            actor=world.user("district_admin"), certification=made,
            certificate_no="CJ-2026-001", issued_on=D(2026, 6, 1),
        )  # fmt: skip
        assert made.state == CertState.ISSUED
        # 3 years from 2026-06-01, minus one day: in force to 2029-05-31 inclusive.
        assert made.valid_until == D(2029, 5, 31)
        states = list(made.events.values_list("state", flat=True))
        assert states == ["applied", "qualified", "tested", "reviewed", "publicized", "issued"]
        assert all(e.actor_id for e in made.events.all())
        assert made.training_hours == 40 and made.test_score == 88

    def test_the_training_step_needs_hours_and_score(self, world):
        made = apply(world, worker(world.grid_a))
        made = services.certification_advance(actor=world.user("town_a_admin"), certification=made)
        with pytest.raises(ValidationError) as caught:
            services.certification_advance(actor=world.user("town_a_admin"), certification=made)
        assert "培训学时" in all_messages(caught)

    def test_rejected_at_any_step_with_a_reason(self, world):
        made = apply(world, worker(world.grid_a))
        with pytest.raises(ValidationError) as caught:
            services.certification_reject(
                actor=world.user("town_a_admin"), certification=made, comment=" "
            )
        assert "原因" in all_messages(caught)
        made = services.certification_reject(
            actor=world.user("town_a_admin"), certification=made, comment="材料不全"
        )
        assert made.state == CertState.REJECTED
        assert made.events.last().comment == "材料不全"

    def test_only_the_district_issues(self, world):
        made = through_publicity(world, apply(world, worker(world.grid_a)))
        with pytest.raises(PermissionDenied):
            services.certification_issue(
                actor=world.user("town_a_admin"), certification=made,
                certificate_no="X-1", issued_on=D(2026, 6, 1),
            )  # fmt: skip

    def test_a_duplicate_certificate_number_is_refused_in_chinese(self, world):
        issued(worker(world.grid_a, "钱工"), "junior", number="CJ-2026-001")
        made = through_publicity(world, apply(world, worker(world.grid_a)))
        with pytest.raises(ValidationError) as caught:
            services.certification_issue(
                actor=world.user("district_admin"), certification=made,
                certificate_no=" CJ-2026-001 ", issued_on=D(2026, 6, 1),
            )  # fmt: skip
        assert "证书编号“CJ-2026-001”已被使用" in all_messages(caught)

    def test_senior_is_recorded_from_the_city_and_shown_so(self, world, login):
        # [L: a 江苏 district, 2021] the district records 高 (city) and 特 (province)
        person = worker(world.grid_a)
        issued(person, "middle", issued_on=D(2025, 1, 1))
        made = through_publicity(world, apply(world, person, "senior"))
        assert made.issuer_level == "city"
        page = login("district_admin").get(reverse("instructors:certification", args=[made.pk]))
        assert "登记市级发证结果" in page.content.decode()
        assert "区（县）登记结果" in page.content.decode()
        made = services.certification_issue(
            actor=world.user("district_admin"), certification=made,
            certificate_no="SZ-GJ-9", issued_on=D(2026, 6, 1),
        )  # fmt: skip
        assert "登记市级认证结果" in made.events.last().comment


class TestLevels:
    def test_a_level_needs_the_level_below_held(self, world):
        # 初 < 中 < 高 < 特
        person = worker(world.grid_a)
        with pytest.raises(ValidationError) as caught:
            apply(world, person, "middle")
        assert "须持有有效的初级证书" in all_messages(caught)
        junior = issued(person, "junior", issued_on=D(2025, 1, 1))
        assert apply(world, person, "middle").level == "middle"
        junior.state = CertState.SUSPENDED
        junior.save()
        with pytest.raises(ValidationError):
            apply(world, worker(world.grid_a, "孙工"), "senior")

    def test_a_suspended_level_below_does_not_count(self, world):
        person = worker(world.grid_a)
        issued(person, "junior", issued_on=D(2025, 1, 1), state=CertState.SUSPENDED)
        with pytest.raises(ValidationError):
            apply(world, person, "middle")

    def test_a_pioneer_craftsman_applies_directly_for_special(self, world):
        # [L:张家港] 先锋工匠 sit 特级 directly
        craftsman = worker(world.grid_a, pioneer_craftsman=True)
        made = apply(world, craftsman, "special", direct_special=True)
        assert made.direct_special and made.issuer_level == "province"
        assert made.events.get().comment == "先锋工匠直接申报特级"

    def test_others_may_not_apply_directly_for_special(self, world):
        with pytest.raises(ValidationError) as caught:
            apply(world, worker(world.grid_a), "special", direct_special=True)
        assert "只有先锋工匠可以直接申报特级" in all_messages(caught)
        with pytest.raises(ValidationError):
            apply(world, worker(world.grid_a, "李工"), "special")

    def test_the_district_edits_a_level_setting(self, world, login):
        setting = CertificationLevel.objects.get(level="senior")
        url = reverse("instructors:cert-level-update", args=[setting.pk])
        data = {f"l{setting.pk}-{k}": v for k, v in {
            "issuer_level": "district", "issuer_name": "示范区两新工委", "valid_years": 4,
            "source": "区两新工委2026年文件",
        }.items()}  # fmt: skip
        assert login("town_a_admin").post(url, data).status_code == 403
        login("district_admin").post(url, data)
        setting.refresh_from_db()
        assert (setting.issuer_level, setting.valid_years) == ("district", 4)
        page = login("town_a_admin").get(reverse("instructors:cert-levels")).content.decode()
        assert "区两新工委2026年文件" in page


class TestAnnualCheck:
    def test_failed_suspends_and_a_later_pass_restores(self, world):
        cert = issued(worker(world.grid_a), "junior", issued_on=D(2024, 6, 1))
        district = world.user("district_admin")
        services.annual_check_record(
            actor=district, certification=cert, year=2025, checked_on=D(2025, 11, 1), passed=False
        )
        cert.refresh_from_db()
        assert cert.state == CertState.SUSPENDED
        assert not sel.valid_on(cert, D(2025, 12, 1))
        services.annual_check_record(
            actor=district, certification=cert, year=2026, checked_on=D(2026, 5, 1), passed=True
        )
        cert.refresh_from_db()
        assert cert.state == CertState.ISSUED
        assert [e.state for e in cert.events.all()][-2:] == ["suspended", "issued"]

    def test_one_check_a_year(self, world):
        cert = issued(worker(world.grid_a), "junior")
        checked(cert, 2025)
        with pytest.raises(ValidationError) as caught:
            services.annual_check_record(
                actor=world.user("district_admin"), certification=cert, year=2025,
                checked_on=D(2025, 12, 1), passed=True,
            )  # fmt: skip
        assert "该证书本年度已年检" in all_messages(caught)

    def test_a_certificate_expiring_on_the_check_date_is_valid_that_day(self, world):
        cert = issued(
            worker(world.grid_a), "junior", issued_on=D(2023, 11, 21), valid_until=D(2026, 11, 20)
        )
        assert sel.valid_on(cert, D(2026, 11, 20))
        assert not sel.valid_on(cert, D(2026, 11, 21))
        check = services.annual_check_record(
            actor=world.user("district_admin"), certification=cert, year=2026,
            checked_on=D(2026, 11, 20), passed=True,
        )  # fmt: skip
        assert check.passed
        later = issued(worker(world.grid_a, "周工"), "junior", issued_on=D(2023, 11, 21),
                       valid_until=D(2026, 11, 20), number="T-later")  # fmt: skip
        with pytest.raises(ValidationError) as caught:
            services.annual_check_record(
                actor=world.user("district_admin"), certification=later, year=2026,
                checked_on=D(2026, 11, 21), passed=True,
            )  # fmt: skip
        assert "不在证书有效期内" in all_messages(caught)


class TestScopeAndPages:
    def test_another_towns_admin_gets_404(self, world, login):
        cert = issued(worker(world.grid_a), "junior")
        url = reverse("instructors:certification", args=[cert.pk])
        assert login("town_a_admin").get(url).status_code == 200
        assert login("town_b_admin").get(url).status_code == 404
        step = reverse("instructors:certification-action", args=[cert.pk, "check"])
        assert login("town_b_admin").post(step, {"year": 2026}).status_code == 404
        with pytest.raises(OutOfScope):
            services.certification_apply(
                actor=world.user("town_b_admin"), worker=cert.worker, level="middle",
                applied_on=D(2026, 3, 1),
            )  # fmt: skip

    def test_the_step_buttons_walk_the_workflow(self, world, login):
        person = worker(world.grid_a)
        town = login("town_a_admin")
        response = town.post(
            reverse("instructors:certification-create"),
            {"worker": person.pk, "level": "junior", "applied_on": "2026-03-01"},
        )
        made = person.certifications.get()
        assert response.status_code == 302
        step = reverse("instructors:certification-action", args=[made.pk, "advance"])
        town.post(step, {"comment": "材料齐全"})
        town.post(step, {"training_hours": "32", "test_score": "90"})
        town.post(step, {})
        town.post(step, {})
        made.refresh_from_db()
        assert made.state == CertState.PUBLICIZED
        issue = reverse("instructors:certification-action", args=[made.pk, "issue"])
        login("district_admin").post(issue, {"certificate_no": "CJ-1", "issued_on": "2026-06-01"})
        made.refresh_from_db()
        assert made.state == CertState.ISSUED and made.certificate_no == "CJ-1"
        page = town.get(reverse("instructors:certification", args=[made.pk])).content.decode()
        assert "材料齐全" in page and "发证，证书编号CJ-1" in page

    def test_the_application_form_refuses_a_worker_out_of_scope(self, world, login):
        other = worker(world.grid_b, "外镇人")
        response = login("town_a_admin").post(
            reverse("instructors:certification-create"),
            {"worker": other.pk, "level": "junior", "applied_on": "2026-03-01"},
        )
        assert response.status_code == 200 and not other.certifications.exists()

    def test_list_filters_and_export(self, world, login):
        issued(worker(world.grid_a, "甲"), "junior")
        issued(worker(world.grid_a, "乙"), "senior")
        issued(worker(world.grid_b, "丙"), "senior")
        town = login("town_a_admin")
        page = town.get(reverse("instructors:certifications"), {"level": "senior"})
        text = page.content.decode()
        assert "乙" in text and "甲 ·" not in text and "丙" not in text
        response = town.get(reverse("instructors:certifications-export"))
        sheet = (
            CalamineWorkbook.from_filelike(__import__("io").BytesIO(response.content))
            .get_sheet_by_index(0)
            .to_python()
        )
        names = {row[0] for row in sheet[2:]}
        assert names == {"甲", "乙"}


class TestEvidenceAndRevoke:
    @pytest.fixture(autouse=True)
    def media(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path

    def test_the_application_keeps_its_evidence_files(self, world, login):
        person = worker(world.grid_a)
        town = login("town_a_admin")
        pdf = SimpleUploadedFile("培训证明.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
        town.post(
            reverse("instructors:certification-create"),
            {"worker": person.pk, "level": "junior", "applied_on": "2026-03-01", "files": [pdf]},
        )
        made = person.certifications.get()
        stored = made.files.get()
        assert stored.file_name == "培训证明.pdf"
        url = reverse("instructors:certification-file", args=[made.pk, stored.pk])
        assert town.get(url).content == b"%PDF-1.4 demo"
        assert login("town_b_admin").get(url).status_code == 404

    def test_a_disguised_file_is_refused_and_nothing_is_saved(self, world, login):
        person = worker(world.grid_a)
        fake = SimpleUploadedFile("证明.pdf", b"MZ not a pdf")
        response = login("town_a_admin").post(
            reverse("instructors:certification-create"),
            {"worker": person.pk, "level": "junior", "applied_on": "2026-03-01", "files": [fake]},
        )
        assert "内容与扩展名 .pdf 不符" in response.content.decode()
        assert not person.certifications.exists()

    def test_the_district_revokes_with_a_reason(self, world):
        cert = issued(worker(world.grid_a), "junior", issued_on=D(2025, 1, 1))
        with pytest.raises(ValidationError):
            services.certification_revoke(
                actor=world.user("district_admin"), certification=cert, comment=""
            )
        cert = services.certification_revoke(
            actor=world.user("district_admin"), certification=cert, comment="弄虚作假"
        )
        assert cert.state == CertState.REVOKED and not sel.valid_on(cert, D(2025, 6, 1))
        with pytest.raises(ValidationError):  # a revoked level below does not count
            apply(world, cert.worker, "middle")


def test_waiting_applications_are_on_the_to_do_list(world):
    from liangxin.core.home import todos_for

    def waiting(persona):
        found = {t.todo.key: t for t in todos_for(world.user(persona))}
        todo = found.get("workforce_certifications_waiting")
        return [] if todo is None else [c.pk for c in todo.items]

    made = apply(world, worker(world.grid_a))
    assert waiting("town_a_admin") == [made.pk]
    assert waiting("town_b_admin") == []
    through_publicity(world, made)
    assert waiting("town_a_admin") == []  # 社会公示: the district issues
    assert waiting("district_admin") == [made.pk]


def test_the_district_filters_the_list_by_town(world, login):
    issued(worker(world.grid_a, "川姜人"), "junior")
    issued(worker(world.grid_b, "开发区人"), "junior")
    district = login("district_admin")
    url = reverse("instructors:certifications")
    text = district.get(url, {"region": world.town_b.code}).content.decode()
    assert "开发区人" in text and "川姜人" not in text
    assert login("town_a_admin").get(url, {"region": world.town_b.code}).status_code == 404
