"""The annual work report of a region (WORK.md §7 "Annual work report [I]"): its Word
template, the report itself (figures, editable sections, the generated files) and the job
that generates it."""

from django.conf import settings
from django.db import models

from liangxin.ledger.models import BackgroundJob

FOLDER = "annualreports"


class ReportState(models.TextChoices):
    DRAFT = "draft", "草稿"
    FINAL = "final", "定稿"


class ReportTemplate(models.Model):
    """A district's own Word template; without one the app's default is used
    (``defaults.default_template``)."""

    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField("模板名称", max_length=100)
    file = models.FileField("模板文件", upload_to=f"{FOLDER}/templates/")
    active = models.BooleanField("启用", default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "报告模板"
        verbose_name_plural = "报告模板"
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.name


class AnnualReport(models.Model):
    """One region's report for one year. ``figures``: {key: {label, value, unit, base,
    as_of, query}}; ``sections``: {key: text}, drafted from the figures and edited by hand.
    Finalized (定稿): the figures and the text no longer change."""

    region = models.ForeignKey(
        "regions.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    as_of = models.DateTimeField("数据截至", null=True, blank=True)
    state = models.CharField(
        "状态", max_length=8, choices=ReportState.choices, default=ReportState.DRAFT
    )
    figures = models.JSONField("数据", default=dict, blank=True)
    sections = models.JSONField("正文段落", default=dict, blank=True)
    # The sections typed or edited by hand: a refresh of the figures redrafts the others only.
    edited_sections = models.JSONField("手工修改的段落", default=list, blank=True)
    docx = models.FileField("Word 文件", upload_to=f"{FOLDER}/docx/", blank=True)
    pdf = models.FileField("PDF 文件", upload_to=f"{FOLDER}/pdf/", blank=True)
    generated_at = models.DateTimeField("文件生成时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="定稿人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    finalized_at = models.DateTimeField("定稿时间", null=True, blank=True)

    class Meta:
        verbose_name = "年度工作报告"
        verbose_name_plural = "年度工作报告"
        ordering = ["-year", "region__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"],
                name="annualreport_one_per_region_year",
                violation_error_message="该区域该年度的报告已存在",
            )
        ]

    def __str__(self):
        return f"{self.region} {self.year}年度工作报告"

    @property
    def is_final(self) -> bool:
        return self.state == ReportState.FINAL


class ReportJob(BackgroundJob):
    """Generating a report's files (figures → charts → Word → PDF) in the background."""

    report = models.ForeignKey(
        AnnualReport, verbose_name="报告", on_delete=models.CASCADE, related_name="jobs"
    )
    refresh = models.BooleanField("重新取数", default=False)
    want_pdf = models.BooleanField("生成 PDF", default=True)

    class Meta:
        verbose_name = "报告生成任务"
        verbose_name_plural = "报告生成任务"
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.report} 生成任务 {self.pk}"
