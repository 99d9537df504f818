"""Writes of brands and 标杆 projects: keyword-only, atomic, role and scope checked,
``full_clean()`` before save, each state change a typed event row (and auditlog's history)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from liangxin.brands import permissions
from liangxin.brands.models import (
    BenchmarkProject,
    Brand,
    BrandAction,
    BrandEvent,
    BrandEvidence,
    BrandKind,
    BrandState,
    NodeEvent,
    NodeEvidence,
    NodeState,
    Programme,
    ProgrammeTier,
    ProjectEvent,
    ProjectNode,
    ProjectState,
)
from liangxin.core.services import (
    ensure_references_in_scope,
    ensure_result_in_scope,
    ensure_target_in_scope,
    lock,
)

BRAND_FIELDS = ("kind", "name", "industry", "region", "story")
# Which state each action leaves, and the states it starts from.
TRANSITIONS = {
    BrandAction.SUBMIT: ((BrandState.CULTIVATING,), BrandState.SUBMITTED),
    BrandAction.RETURN: ((BrandState.SUBMITTED,), BrandState.CULTIVATING),
    BrandAction.NAME: ((BrandState.SUBMITTED,), BrandState.NAMED),
    BrandAction.REVIEW: ((BrandState.NAMED, BrandState.REVIEWED), BrandState.REVIEWED),
    BrandAction.REVOKE: ((BrandState.NAMED, BrandState.REVIEWED), BrandState.REVOKED),
}
NEEDS_REASON = (BrandAction.RETURN, BrandAction.REVOKE)
DISTRICT_ACTIONS = (BrandAction.RETURN, BrandAction.NAME, BrandAction.REVIEW, BrandAction.REVOKE)


def _ensure(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- brands ---------------------------------------------------------------------------------


def _derive_region(data: dict, holders: list) -> None:
    """一企一品 and 一业一品 sit in their first organization's region when none is given."""
    if data.get("region") is None and holders and data.get("kind") != BrandKind.AREA:
        data["region"] = holders[0].region


def _check_brand(brand: Brand, holders: list) -> None:
    errors = {}
    if brand.kind == BrandKind.ENTERPRISE and not holders:
        errors["holders"] = ["一企一品须选择所属党组织"]
    if brand.region_id is None:
        errors["region"] = ["请选择所属区域（一域一品）或所属党组织"]
    if errors:
        raise ValidationError(errors)
    _ensure_unique_for_holders(brand, holders)


def _ensure_unique_for_holders(brand: Brand, holders: list) -> None:
    """One organization does not hold two brands of one name (the database keeps names
    unique per region; a holder may sit in another region's brand)."""
    clash = (
        Brand.objects.filter(name=brand.name, holders__in=holders)
        .exclude(pk=brand.pk)
        .values_list("holders__name", flat=True)
        .first()
    )
    if clash:
        raise ValidationError({"name": [f"{clash}已有名为“{brand.name}”的党建品牌"]})


def _brand_event(brand, actor, action, comment="") -> None:
    event = BrandEvent(brand=brand, actor=actor, action=action, state=brand.state, comment=comment)
    event.full_clean()
    event.save()


def _save_brand(brand: Brand, data: dict, holders: list, actor) -> Brand:
    for name in BRAND_FIELDS:
        if name in data:
            setattr(brand, name, data[name])
    if isinstance(brand.name, str):
        brand.name = brand.name.strip()
    _check_brand(brand, holders)
    brand.full_clean()
    brand.save()
    brand.holders.set(holders)
    ensure_result_in_scope(brand, actor)
    return brand


@transaction.atomic
def brand_create(*, actor, data: dict, holders=(), uploads=()) -> Brand:
    """A brand in 培育, with the organizations it belongs to and its first evidence."""
    _ensure(permissions.can_keep_brand(actor), "您的角色不能登记党建品牌")
    holders, data = list(holders), dict(data)
    ensure_references_in_scope(
        actor, {"holders": holders, "region": data.get("region")}, "holders", "region"
    )
    _derive_region(data, holders)
    brand = _save_brand(Brand(created_by=actor), data, holders, actor)
    _brand_event(brand, actor, BrandAction.CREATE)
    _attach(brand, uploads, actor)
    return brand


@transaction.atomic
def brand_update(*, actor, brand: Brand, data: dict, holders=None, uploads=()) -> Brand:
    """Change a brand's fields; ``holders`` None keeps its organizations as they are."""
    _ensure(permissions.can_keep_brand(actor), "您的角色不能修改党建品牌")
    ensure_target_in_scope(brand, actor)
    brand = lock(brand)
    if brand.state == BrandState.REVOKED:
        raise ValidationError("已撤销的品牌不能再修改")
    holders = list(brand.holders.all()) if holders is None else list(holders)
    data = dict(data)
    ensure_references_in_scope(
        actor,
        {"holders": holders, "region": data.get("region")},
        "holders",
        "region",
        instance=brand,
    )
    _derive_region(data, holders)
    brand = _save_brand(brand, data, holders, actor)
    _attach(brand, uploads, actor)
    return brand


def _attach(brand: Brand, uploads, actor) -> None:
    for upload in uploads:
        BrandEvidence.from_upload(upload, user=actor, brand=brand).save()


@transaction.atomic
def brand_evidence_add(*, actor, brand: Brand, upload) -> BrandEvidence:
    _ensure(permissions.can_keep_brand(actor), "您的角色不能上传品牌佐证材料")
    ensure_target_in_scope(brand, actor)
    if lock(brand).state == BrandState.REVOKED:
        raise ValidationError("已撤销的品牌不能再上传材料")
    evidence = BrandEvidence.from_upload(upload, user=actor, brand=brand)
    evidence.save()
    return evidence


@transaction.atomic
def brand_transition(*, actor, brand: Brand, action: str, comment: str = "") -> Brand:
    """申报 by the holder or the town; 退回, 命名, 复核 and 撤销 by the district."""
    if action not in TRANSITIONS:
        raise ValidationError(f"未知的操作：{action}")
    action = BrandAction(action)
    if action in DISTRICT_ACTIONS:
        _ensure(permissions.can_name_brand(actor), f"只有区级管理员可以{action.label}党建品牌")
    else:
        _ensure(permissions.can_keep_brand(actor), "您的角色不能申报党建品牌")
    ensure_target_in_scope(brand, actor)
    brand = lock(brand)
    sources, target = TRANSITIONS[action]
    if brand.state not in sources:
        raise ValidationError(f"品牌当前为“{brand.get_state_display()}”，不能{action.label}")
    comment = comment.strip()
    if action in NEEDS_REASON and not comment:
        raise ValidationError(f"{action.label}须写明原因")
    _apply_state(brand, action, target)
    brand.full_clean()
    brand.save()
    _brand_event(brand, actor, action, comment)
    return brand


def _apply_state(brand: Brand, action, target) -> None:
    today = timezone.localdate()
    brand.state = target
    if action == BrandAction.NAME:
        brand.named_on = today
    elif action == BrandAction.REVIEW:
        brand.reviewed_on = today


# --- programmes -----------------------------------------------------------------------------

PROGRAMME_FIELDS = ("name", "region", "start_year", "end_year", "description", "source")


@transaction.atomic
def programme_create(*, actor, data: dict, tiers: list[tuple[str, int]]) -> Programme:
    """A drive and its tiers ("151": the names and targets the district gives them)."""
    _ensure(permissions.can_edit_programmes(actor), "只有区级管理员可以设立标杆创建工程")
    ensure_references_in_scope(actor, data, "region")
    if not tiers:
        raise ValidationError({"tiers": ["请至少填写一个层级及其目标数"]})
    programme = Programme(**{k: data[k] for k in PROGRAMME_FIELDS if k in data})
    programme.full_clean()
    programme.save()
    for order, (name, target) in enumerate(tiers, start=1):
        tier_add(actor=actor, programme=programme, name=name, target=target, order=order)
    ensure_result_in_scope(programme, actor)
    return programme


@transaction.atomic
def tier_add(*, actor, programme: Programme, name: str, target: int, order: int = 0):
    _ensure(permissions.can_edit_programmes(actor), "只有区级管理员可以修改标杆层级")
    tier = ProgrammeTier(programme=programme, name=name.strip(), target=target, order=order)
    tier.full_clean()
    tier.save()
    return tier


# --- projects and nodes ---------------------------------------------------------------------


@transaction.atomic
def project_create(
    *, actor, programme: Programme, tier: ProgrammeTier, organization, plan: str, owner: str
) -> BenchmarkProject:
    _ensure(permissions.can_manage_projects(actor), "只有镇（园区）或区级管理员可以立项")
    ensure_target_in_scope(programme, actor)
    ensure_references_in_scope(actor, {"organization": organization}, "organization")
    if tier.programme_id != programme.pk:
        raise ValidationError({"tier": ["该层级不属于本工程"]})
    project = BenchmarkProject(
        programme=programme, tier=tier, organization=organization, plan=plan, owner=owner
    )
    project.full_clean()
    project.save()
    _project_event(project, actor, "立项")
    return project


def _project_event(project, actor, comment="") -> None:
    event = ProjectEvent(project=project, actor=actor, state=project.state, comment=comment)
    event.full_clean()
    event.save()


@transaction.atomic
def project_close(*, actor, project: BenchmarkProject, state: str, comment: str = ""):
    """验收 (achieved) or 退出 (withdrawn, with a reason)."""
    _ensure(permissions.can_manage_projects(actor), "只有镇（园区）或区级管理员可以验收或退出")
    ensure_target_in_scope(project, actor)
    project = lock(project)
    if project.state != ProjectState.IN_PROGRESS:
        raise ValidationError(f"项目当前为“{project.get_state_display()}”，不能再变更")
    if state not in (ProjectState.ACHIEVED, ProjectState.WITHDRAWN):
        raise ValidationError("只能验收或退出")
    comment = comment.strip()
    if state == ProjectState.WITHDRAWN and not comment:
        raise ValidationError("退出须写明原因")
    if state == ProjectState.ACHIEVED and project.nodes.exclude(state=NodeState.DONE).exists():
        raise ValidationError("还有未完成的节点，不能验收")
    project.state = state
    project.full_clean()
    project.save()
    _project_event(project, actor, comment)
    return project


@transaction.atomic
def node_add(*, actor, project: BenchmarkProject, title: str, owner: str, due_on, order=0):
    _ensure(permissions.can_manage_projects(actor), "只有镇（园区）或区级管理员可以安排节点")
    ensure_target_in_scope(project, actor)
    node = ProjectNode(
        project=project, title=(title or "").strip(), owner=owner, due_on=due_on, order=order
    )
    node.full_clean()
    node.save()
    return node


@transaction.atomic
def node_progress(
    *, actor, node: ProjectNode, state: str, note: str = "", uploads=()
) -> ProjectNode:
    """The node's owner reports: its state, what was done, and the evidence."""
    _ensure(permissions.can_report_progress(actor), "您的角色不能填报节点进展")
    ensure_target_in_scope(node, actor)
    node = lock(node)
    if node.project.state != ProjectState.IN_PROGRESS:
        raise ValidationError("项目已验收或退出，节点不能再更新")
    if state not in NodeState.values:
        raise ValidationError({"state": ["请选择节点状态"]})
    node.state, node.progress_note = state, (note or "").strip() or node.progress_note
    node.done_on = (node.done_on or timezone.localdate()) if state == NodeState.DONE else None
    node.full_clean()
    node.save()
    for upload in uploads:
        NodeEvidence.from_upload(upload, user=actor, node=node).save()
    event = NodeEvent(node=node, actor=actor, state=node.state, comment=(note or "").strip()[:500])
    event.full_clean()
    event.save()
    return node
