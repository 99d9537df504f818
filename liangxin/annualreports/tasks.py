"""Background generation of a report through Django's tasks API (like ledger.tasks):
production hands the job to ``manage.py db_worker``; tests use the immediate backend. The
task takes the job id only; the job row carries the rest and the progress."""

import logging

from django.core.exceptions import ValidationError
from django.tasks import task

from liangxin.annualreports import services
from liangxin.annualreports.models import ReportJob
from liangxin.core.audit import CHANNEL_WEB, audit_context
from liangxin.ledger.models import JobStatus

logger = logging.getLogger(__name__)
UNEXPECTED = "生成报告时发生意外错误，请稍后重试；多次失败请联系系统管理员"


@task()
def run_report_job(job_id: int) -> None:
    job = ReportJob.objects.select_related("user", "report__region").filter(pk=job_id).first()
    if job is None or job.status != JobStatus.QUEUED or job.user is None:
        return
    with audit_context(job.user, channel=CHANNEL_WEB, report_job=job.pk):
        try:
            services.run_job(job)
        except ValidationError as exc:
            services.fail_job(job, "；".join(exc.messages))
        except Exception:
            logger.exception("annual report job %s failed", job.pk)
            services.fail_job(job, UNEXPECTED)


def start(job: ReportJob) -> None:
    result = run_report_job.enqueue(job.pk)
    ReportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
