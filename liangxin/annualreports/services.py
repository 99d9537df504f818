"""Writes of the annual reports: start a report's generation (a background job), edit its
text, finalize it (figures freeze), and replace the default Word template (WORK.md §7
"Annual work report [I]"). Every refusal is a ValidationError in Chinese; a region outside
the actor's scope is OutOfScope (views answer 404)."""

import datetime
import io
import zipfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from liangxin.annualreports import charts, documents, drafting, figures, permissions, selectors
from liangxin.annualreports.models import AnnualReport, ReportJob, ReportState, ReportTemplate
from liangxin.core.scoping import in_scope
from liangxin.core.services import OutOfScope
from liangxin.ledger.models import JobStatus

FIRST_YEAR = 2000
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
FINAL_REFUSED = "报告已定稿，数据和正文不再修改"
# A job that has not written progress for this long is taken for dead (its steps take
# seconds; LibreOffice's conversion is cut at documents.PDF_TIMEOUT_SECONDS).
STALE_MINUTES = 15


def check_year(year) -> int:
    try:
        year = int(str(year).strip())
    except (TypeError, ValueError):
        raise ValidationError({"year": "年度应为四位数字，如 2025"}) from None
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise ValidationError({"year": f"年度应在 {FIRST_YEAR} 至 {this_year} 之间"})
    return year


def _ensure_maker(actor, region) -> None:
    if not permissions.can_make(actor):
        raise PermissionDenied("您的角色不能生成年度工作报告")
    if not in_scope(region, actor):
        raise OutOfScope("该区域不在您的管辖范围内")


# --- generation ---------------------------------------------------------------------------


def start_report(*, actor, region, year, want_pdf: bool = True, refresh: bool = True) -> ReportJob:
    """The report of ``region`` for ``year`` (created on first use) and a job generating its
    files; the job runs through the task backend."""
    from liangxin.annualreports import tasks

    _ensure_maker(actor, region)
    year = check_year(year)
    with transaction.atomic():
        report, _ = AnnualReport.objects.get_or_create(
            region=region, year=year, defaults={"created_by": actor, "updated_by": actor}
        )
        _end_stale_jobs(report)
        running = report.jobs.filter(status__in=(JobStatus.QUEUED, JobStatus.RUNNING)).first()
        if running is not None:
            return running  # one generation at a time; its page shows the progress
        job = ReportJob.objects.create(
            report=report,
            user=actor,
            kind="annualreport",
            want_pdf=want_pdf,
            refresh=refresh and not report.is_final,
        )
    tasks.start(job)  # after the commit above: the worker must find the job's row
    return ReportJob.objects.get(pk=job.pk)


def _end_stale_jobs(report: AnnualReport) -> None:
    """A job whose worker died (killed, restarted) would block the report for ever: one
    that has not moved for STALE_MINUTES ends ``interrupted`` and a new one may start."""
    cutoff = timezone.now() - datetime.timedelta(minutes=STALE_MINUTES)
    active = report.jobs.filter(status__in=(JobStatus.QUEUED, JobStatus.RUNNING))
    stale = active.filter(
        Q(progress_at__lt=cutoff) | Q(progress_at__isnull=True, started_at__lt=cutoff)
    )
    stale.update(
        status=JobStatus.INTERRUPTED,
        message="生成任务长时间没有进展，已中断；请重新生成",
        finished_at=timezone.now(),
    )


def regenerate(*, actor, report: AnnualReport, want_pdf: bool = True) -> ReportJob:
    """New files for an existing report: a draft takes fresh figures, a final one keeps its
    frozen figures and text."""
    return start_report(
        actor=actor, region=report.region, year=report.year, want_pdf=want_pdf, refresh=True
    )


class Progress:
    """Writes the job's step count and stage to its row (the page polls it)."""

    def __init__(self, job: ReportJob, total: int):
        self.job, self.done = job, 0
        ReportJob.objects.filter(pk=job.pk).update(rows_total=total, rows_done=0)

    def step(self, stage: str, message: str = "") -> None:
        self.done += 1
        ReportJob.objects.filter(pk=self.job.pk).update(
            rows_done=self.done, stage=stage[:10], message=message, progress_at=timezone.now()
        )


def report_charts(report: AnnualReport) -> dict[str, bytes]:
    """Charts of the coverage (年初 and 统计日), the new members' priorities and the stars."""
    f = report.figures
    result = {}
    keys = figures.COVERAGE_KEYS[:2]
    labels, now, start = [], [], []
    for category, _ in figures.COVERAGE_CATEGORIES:
        for key in keys:
            figure = f.get(f"coverage.{category}.{key}")
            if not figure:
                continue
            labels.append(figure["label"].replace("覆盖率", "覆盖"))
            now.append(float(figure["value"] or 0))
            change = f.get(f"coverage.{category}.{key}.change", {}).get("value")
            start.append(float(figure["value"] or 0) - float(change) if change else None)
    if labels:
        series = {"统计日": now}
        if all(value is not None for value in start):
            series = {"年初": start, "统计日": now}
        result["coverage"] = charts.bars(
            labels, series, title=f"两个覆盖（截至 {report.as_of:%Y-%m-%d}）", unit="%"
        )
    priorities = [(k, v) for k, v in f.items() if k.startswith("members.priority.")]
    if priorities:
        result["members"] = charts.bars(
            [v["label"].removeprefix("新党员中") for _, v in priorities],
            {"人数": [float(v["value"] or 0) for _, v in priorities]},
            title=f"{report.year}年新党员四个优先",
            unit="名",
        )
    stars = [(k, v) for k, v in f.items() if k.startswith("stars.level_")]
    if stars:
        result["stars"] = charts.bars(
            [v["label"].removesuffix("党组织") for _, v in stars],
            {"党组织": [float(v["value"] or 0) for _, v in stars]},
            title="党组织星级分布",
            unit="个",
        )
    return result


def context(report: AnnualReport, *, region_name: str = "") -> dict:
    """What the template is filled with (documents module docstring)."""
    region_name = region_name or report.region.name
    # 总体情况 opens the report only when it has text; the sections are numbered after it.
    keys = [k for k in drafting.SECTION_ORDER if k != "intro" or report.sections.get(k)]
    numbers = documents.section_numbers(len(keys))
    sections = [
        {
            "number": number,
            "key": key,
            "title": drafting.SECTION_TITLES[key],
            "text": report.sections.get(key, "") or "（待填写）",
            "chart": "",
        }
        for number, key in zip(numbers, keys, strict=True)
    ]
    as_of = timezone.localtime(report.as_of) if report.as_of else None
    return {
        "title": f"{region_name}{report.year}年度两新党建工作报告",
        "region": region_name,
        "year": report.year,
        "as_of": f"{as_of:%Y年%m月%d日 %H:%M}" if as_of else "",
        "state": report.get_state_display(),
        "sections": sections,
        "figures": [
            {
                "label": figure["label"],
                "value": figures.value_text(figure),
                "base": figure.get("base", ""),
                "as_of": figure.get("as_of", ""),
                "query": figure.get("query", ""),
            }
            for figure in report.figures.values()
        ],
        "f": {key: figures.value_text(figure) for key, figure in report.figures.items()},
    }


def template_bytes(report: AnnualReport) -> bytes:
    template = selectors.active_template(report.region)
    if template is None:
        return documents.default_template_bytes()
    with template.file.open("rb") as handle:
        return handle.read()


def run_job(job: ReportJob) -> None:
    """figures (8 sections) → text → charts → Word → PDF; failures end the job with their
    Chinese message and keep what was made before them."""
    report = job.report
    steps = len(figures.SECTIONS) + 3 + (1 if job.want_pdf else 0)
    progress = Progress(job, steps)
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, stage="取数")
    if job.refresh and not report.is_final:
        report.as_of = timezone.now()
        report.figures = figures.collect(
            user=job.user,
            region=report.region,
            year=report.year,
            progress=lambda done, total, stage: progress.step(stage, f"已取数：{stage}"),
        )
        drafted = drafting.draft(
            region_name=report.region.name,
            year=report.year,
            as_of=figures.as_of_date(report.year, timezone.localdate(report.as_of)).isoformat(),
            figures=report.figures,
        )
        kept = set(report.edited_sections)
        report.sections = {
            key: report.sections.get(key, "") if key in kept else text
            for key, text in drafted.items()
        }
        report.save(update_fields=["as_of", "figures", "sections", "updated_at"])
    else:
        for _, title in figures.SECTIONS:
            progress.step(title, "已定稿，沿用冻结的数据")
    progress.step("绘图", "正在绘制图表")
    images = report_charts(report)
    progress.step("生成Word", "正在套用模板生成 Word")
    docx = documents.render(template_bytes(report), context(report), images)
    name = f"{report.region.code}-{report.year}"
    if report.docx:  # the earlier file goes: a report keeps its latest files only
        report.docx.delete(save=False)
    report.docx.save(f"{name}.docx", ContentFile(docx), save=False)
    report.generated_at = timezone.now()
    report.save(update_fields=["docx", "generated_at", "updated_at"])
    progress.step("生成Word", "Word 文件已生成")
    if not job.want_pdf and report.pdf:  # an older PDF no longer matches the Word file
        report.pdf.delete(save=False)
        report.save(update_fields=["pdf", "updated_at"])
    if job.want_pdf:
        progress.step("生成PDF", "正在用 LibreOffice 转换 PDF")
        pdf = documents.to_pdf(docx)
        if report.pdf:
            report.pdf.delete(save=False)
        report.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
        report.save(update_fields=["pdf", "updated_at"])
    ReportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, message="报告已生成", finished_at=timezone.now()
    )


def fail_job(job: ReportJob, message: str) -> None:
    ReportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, message=message[:2000], finished_at=timezone.now()
    )


# --- text and state -----------------------------------------------------------------------


def save_sections(*, actor, report: AnnualReport, sections: dict) -> AnnualReport:
    _ensure_maker(actor, report.region)
    if report.is_final:
        raise ValidationError(FINAL_REFUSED)
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update(of=("self",)).get(pk=report.pk)
        if report.is_final:
            raise ValidationError(FINAL_REFUSED)
        edited = set(report.edited_sections)
        for key in drafting.SECTION_ORDER:
            if key in sections and sections[key] != report.sections.get(key, ""):
                report.sections[key] = sections[key]
                edited.add(key)
        report.edited_sections = sorted(edited)
        report.updated_by = actor
        report.save(update_fields=["sections", "edited_sections", "updated_by", "updated_at"])
    return report


def finalize(*, actor, report: AnnualReport) -> AnnualReport:
    """定稿: the figures and the text freeze; the files may still be regenerated from them."""
    _ensure_maker(actor, report.region)
    if report.is_final:
        raise ValidationError("报告已经定稿")
    if not report.figures:
        raise ValidationError("报告尚未取数，请先生成报告再定稿")
    report.state = ReportState.FINAL
    report.finalized_by = actor
    report.finalized_at = timezone.now()
    report.save(update_fields=["state", "finalized_by", "finalized_at", "updated_at"])
    return report


# --- the template ------------------------------------------------------------------------


def sample_context() -> dict:
    """A report's context with every key and a placeholder figure: an uploaded template
    must render with it."""
    today = timezone.localdate()
    report = AnnualReport(year=today.year, as_of=timezone.now())
    report.figures = {
        "members.new": {"label": "本年发展党员", "value": 0, "unit": "名", "base": "示例",
                        "as_of": today.isoformat(), "query": "示例"},
    }  # fmt: skip
    report.sections = {key: f"{title}（示例）" for key, title in drafting.SECTION_TITLES.items()}
    return context(report, region_name="示例区域")


def check_template(data: bytes, *, filename: str = "") -> None:
    """A real .docx, at most MAX_TEMPLATE_BYTES, that renders with a report's context."""
    if filename and not filename.lower().endswith(".docx"):
        raise ValidationError({"file": "请上传 Word 文档（.docx）；.doc 等旧格式请先另存为 .docx"})
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationError(
            {"file": f"模板文件过大：不能超过 {MAX_TEMPLATE_BYTES // 1024 // 1024} MB"}
        )
    if not data:
        raise ValidationError({"file": "上传的文件是空的"})
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise ValidationError({"file": "该文件不是 Word 文档（缺少 word/document.xml）"})
    except zipfile.BadZipFile:
        raise ValidationError(
            {"file": "该文件不是有效的 Word 文档（.docx），请检查后重新上传"}
        ) from None
    try:
        documents.render(data, sample_context(), {})
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None


def upload_template(*, actor, region, name: str, data: bytes, filename: str) -> ReportTemplate:
    """The district's own template replaces the default (and its earlier ones)."""
    if not permissions.can_replace_template(actor):
        raise PermissionDenied("只有区级管理员可以更换报告模板")
    if not in_scope(region, actor):
        raise OutOfScope("该区域不在您的管辖范围内")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "请填写模板名称"})
    check_template(data, filename=filename)
    with transaction.atomic():
        ReportTemplate.objects.filter(region=region, active=True).update(active=False)
        template = ReportTemplate(region=region, name=name[:100], uploaded_by=actor)
        template.file.save(f"{region.code}.docx", ContentFile(data), save=False)
        template.save()
    return template


def use_default_template(*, actor, region) -> int:
    if not permissions.can_replace_template(actor):
        raise PermissionDenied("只有区级管理员可以更换报告模板")
    if not in_scope(region, actor):
        raise OutOfScope("该区域不在您的管辖范围内")
    return ReportTemplate.objects.filter(region=region, active=True).update(active=False)
