"""Personal data at rest: SM4-GCM ciphertext, HMAC-SM3 blind index, masking (issue 2)."""

import datetime

import pytest
from django.db import connection

from liangxin.core import pii
from liangxin.core.audit import CHANNEL_WEB, audit_context
from liangxin.members.models import Member
from liangxin.members.services import member_create, member_update
from tests import factories as f


def every_cell_in_the_database():
    """Yield (table, cell) for every text or binary cell of every table."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for cell in row:
                    if isinstance(cell, memoryview | bytes):
                        yield table, bytes(cell).decode("latin-1")
                    elif cell is not None:
                        yield table, str(cell)


@pytest.fixture
def created_member(world):
    number = f.id_number("330482", datetime.date(1970, 5, 3), male=True)
    with audit_context(world.user("town_a_admin"), channel=CHANNEL_WEB):
        member = member_create(
            actor=world.user("town_a_admin"),
            data={
                "name": "张卫东",
                "status": "full",
                "joined_on": datetime.date(1995, 7, 1),
                "full_member_on": datetime.date(1996, 7, 1),
                "organization": world.org_a,
                "employer": world.ent_a,
                "id_number": number,
                "phone": "13905951234",
            },
        )
    return member, number


@pytest.mark.django_db
class TestEncryptionAtRest:
    def test_raw_columns_hold_ciphertext_not_plaintext(self, created_member):
        member, number = created_member
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id_number_cipher, id_number_digest, id_number_masked, phone_cipher "
                "FROM members_member WHERE id = %s",
                [member.pk],
            )
            cipher, digest, masked, phone_cipher = cursor.fetchone()
        assert number.encode() not in bytes(cipher)
        assert bytes(cipher)[:1] == pii.FORMAT_VERSION
        assert pii.decrypt(cipher) == number
        assert pii.decrypt(phone_cipher) == "13905951234"
        assert digest == pii.blind_index(number) and number not in digest
        assert masked == number[:4] + "*" * 10 + number[-4:]

    def test_no_plaintext_id_number_or_phone_anywhere_in_the_database(self, world, created_member):
        member, number = created_member
        admin = world.user("town_a_admin")
        with audit_context(admin, channel=CHANNEL_WEB):
            member_update(actor=admin, member=member, data={"phone": "13905959999"})
        for table, cell in every_cell_in_the_database():
            assert number not in cell, f"plaintext ID number found in {table}"
            assert "13905951234" not in cell, f"plaintext phone found in {table}"
            assert "13905959999" not in cell, f"plaintext phone found in {table}"

    def test_same_number_encrypts_differently_each_time(self):
        assert pii.encrypt("11010519491231002X") != pii.encrypt("11010519491231002X")

    def test_tampered_ciphertext_is_rejected(self):
        blob = bytearray(pii.encrypt("11010519491231002X"))
        blob[-1] ^= 1
        with pytest.raises(pii.DecryptionError):
            pii.decrypt(bytes(blob))

    def test_wrong_key_cannot_decrypt(self, settings):
        blob = pii.encrypt("11010519491231002X")
        settings.PII_ENCRYPTION_KEY = "00" * 16
        with pytest.raises(pii.DecryptionError):
            pii.decrypt(blob)

    def test_blind_index_finds_the_member_by_exact_number(self, created_member):
        member, number = created_member
        found = Member.objects.get(id_number_digest=pii.blind_index(number.lower()))
        assert found.pk == member.pk


class TestMasking:
    def test_id_number_keeps_first_and_last_four(self):
        assert pii.mask_id_number("11010519491231002X") == "1101**********002X"

    def test_phone_keeps_first_three_and_last_four(self):
        assert pii.mask_phone("13905951234") == "139****1234"

    def test_short_values_are_fully_masked(self):
        assert pii.mask_phone("12345") == "*****"
