"""Background runs of ledger jobs through Django's tasks API (django.tasks).

Production: the database backend; ``manage.py db_worker`` picks the tasks up
(``make run`` starts one beside the server). Tests: the immediate backend runs
them inside the request. A running job beats (``heartbeat``): if its worker dies, the
lease runs out and the job ends ``interrupted``. Tasks take the job id only: the file itself stays
encrypted on disk and the job row carries everything else.
"""

from django.tasks import task

from liangxin.core.audit import CHANNEL_IMPORT, CHANNEL_WEB, audit_context
from liangxin.ledger import services, storage
from liangxin.ledger.heartbeat import Heartbeat
from liangxin.ledger.models import ExportJob, ImportJob, JobStatus

MISSING_FILE = "上传的文件已过保存期限或已被删除，请重新上传"


@task()
def run_import_job(job_id: int) -> None:
    job = ImportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.status != JobStatus.QUEUED:
        return  # deleted or cancelled while it waited
    try:
        data = storage.read(job.stored_file)
    except FileNotFoundError:
        ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, message=MISSING_FILE)
        return
    with audit_context(job.user, channel=CHANNEL_IMPORT, job=job.pk), Heartbeat(job):
        progress = services.JobProgress(job, expected_rows=services.estimated_rows(data))
        try:
            services.import_job_run(job=job, data=data, progress=progress)
        finally:
            progress.close()


@task()
def run_export_job(job_id: int) -> None:
    job = ExportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.status != JobStatus.QUEUED or job.user is None:
        return
    filters = services.export_job_filters(job)
    queryset = services.registry_list_queryset(kind=job.kind, user=job.user, filters=filters)
    with audit_context(job.user, channel=CHANNEL_WEB, export_job=job.pk), Heartbeat(job):
        services.export_job_run(job=job, queryset=queryset)


def start(task_function, job, *, inline: bool = False) -> None:
    """Run ``job`` now in this process (small files) or hand it to the task backend."""
    if inline:
        task_function.call(job.pk)
        return
    result = task_function.enqueue(job.pk)
    type(job).objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
