from django.conf import settings
from django.db import models

from liangxin.core.models import DUPLICATE_ID_NUMBER, PersonalDataModel, phone_digest_index
from liangxin.core.pinyin import NameInitials, initials_field, initials_index


class InstructorSource(models.TextChoices):
    AGENCY = "agency", "机关派驻"
    HIRED = "hired", "社会化选聘"
    PART_TIME = "part_time", "兼职"


class Instructor(NameInitials, PersonalDataModel):
    """党建指导员: person, source, assigned enterprises (the workforce module comes later)."""

    name = models.CharField("姓名", max_length=50)
    name_initials = initials_field()
    source = models.CharField("来源", max_length=10, choices=InstructorSource.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="所属区域",
        on_delete=models.PROTECT,
        related_name="instructors",
        null=True,
        blank=True,
        help_text="管理该指导员的区域；为空时按联系企业所在区域确定可见范围",
    )
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise",
        verbose_name="联系企业",
        blank=True,
        related_name="instructors",
    )
    active = models.BooleanField("在岗", default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="instructor",
    )

    class Meta:
        verbose_name = "党建指导员"
        verbose_name_plural = "党建指导员"
        ordering = ["name", "id"]
        # Meta indexes, not db_index: no LIKE-prefix twins on PostgreSQL (see Member).
        indexes = [
            models.Index(fields=["name"], name="instructor_name_idx"),
            initials_index("instructor_initials_idx"),
            phone_digest_index("instructor"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_digest"],
                name="instructor_id_number_unique",
                violation_error_message="该公民身份号码已登记为党建指导员",
                violation_error_code=DUPLICATE_ID_NUMBER,
            ),
        ]

    def __str__(self):
        return self.name
