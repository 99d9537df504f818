import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from liangxin.core import pii
from liangxin.core.validators import (
    birth_date_from_id_number,
    gender_from_id_number,
    validate_id_number,
    validate_phone,
)

# Error code of the named uniqueness constraints on the ID number's blind index.
DUPLICATE_ID_NUMBER = "duplicate_id_number"


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class WorkflowEvent(models.Model):
    """One step of a record's workflow (ARCHITECTURE.md example 5): a subclass adds the
    record it belongs to and the state reached; here who acted, when and why."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField("时间", default=timezone.now)
    comment = models.CharField("说明", max_length=500, blank=True, default="")

    class Meta:
        abstract = True


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


def phone_digest_index(prefix: str) -> models.Index:
    """The exact-lookup index on ``phone_digest`` for a ``PersonalDataModel`` table."""
    return models.Index(fields=["phone_digest"], name=f"{prefix}_phone_digest_idx")


class PersonalDataModel(TimeStampedModel):
    """A person's resident ID number and phone, encrypted at rest.

    The plaintext never reaches a column: ``*_cipher`` holds SM4-GCM ciphertext,
    ``*_digest`` a keyed blind index for uniqueness and exact lookup, ``*_masked``
    the form every page shows. Set values with :meth:`set_id_number` /
    :meth:`set_phone`; read them back with :meth:`reveal_id_number` (callers
    must audit the access, see ``liangxin.core.audit.record_unmask``).
    """

    # Pages and the API address people by this opaque id, never by ID number or row id.
    public_id = models.UUIDField("编号", default=uuid.uuid4, unique=True, editable=False)
    id_number_cipher = models.BinaryField("公民身份号码（密文）", editable=False)
    id_number_digest = models.CharField("公民身份号码索引", max_length=64, editable=False)
    id_number_masked = models.CharField("公民身份号码", max_length=18, editable=False)
    phone_cipher = models.BinaryField("手机号码（密文）", null=True, blank=True, editable=False)
    # Indexed by each concrete model's Meta (``phone_digest_index``), not db_index:
    # PostgreSQL would add a LIKE-prefix twin that no lookup of a digest can use and
    # every imported row pays for.
    phone_digest = models.CharField(
        "手机号码索引", max_length=64, blank=True, default="", editable=False
    )
    phone_masked = models.CharField(
        "手机号码", max_length=20, blank=True, default="", editable=False
    )

    PII_AUDIT_EXCLUDE = ["id_number_cipher", "phone_cipher"]

    class Meta:
        abstract = True

    def set_id_number(self, value: str) -> str:
        number = validate_id_number(value)
        self.id_number_cipher = pii.encrypt(number)
        self.id_number_digest = pii.blind_index(number)
        self.id_number_masked = pii.mask_id_number(number)
        return number

    def set_phone(self, value: str | None) -> None:
        if not value:
            self.phone_cipher, self.phone_digest, self.phone_masked = None, "", ""
            return
        phone = validate_phone(value)
        self.phone_cipher = pii.encrypt(phone)
        self.phone_digest = pii.blind_index(phone)
        self.phone_masked = pii.mask_phone(phone)

    def reveal_id_number(self) -> str:
        return pii.decrypt(self.id_number_cipher) if self.id_number_cipher else ""

    def reveal_phone(self) -> str:
        return pii.decrypt(self.phone_cipher) if self.phone_cipher else ""


def check_identity_agrees(number: str, *, gender: str | None, birth_date) -> dict:
    """GB 11643: gender and birth date are encoded in the number; the record must agree."""
    errors = {}
    if gender and gender != gender_from_id_number(number):
        errors["gender"] = ValidationError("性别与公民身份号码不符（第17位奇数为男、偶数为女）")
    if birth_date and birth_date != birth_date_from_id_number(number):
        errors["birth_date"] = ValidationError("出生日期与公民身份号码不符")
    return errors


class DataVersion(models.Model):
    """One row whose counter database triggers bump on every registry write.

    See ``liangxin.core.data_version``. The epoch is new whenever the row is
    created again (an emptied database), so counters from before never match.
    """

    counter = models.BigIntegerField("数据版本", default=0)
    epoch = models.UUIDField("版本纪元", default=uuid.uuid4)

    class Meta:
        verbose_name = "数据版本"
        verbose_name_plural = "数据版本"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="core_dataversion_single_row")
        ]

    def __str__(self) -> str:
        return f"{self.epoch}:{self.counter}"
