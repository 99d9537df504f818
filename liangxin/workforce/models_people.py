"""Party workers, their yearly work lists and assessments, certification, allowances,
honours, training, the talent pool and partner groups (WORK.md §4).

Imported by ``models.py`` so Django finds them; kept apart because the instructors'
appointments and visits are a different part of the work.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from liangxin.core.attachments import Attachment
from liangxin.core.models import TimeStampedModel, WorkflowEvent
from liangxin.core.pinyin import NameInitials, initials_field, initials_index

# --- party workers and stations (党务工作者, 一站一岗) --------------------------------------


class WorkerRole(models.TextChoices):
    SECRETARY = "secretary", "书记"
    DEPUTY_SECRETARY = "deputy", "专职副书记"
    FULL_TIME = "full_time", "专职党务工作者"
    PART_TIME = "part_time", "兼职党务工作者"
    INSTRUCTOR = "instructor", "党建指导员"
    LIAISON = "liaison", "党建联络员"
    DUAL_HIRED = "dual_hired", "双选聘党务干部"


class WorkerChannel(models.TextChoices):
    INTERNAL = "internal", "内部选"
    EXTERNAL = "external", "外部聘"
    ASSIGNED = "assigned", "组织派"


class WorkerState(models.TextChoices):
    ACTIVE = "active", "在岗"
    LEFT = "left", "离岗"


class SecretaryGrade(models.TextChoices):
    """书记分级管理: the district's three bands (labels a district may rename on the page)."""

    A = "A", "A类（示范）"
    B = "B", "B类（合格）"
    C = "C", "C类（需提升）"


class PartyWorker(NameInitials, TimeStampedModel):
    """党务工作者: a person doing Party work in or for the enterprises of a region."""

    name = models.CharField("姓名", max_length=50)
    name_initials = initials_field()
    member = models.ForeignKey(
        "members.Member",
        verbose_name="党员档案",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="party_work",
    )
    instructor = models.OneToOneField(
        "workforce.Instructor",
        verbose_name="指导员档案",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="worker",
    )
    role = models.CharField("身份", max_length=12, choices=WorkerRole.choices)
    full_time = models.BooleanField("专职", default=False)
    channel = models.CharField(
        "选配渠道", max_length=10, choices=WorkerChannel.choices, blank=True, default=""
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="所属区域",
        on_delete=models.PROTECT,
        related_name="party_workers",
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="所在党组织",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="party_workers",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="所在企业",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="party_workers",
    )
    station = models.ForeignKey(
        "organizations.PartyStation",
        verbose_name="所在党群工作站",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workers",
    )
    secretary_grade = models.CharField(
        "书记分级", max_length=1, choices=SecretaryGrade.choices, blank=True, default=""
    )
    started_on = models.DateField("任职日期")
    ended_on = models.DateField("离岗日期", null=True, blank=True)
    state = models.CharField(
        "状态", max_length=10, choices=WorkerState.choices, default=WorkerState.ACTIVE
    )
    pioneer_craftsman = models.BooleanField(
        "先锋工匠", default=False, help_text="张家港：先锋工匠可直接申报特级党务工作者"
    )
    # A full-time worker signs in with the instructor role (DOMAIN.md §1: 党建指导员,
    # 专职党务工作者) to report the progress of their own work list.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="party_worker",
    )

    class Meta:
        verbose_name = "党务工作者"
        verbose_name_plural = "党务工作者"
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["name"], name="workforce_worker_name_idx"),
            initials_index("workforce_worker_initials_idx"),
            models.Index(fields=["role", "started_on"], name="workforce_worker_role_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=WorkerRole.values),
                name="workforce_worker_role_valid",
                violation_error_message="党务工作者身份无效",
            ),
            models.CheckConstraint(
                condition=Q(state__in=WorkerState.values),
                name="workforce_worker_state_valid",
                violation_error_message="党务工作者状态无效",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="workforce_worker_dates",
                violation_error_message="离岗日期不能早于任职日期",
            ),
            # 一站一岗 [L:张家港]: one full-time worker in post at each station.
            models.UniqueConstraint(
                fields=["station"],
                condition=Q(state=WorkerState.ACTIVE, full_time=True, station__isnull=False),
                name="workforce_one_worker_per_station",
                violation_error_message="该党群工作站已有在岗的专职党务工作者（一站一岗）",
            ),
        ]

    def __str__(self):
        return self.name


# --- yearly work list and assessment (工作清单, 年度考核) ------------------------------------


class WorkListState(models.TextChoices):
    DRAFT = "draft", "草稿"
    ISSUED = "issued", "已下达"
    ASSESSED = "assessed", "已考核"


class WorkList(TimeStampedModel):
    """工作清单 issued by the district to a full-time worker for a year [L:张家港]."""

    worker = models.ForeignKey(
        PartyWorker, verbose_name="党务工作者", on_delete=models.PROTECT, related_name="work_lists"
    )
    year = models.PositiveSmallIntegerField("年度")
    issued_by = models.CharField("下达单位", max_length=100, blank=True, default="")
    issued_on = models.DateField("下达日期", null=True, blank=True)
    state = models.CharField(
        "状态", max_length=10, choices=WorkListState.choices, default=WorkListState.DRAFT
    )

    class Meta:
        verbose_name = "年度工作清单"
        verbose_name_plural = "年度工作清单"
        ordering = ["-year", "worker_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "year"],
                name="workforce_work_list_once_a_year",
                violation_error_message="该党务工作者本年度已有工作清单",
            ),
            models.CheckConstraint(
                condition=Q(state__in=WorkListState.values),
                name="workforce_work_list_state_valid",
                violation_error_message="工作清单状态无效",
            ),
        ]

    def __str__(self):
        return f"{self.worker}·{self.year}年工作清单"


class WorkListItem(models.Model):
    work_list = models.ForeignKey(
        WorkList, verbose_name="工作清单", on_delete=models.CASCADE, related_name="items"
    )
    title = models.CharField("事项", max_length=200)
    target = models.CharField("目标", max_length=500, blank=True, default="")
    weight = models.PositiveSmallIntegerField("权重（分）", help_text="各项权重合计100分")
    due_on = models.DateField("完成时限", null=True, blank=True)
    progress = models.PositiveSmallIntegerField("完成进度（%）", default=0)
    evidence = models.TextField("佐证说明", max_length=2000, blank=True, default="")
    position = models.PositiveSmallIntegerField("序号", default=0)

    class Meta:
        verbose_name = "工作清单事项"
        verbose_name_plural = "工作清单事项"
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="workforce_work_item_progress_range",
                violation_error_message="完成进度应在0到100之间",
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100),
                name="workforce_work_item_weight_range",
                violation_error_message="权重应在1到100之间",
            ),
        ]

    def __str__(self):
        return self.title


class WorkListEvidence(Attachment):
    item = models.ForeignKey(
        WorkListItem, verbose_name="清单事项", on_delete=models.CASCADE, related_name="files"
    )

    class Meta:
        verbose_name = "清单佐证材料"
        verbose_name_plural = "清单佐证材料"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    COMPETENT = "competent", "称职"
    BASIC = "basic", "基本称职"
    INCOMPETENT = "incompetent", "不称职"


class Assessment(TimeStampedModel):
    """年度考核 of a party worker (from the work list) or an instructor (beside the visits)."""

    worker = models.ForeignKey(
        PartyWorker,
        verbose_name="党务工作者",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
    )
    instructor = models.ForeignKey(
        "workforce.Instructor",
        verbose_name="党建指导员",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
    )
    year = models.PositiveSmallIntegerField("年度")
    list_score = models.DecimalField(
        "清单得分", max_digits=5, decimal_places=1, null=True, blank=True
    )
    assessor_grade = models.CharField(
        "考核人评定", max_length=12, choices=Grade.choices, blank=True, default=""
    )
    grade = models.CharField("考核等次", max_length=12, choices=Grade.choices)
    assessor = models.CharField("考核人", max_length=100, blank=True, default="")
    assessed_on = models.DateField("考核日期")
    comment = models.CharField("评语", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "年度考核"
        verbose_name_plural = "年度考核"
        ordering = ["-year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(worker__isnull=False, instructor__isnull=True)
                | Q(worker__isnull=True, instructor__isnull=False),
                name="workforce_assessment_one_subject",
                violation_error_message="考核对象须为一名党务工作者或一名指导员",
            ),
            models.CheckConstraint(
                condition=Q(grade__in=Grade.values),
                name="workforce_assessment_grade_valid",
                violation_error_message="考核等次无效",
            ),
            models.UniqueConstraint(
                fields=["worker", "year"],
                condition=Q(worker__isnull=False),
                name="workforce_worker_assessed_once",
                violation_error_message="该党务工作者本年度已有考核结果",
            ),
            models.UniqueConstraint(
                fields=["instructor", "year"],
                condition=Q(instructor__isnull=False),
                name="workforce_instructor_assessed_once",
                violation_error_message="该指导员本年度已有考核结果",
            ),
        ]

    def __str__(self):
        return f"{self.worker or self.instructor}·{self.year}年·{self.get_grade_display()}"


# --- honours (荣誉) ----------------------------------------------------------------------


class HonourLevel(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县（区）级"
    TOWN = "town", "镇（街道）级"


class Honour(TimeStampedModel):
    """荣誉 held by a party worker or an organization; feeds allowances and ratings."""

    worker = models.ForeignKey(
        PartyWorker,
        verbose_name="获得者（个人）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="honours",
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="获得者（党组织）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="honours",
    )
    title = models.CharField("荣誉名称", max_length=200)
    level = models.CharField("级别", max_length=10, choices=HonourLevel.choices)
    awarded_by = models.CharField("授予单位", max_length=100)
    awarded_on = models.DateField("授予日期")
    document_no = models.CharField("文号", max_length=100, blank=True, default="")

    class Meta:
        verbose_name = "荣誉"
        verbose_name_plural = "荣誉"
        ordering = ["-awarded_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(worker__isnull=False, organization__isnull=True)
                | Q(worker__isnull=True, organization__isnull=False),
                name="workforce_honour_one_holder",
                violation_error_message="荣誉须授予一名党务工作者或一个党组织",
            ),
            models.CheckConstraint(
                condition=Q(level__in=HonourLevel.values),
                name="workforce_honour_level_valid",
                violation_error_message="荣誉级别无效",
            ),
        ]

    def __str__(self):
        return self.title


# --- certification (党务工作者职业化认证) ----------------------------------------------------


class CertLevel(models.TextChoices):
    JUNIOR = "junior", "初级"
    MIDDLE = "middle", "中级"
    SENIOR = "senior", "高级"
    SPECIAL = "special", "特级"


class IssuerLevel(models.TextChoices):
    DISTRICT = "district", "区（县）"
    CITY = "city", "市"
    PROVINCE = "province", "省"


class CertificationLevel(models.Model):
    """Per level: who certifies it and how long a certificate holds — a district edits these
    [L: a 江苏 district, 2021: the district issues 初/中, records 高 (city) and 特 (province)]."""

    level = models.CharField("等级", max_length=10, choices=CertLevel.choices, unique=True)
    issuer_level = models.CharField("认证机关层级", max_length=10, choices=IssuerLevel.choices)
    issuer_name = models.CharField("认证机关", max_length=100, blank=True, default="")
    valid_years = models.PositiveSmallIntegerField("证书有效期（年）", default=3)
    source = models.CharField("依据", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "认证等级设置"
        verbose_name_plural = "认证等级设置"
        ordering = ["id"]

    def __str__(self):
        return self.get_level_display()


class CertState(models.TextChoices):
    APPLIED = "applied", "个人申报"
    QUALIFIED = "qualified", "资格审查"
    TESTED = "tested", "培训测试"
    REVIEWED = "reviewed", "综合评审"
    PUBLICIZED = "publicized", "社会公示"
    ISSUED = "issued", "已发证"
    REJECTED = "rejected", "未通过"
    SUSPENDED = "suspended", "暂停"
    REVOKED = "revoked", "撤销"


class Certification(TimeStampedModel):
    """One application for a level and, once issued, the certificate."""

    worker = models.ForeignKey(
        PartyWorker,
        verbose_name="党务工作者",
        on_delete=models.PROTECT,
        related_name="certifications",
    )
    level = models.CharField("申报等级", max_length=10, choices=CertLevel.choices)
    issuer_level = models.CharField("认证机关层级", max_length=10, choices=IssuerLevel.choices)
    direct_special = models.BooleanField(
        "先锋工匠直接申报特级", default=False, help_text="张家港：先锋工匠可直接申报特级"
    )
    state = models.CharField(
        "状态", max_length=12, choices=CertState.choices, default=CertState.APPLIED
    )
    applied_on = models.DateField("申报日期")
    evidence = models.TextField("申报材料说明", max_length=2000, blank=True, default="")
    training_hours = models.DecimalField(
        "培训学时", max_digits=5, decimal_places=1, null=True, blank=True
    )
    test_score = models.DecimalField(
        "测试成绩", max_digits=5, decimal_places=1, null=True, blank=True
    )
    certificate_no = models.CharField("证书编号", max_length=50, blank=True, default="")
    issued_on = models.DateField("发证日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)

    class Meta:
        verbose_name = "职业化认证"
        verbose_name_plural = "职业化认证"
        ordering = ["-applied_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=CertLevel.values),
                name="workforce_cert_level_valid",
                violation_error_message="认证等级无效",
            ),
            models.CheckConstraint(
                condition=Q(state__in=CertState.values),
                name="workforce_cert_state_valid",
                violation_error_message="认证状态无效",
            ),
            models.CheckConstraint(
                condition=~Q(state=CertState.ISSUED)
                | Q(issued_on__isnull=False, valid_until__isnull=False),
                name="workforce_cert_issued_dates",
                violation_error_message="发证须填写发证日期和有效期",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("issued_on")),
                name="workforce_cert_validity_after_issue",
                violation_error_message="有效期不能早于发证日期",
            ),
            models.UniqueConstraint(
                fields=["certificate_no"],
                condition=~Q(certificate_no=""),
                name="workforce_cert_number_unique",
                violation_error_message="证书编号已存在",
            ),
        ]

    def __str__(self):
        return f"{self.worker}·{self.get_level_display()}"


class CertificationEvent(WorkflowEvent):
    certification = models.ForeignKey(
        Certification, verbose_name="认证", on_delete=models.CASCADE, related_name="events"
    )
    state = models.CharField("状态", max_length=12, choices=CertState.choices)

    class Meta:
        verbose_name = "认证流程记录"
        verbose_name_plural = "认证流程记录"
        ordering = ["at", "id"]


class CertificationFile(Attachment):
    certification = models.ForeignKey(
        Certification, verbose_name="认证", on_delete=models.CASCADE, related_name="files"
    )

    class Meta:
        verbose_name = "认证申报材料"
        verbose_name_plural = "认证申报材料"


class AnnualCheck(models.Model):
    """年检: once a year per certificate; a failed check suspends it."""

    certification = models.ForeignKey(
        Certification, verbose_name="认证", on_delete=models.CASCADE, related_name="annual_checks"
    )
    year = models.PositiveSmallIntegerField("年度")
    checked_on = models.DateField("年检日期")
    passed = models.BooleanField("年检合格")
    note = models.CharField("说明", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "认证年检"
        verbose_name_plural = "认证年检"
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["certification", "year"],
                name="workforce_annual_check_once",
                violation_error_message="该证书本年度已年检",
            )
        ]

    def __str__(self):
        return f"{self.certification}·{self.year}年检"


# --- allowances (津贴) --------------------------------------------------------------------


class AllowanceKind(models.TextChoices):
    CERTIFICATION = "certification", "认证津贴"
    HONOUR = "honour", "荣誉津贴"
    RED_COLLAR = "red_collar", "红领津贴"
    SUBSIDY = "subsidy", "书记/指导员补贴"


class AllowanceRule(TimeStampedModel):
    """An allowance a district pays, as data: amount per year for a certification level or an
    honour level, the cap, and the conditions (WORK.md §4 Rules, [L:张家港], [L:晋江])."""

    kind = models.CharField("津贴类型", max_length=14, choices=AllowanceKind.choices)
    cert_level = models.CharField(
        "认证等级", max_length=10, choices=CertLevel.choices, blank=True, default=""
    )
    honour_level = models.CharField(
        "最低荣誉级别", max_length=10, choices=HonourLevel.choices, blank=True, default=""
    )
    amount = models.DecimalField("每年金额（元）", max_digits=9, decimal_places=2)
    cap = models.DecimalField("封顶（元）", max_digits=9, decimal_places=2, null=True, blank=True)
    requires_assessment = models.CharField(
        "须年度考核不低于",
        max_length=12,
        choices=Grade.choices,
        blank=True,
        default=Grade.COMPETENT,
        help_text="为空则不看年度考核",
    )
    requires_annual_check = models.BooleanField("须年检合格", default=True)
    effective_from = models.PositiveSmallIntegerField("起始年度")
    effective_to = models.PositiveSmallIntegerField("截止年度", null=True, blank=True)
    source = models.CharField("依据", max_length=300)

    class Meta:
        verbose_name = "津贴规则"
        verbose_name_plural = "津贴规则"
        ordering = ["kind", "cert_level", "-effective_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AllowanceKind.values),
                name="workforce_allowance_rule_kind_valid",
                violation_error_message="津贴类型无效",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="workforce_allowance_rule_amount",
                violation_error_message="金额不能为负数",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="workforce_allowance_rule_years",
                violation_error_message="截止年度不能早于起始年度",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount} 元"


class AllowanceState(models.TextChoices):
    COMPUTED = "computed", "已核算"
    APPROVED = "approved", "已审批"
    PAID = "paid", "已发放"


class Allowance(TimeStampedModel):
    """One line of a year's allowance list, computed from the rules and kept as paid."""

    worker = models.ForeignKey(
        PartyWorker, verbose_name="党务工作者", on_delete=models.PROTECT, related_name="allowances"
    )
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("津贴类型", max_length=14, choices=AllowanceKind.choices)
    rule = models.ForeignKey(
        AllowanceRule, verbose_name="适用规则", on_delete=models.PROTECT, related_name="+"
    )
    basis = models.CharField("核算依据", max_length=300, blank=True, default="")
    amount = models.DecimalField("金额（元）", max_digits=9, decimal_places=2)
    state = models.CharField(
        "状态", max_length=10, choices=AllowanceState.choices, default=AllowanceState.COMPUTED
    )

    class Meta:
        verbose_name = "津贴"
        verbose_name_plural = "津贴"
        ordering = ["-year", "worker_id", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "year", "kind"],
                name="workforce_allowance_once",
                violation_error_message="该党务工作者本年度已有此类津贴",
            ),
            models.CheckConstraint(
                condition=Q(state__in=AllowanceState.values),
                name="workforce_allowance_state_valid",
                violation_error_message="津贴状态无效",
            ),
        ]

    def __str__(self):
        return f"{self.worker}·{self.year}·{self.get_kind_display()}"


# --- training (培训) ----------------------------------------------------------------------


class TrainingLevel(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "区（县）级"
    TOWN = "town", "镇级"
    AREA = "area", "区域"


class TrainingKind(models.TextChoices):
    REGULAR = "regular", "专题培训"
    INITIAL = "initial", "初任培训"
    ROTATION = "rotation", "年度轮训"


class TrainingMode(models.TextChoices):
    OFFLINE = "offline", "线下集中"
    ONLINE = "online", "线上"


class Training(TimeStampedModel):
    title = models.CharField("培训主题", max_length=200)
    level = models.CharField("层级", max_length=10, choices=TrainingLevel.choices)
    kind = models.CharField(
        "类别", max_length=10, choices=TrainingKind.choices, default=TrainingKind.REGULAR
    )
    mode = models.CharField(
        "方式", max_length=10, choices=TrainingMode.choices, default=TrainingMode.OFFLINE
    )
    organizer = models.CharField("主办单位", max_length=100)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="所属区域",
        on_delete=models.PROTECT,
        related_name="trainings",
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    place = models.CharField("地点", max_length=200, blank=True, default="")
    has_test = models.BooleanField("有结业测试", default=False)

    class Meta:
        verbose_name = "培训班次"
        verbose_name_plural = "培训班次"
        ordering = ["-starts_on", "id"]
        indexes = [models.Index(fields=["starts_on"], name="workforce_training_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="workforce_training_dates",
                violation_error_message="结束日期不能早于开始日期",
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="workforce_training_hours_positive",
                violation_error_message="学时应大于0",
            ),
        ]

    def __str__(self):
        return self.title


class TrainingAttendance(models.Model):
    training = models.ForeignKey(
        Training, verbose_name="培训班次", on_delete=models.CASCADE, related_name="attendance"
    )
    worker = models.ForeignKey(
        PartyWorker, verbose_name="参训人员", on_delete=models.PROTECT, related_name="attendance"
    )
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    passed = models.BooleanField("测试合格", null=True, blank=True)

    class Meta:
        verbose_name = "参训记录"
        verbose_name_plural = "参训记录"
        constraints = [
            models.UniqueConstraint(
                fields=["training", "worker"],
                name="workforce_attendance_once",
                violation_error_message="该人员已在本班次签到",
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0),
                name="workforce_attendance_hours",
                violation_error_message="学时不能为负数",
            ),
        ]

    def __str__(self):
        return f"{self.worker}@{self.training}"


# --- talent pool (党务人才库) ---------------------------------------------------------------


class PoolTier(models.TextChoices):
    TOP_TEN = "top10", "十佳"
    HUNDRED = "top100", "百优"
    THOUSAND = "top1000", "千专"


class PoolState(models.TextChoices):
    RESERVE = "reserve", "储备"
    RECOMMENDED = "recommended", "已推荐"
    APPOINTED = "appointed", "已任用"


class PoolEntry(NameInitials, TimeStampedModel):
    name = models.CharField("姓名", max_length=50)
    name_initials = initials_field()
    worker = models.ForeignKey(
        PartyWorker,
        verbose_name="党务工作者档案",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pool_entries",
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField("来源渠道", max_length=10, choices=WorkerChannel.choices)
    skills = models.CharField("专长", max_length=300, blank=True, default="")
    tier = models.CharField("层次", max_length=8, choices=PoolTier.choices, blank=True, default="")
    available = models.BooleanField("可推荐", default=True)
    state = models.CharField(
        "状态", max_length=12, choices=PoolState.choices, default=PoolState.RESERVE
    )
    entered_on = models.DateField("入库日期")

    class Meta:
        verbose_name = "党务人才库"
        verbose_name_plural = "党务人才库"
        ordering = ["name", "id"]
        indexes = [initials_index("workforce_pool_initials_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=WorkerChannel.values),
                name="workforce_pool_channel_valid",
                violation_error_message="来源渠道无效",
            ),
        ]

    def __str__(self):
        return self.name


class Placement(TimeStampedModel):
    """推荐到企业 (e.g. at a 红色见面会 [L:丹东]) and whether taken into management."""

    entry = models.ForeignKey(
        PoolEntry, verbose_name="人才", on_delete=models.CASCADE, related_name="placements"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="推荐企业",
        on_delete=models.PROTECT,
        related_name="talent_placements",
    )
    event = models.CharField("推荐活动", max_length=100, blank=True, default="")
    recommended_on = models.DateField("推荐日期")
    hired = models.BooleanField("企业录用", default=False)
    in_management = models.BooleanField("进入管理层", default=False)
    note = models.CharField("说明", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "人才推荐"
        verbose_name_plural = "人才推荐"
        ordering = ["-recommended_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "enterprise", "recommended_on"],
                name="workforce_placement_once",
                violation_error_message="该人才当天已推荐到该企业",
            ),
            models.CheckConstraint(
                condition=Q(in_management=False) | Q(hired=True),
                name="workforce_placement_management_hired",
                violation_error_message="未录用的人才不能进入管理层",
            ),
        ]

    def __str__(self):
        return f"{self.entry}→{self.enterprise}"


# --- partner groups (先锋工匠 / 党建合伙人) ---------------------------------------------------


class PartnerGroup(TimeStampedModel):
    """A 先锋工匠 leading 10–20 secretaries for a year [L:张家港, since 2017]."""

    name = models.CharField("小组名称", max_length=100)
    leader = models.ForeignKey(
        PartyWorker, verbose_name="先锋工匠", on_delete=models.PROTECT, related_name="led_groups"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    members = models.ManyToManyField(
        PartyWorker, verbose_name="结对书记", blank=True, related_name="partner_groups"
    )

    class Meta:
        verbose_name = "党建合伙人小组"
        verbose_name_plural = "党建合伙人小组"
        ordering = ["-year", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "year"],
                name="workforce_partner_group_leader_year",
                violation_error_message="该先锋工匠本年度已带领一个小组",
            )
        ]

    def __str__(self):
        return self.name


class PartnerTaskKind(models.TextChoices):
    RESEARCH = "research", "党建课题"
    PROJECT = "project", "党建项目"
    BRAND = "brand", "党建品牌"
    BACKBONE = "backbone", "党员骨干"


class PartnerTask(models.Model):
    group = models.ForeignKey(
        PartnerGroup, verbose_name="小组", on_delete=models.CASCADE, related_name="tasks"
    )
    kind = models.CharField("类别", max_length=10, choices=PartnerTaskKind.choices)
    title = models.CharField("内容", max_length=200)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    evidence = models.CharField("成果说明", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "合伙人共同任务"
        verbose_name_plural = "合伙人共同任务"
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="workforce_partner_task_progress",
                violation_error_message="进度应在0到100之间",
            )
        ]

    def __str__(self):
        return self.title
