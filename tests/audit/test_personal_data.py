"""No reader of the audit log meets a member's personal data (issue 12, 三员分立): names
masked (欧*), no ID number, birth date or phone, on the page and in its xlsx export."""

import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from python_calamine import CalamineWorkbook

from liangxin.core.audit import CHANNEL_WEB, audit_context, record_unmask
from liangxin.members.models import Member
from liangxin.members.services import member_create, member_update
from tests import factories as f

pytestmark = pytest.mark.django_db
BIRTH = datetime.date(1987, 3, 9)
NAME, NEW_NAME = "欧阳秀梅", "欧阳秀兰"
PHONE, NEW_PHONE = "13912345678", "13987654321"


@pytest.fixture
def member(world, login):
    admin = world.user("town_a_admin")
    number = f.id_number("350503", BIRTH, male=False)
    data = {
        "name": NAME,
        "id_number": number,
        "phone": PHONE,
        "gender": "F",
        "birth_date": BIRTH,
        "status": "full",
        "joined_on": datetime.date(2010, 7, 1),
        "full_member_on": datetime.date(2011, 7, 1),
        "organization": world.org_a,
        "employer": world.ent_a,
    }
    with audit_context(admin, channel=CHANNEL_WEB, remote_addr="10.0.0.2"):
        created = member_create(actor=admin, data=data)
        member_update(actor=admin, member=created, data={"name": NEW_NAME, "phone": NEW_PHONE})
        record_unmask(admin, created, field="id_number")
    page = login("town_a_admin").get(reverse("members:detail", args=[created.public_id]))
    assert page.status_code == 200, page.status_code
    created.refresh_from_db()
    return created, number


def secrets(member, number) -> list[str]:
    return [
        NAME,
        NEW_NAME,
        number,
        member.id_number_masked,
        number[6:14],
        PHONE,
        NEW_PHONE,
        f"{PHONE[:3]}****{PHONE[-4:]}",
        f"{NEW_PHONE[:3]}****{NEW_PHONE[-4:]}",
        BIRTH.isoformat(),
        "1987年3月9日",
    ]


@pytest.mark.parametrize("query", ["", "?content_type={member}", "?act=update", "?act=view"])
def test_the_audit_page_shows_no_personal_data(member, audit_page, query):
    member_type = ContentType.objects.get_for_model(Member).pk
    text = audit_page(query.format(member=member_type))
    for secret in secrets(*member):
        assert secret not in text, secret
    assert "欧***" in text  # the masked name says which record it was


def test_the_audit_export_shows_no_personal_data(member, login):
    response = login("audit_admin").get(reverse("audit-export"))
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    cells = [str(c) for row in book.get_sheet_by_index(0).to_python() for c in row]
    text = "\n".join(cells)
    for secret in secrets(*member):
        assert secret not in text, secret
    assert "欧***" in text


def test_a_record_named_by_a_masked_id_number_is_not_named_on_the_page():
    """An identity conflict's name is its masked ID number (6+4 digits): the audit page
    gives its kind only, as for every record that holds personal data (issue 12)."""
    from auditlog.models import LogEntry

    from liangxin.audit.describe import object_label
    from liangxin.members.models import IdentityConflict

    entry = LogEntry(object_repr="身份号码冲突 350599**********123X", additional_data={})
    assert object_label(entry, IdentityConflict) == ""
