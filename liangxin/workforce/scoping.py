"""Who sees which instructors, appointments, visits and hazards (core.scoping)."""

from django.db.models import Q

from liangxin.core.scoping import Scope, any_of, prefix_q, scope_filter
from liangxin.enterprises.models import Enterprise
from liangxin.workforce.models import (
    AssignedEnterprise,
    Assignment,
    AssignmentEvent,
    Hazard,
    Instructor,
    Visit,
    VisitPhoto,
)
from liangxin.workforce.models_people import (
    Allowance,
    AllowanceRule,
    AnnualCheck,
    Assessment,
    Certification,
    CertificationEvent,
    CertificationFile,
    CertificationLevel,
    Honour,
    PartnerGroup,
    PartnerTask,
    PartyWorker,
    Placement,
    PoolEntry,
    Training,
    TrainingAttendance,
    WorkList,
    WorkListEvidence,
    WorkListItem,
)


def _reachable_enterprises(scope: Scope):
    """The enterprises of the scope's regions and organizations (not an instructor's own:
    an instructor sees their own work, not the other instructors' at the same firm)."""
    if not (scope.region_paths or scope.organization_paths):
        return None
    reachable = scope_filter(
        Enterprise,
        Scope(region_paths=scope.region_paths, organization_paths=scope.organization_paths),
    )
    return Enterprise.objects.filter(reachable).values("id")


def instructor_rule(scope: Scope) -> Q | None:
    """By region, through the enterprises they are assigned to, and the instructor themself."""
    via_enterprises = None
    enterprises = _reachable_enterprises(scope)
    if enterprises is not None:
        through = Instructor.enterprises.through.objects.filter(enterprise_id__in=enterprises)
        via_enterprises = Q(pk__in=through.values("instructor_id"))
    itself = Q(pk=scope.instructor_id) if scope.instructor_id else None
    return any_of(prefix_q("region__path", scope.region_paths), via_enterprises, itself)


def _own(field: str, scope: Scope) -> Q | None:
    return Q(**{field: scope.instructor_id}) if scope.instructor_id else None


def assignment_rule(scope: Scope) -> Q | None:
    via_enterprises = None
    enterprises = _reachable_enterprises(scope)
    if enterprises is not None:
        through = AssignedEnterprise.objects.filter(enterprise_id__in=enterprises)
        via_enterprises = Q(pk__in=through.values("assignment_id"))
    return any_of(
        prefix_q("instructor__region__path", scope.region_paths),
        via_enterprises,
        _own("instructor_id", scope),
    )


def assigned_enterprise_rule(scope: Scope) -> Q | None:
    visible = assignment_rule(scope)
    if visible is None:
        return None
    return Q(assignment_id__in=Assignment.objects.filter(visible).values("id"))


def _through_assignment(scope: Scope) -> Q | None:
    visible = assignment_rule(scope)
    return None if visible is None else Q(assignment__in=Assignment.objects.filter(visible))


def _visit_q(prefix: str, scope: Scope) -> Q | None:
    enterprises = _reachable_enterprises(scope)
    via = Q(**{f"{prefix}enterprise_id__in": enterprises}) if enterprises is not None else None
    return any_of(via, _own(f"{prefix}instructor_id", scope))


def worker_q(prefix: str, scope: Scope) -> Q | None:
    """A party worker: by region, by the organization subtree they work in, or themself
    (an instructor with a worker record)."""
    itself = Q(**{f"{prefix}instructor_id": scope.instructor_id}) if scope.instructor_id else None
    own = Q(**{f"{prefix}id": scope.worker_id}) if scope.worker_id else None
    return any_of(
        prefix_q(f"{prefix}region__path", scope.region_paths),
        prefix_q(f"{prefix}organization__path", scope.organization_paths),
        itself,
        own,
    )


def _through_worker(prefix: str):
    return lambda scope: worker_q(prefix, scope)


def assessment_rule(scope: Scope) -> Q | None:
    instructors = None
    if scope.region_paths or scope.instructor_id:
        visible = instructor_rule(scope)
        if visible is not None:
            instructors = Q(instructor__in=Instructor.objects.filter(visible).values("id"))
    return any_of(worker_q("worker__", scope), instructors)


def honour_rule(scope: Scope) -> Q | None:
    return any_of(
        worker_q("worker__", scope),
        prefix_q("organization__path", scope.organization_paths),
        prefix_q("organization__region__path", scope.region_paths),
    )


def training_rule(scope: Scope) -> Q | None:
    """Held in the scope's regions, or attended by someone the scope sees."""
    attended = None
    workers = worker_q("", scope)
    if workers is not None and (scope.organization_paths or scope.instructor_id):
        seen = PartyWorker.objects.filter(workers).values("id")
        attended = Q(
            pk__in=TrainingAttendance.objects.filter(worker_id__in=seen).values("training_id")
        )
    return any_of(prefix_q("region__path", scope.region_paths), attended)


def _region_only(prefix: str):
    return lambda scope: prefix_q(f"{prefix}region__path", scope.region_paths)


def published_setting(scope: Scope) -> Q | None:
    """The district's published settings (levels, allowance rules): every business user."""
    return None if scope.is_empty else Q()


SCOPE_RULES = [
    (Instructor, instructor_rule),
    (Assignment, assignment_rule),
    (AssignedEnterprise, assigned_enterprise_rule),
    (AssignmentEvent, lambda scope: _through_assignment(scope)),
    (Visit, lambda scope: _visit_q("", scope)),
    (VisitPhoto, lambda scope: _visit_q("visit__", scope)),
    (Hazard, lambda scope: _visit_q("visit__", scope)),
    (PartyWorker, _through_worker("")),
    (WorkList, _through_worker("worker__")),
    (WorkListItem, _through_worker("work_list__worker__")),
    (WorkListEvidence, _through_worker("item__work_list__worker__")),
    (Assessment, assessment_rule),
    (Honour, honour_rule),
    (CertificationLevel, published_setting),
    (Certification, _through_worker("worker__")),
    (CertificationEvent, _through_worker("certification__worker__")),
    (CertificationFile, _through_worker("certification__worker__")),
    (AnnualCheck, _through_worker("certification__worker__")),
    (AllowanceRule, published_setting),
    (Allowance, _through_worker("worker__")),
    (Training, training_rule),
    (TrainingAttendance, _through_worker("worker__")),
    (PoolEntry, _region_only("")),
    (Placement, _region_only("entry__")),
    (PartnerGroup, _region_only("")),
    (PartnerTask, _region_only("group__")),
]
