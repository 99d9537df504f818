"""Writes of the funds (keyword-only, atomic, validated, in scope; the audit log keeps the
history). An illegal write is refused with a Chinese message and nothing is saved.

Nothing is double-counted: an allocation is one row per recipient, year and rule (named
constraints; generation skips what exists), a budget row is locked while a batch is
checked against it, and an allocation row is locked while an expense is checked against
its balance (two concurrent expenses cannot both pass)."""

import datetime
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from liangxin.core import attachments
from liangxin.core.scoping import in_scope, scoped
from liangxin.core.services import OutOfScope, ensure_target_in_scope, lock
from liangxin.dues.models import DuesMonth
from liangxin.funding import amounts, permissions, selectors
from liangxin.funding.models import (
    GENERATED_BASES,
    Allocation,
    AllocationEvent,
    AllocationEventKind,
    AllocationState,
    Basis,
    Budget,
    DuesRefund,
    EnterpriseFunding,
    Expense,
    ExpenseReceipt,
    FundingRule,
    FundingRuleVersion,
    RefundState,
)
from liangxin.funding.rules import SEPARATE_APPROVAL
from liangxin.regions.models import Region
from liangxin.rules.values import rule_value

ZERO = Decimal("0.00")


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _in_scope(record, actor, message: str) -> None:
    if not in_scope(record, actor):
        raise ValidationError(message)


def _save(instance):
    instance.full_clean()
    instance.save()
    return instance


def _text(value: str, limit: int, field: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationError({field: f"不能超过 {limit} 个字"})
    return value


# --- rules ------------------------------------------------------------------------------


@transaction.atomic
def rule_version_add(
    *,
    actor,
    rule: FundingRule,
    effective_from: datetime.date,
    amount=None,
    share_percent=None,
    org_kinds: str = "",
    station_levels: str = "",
    venue_kinds: str = "",
    star_level: int | None = None,
    prorate_founding: bool = False,
    note: str = "",
) -> FundingRuleVersion:
    """A new version from a date; the version in force ends the day before. A version an
    allocation has used is never edited: the new one may only start in a year no
    allocation of the rule has been generated for."""
    _require(permissions.can_edit_rules(actor), "只有区级管理员可以修改经费规则")
    rule = FundingRule.objects.select_for_update().get(pk=rule.pk)
    amount = amounts.parse_yuan(amount) if amount not in (None, "") else None
    latest = rule.versions.order_by("-number").first()
    if latest is not None:
        if effective_from <= latest.effective_from:
            raise ValidationError(
                {"effective_from": f"生效日期须晚于现行版本的生效日期 {latest.effective_from}"}
            )
        used = (
            rule.allocations.filter(year__gte=effective_from.year)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
        if used is not None:
            raise ValidationError(
                {
                    "effective_from": f"已按现行版本生成 {used} 年拨付，"
                    f"新版本须从 {used + 1} 年 1 月 1 日起生效"
                }
            )
        if latest.effective_to is None or latest.effective_to >= effective_from:
            latest.effective_to = effective_from - datetime.timedelta(days=1)
            _save(latest)
    version = FundingRuleVersion(
        rule=rule,
        number=(latest.number + 1) if latest else 1,
        amount=amount,
        share_percent=share_percent,
        org_kinds=_text(org_kinds, 200, "org_kinds"),
        station_levels=_text(station_levels, 200, "station_levels"),
        venue_kinds=_text(venue_kinds, 200, "venue_kinds"),
        star_level=star_level,
        prorate_founding=bool(prorate_founding),
        effective_from=effective_from,
        note=_text(note, 300, "note"),
    )
    return _save(version)


# --- budgets ----------------------------------------------------------------------------


@transaction.atomic
def budget_save(*, actor, year: int, region, money_source: str, amount, note: str = "") -> Budget:
    """Set (or change) a budget; never below what is already allocated from it."""
    _require(permissions.can_manage(actor), "您的角色不能设置经费预算")
    _in_scope(region, actor, "该区域不在您的管辖范围内")
    amount = amounts.parse_yuan(amount)
    budget = (
        Budget.objects.select_for_update()
        .filter(year=year, region=region, money_source=money_source)
        .first()
    )
    if budget is None:
        budget = Budget(year=year, region=region, money_source=money_source)
    else:
        allocated = amounts.quantize(
            budget.allocations.aggregate(s=Coalesce(Sum("amount"), ZERO))["s"]
        )
        if amount < allocated:
            raise ValidationError({"amount": f"预算不能少于已拨付的 {allocated} 元"})
    budget.amount, budget.note = amount, _text(note, 200, "note")
    return _save(budget)


# --- allocations ------------------------------------------------------------------------


def _budget_for(region, year: int, rule: FundingRule, *, for_update: bool) -> Budget:
    found = Budget.objects.filter(year=year, region=region, money_source=rule.money_source)
    budget = (found.select_for_update() if for_update else found).first()
    if budget is None:
        raise ValidationError(
            f"尚未设置{region.name} {year} 年“{rule.get_money_source_display()}”预算，请先设置预算"
        )
    return budget


def plan(region, year: int, rule: FundingRule, *, for_update: bool = False) -> selectors.Plan:
    """What a generation would create (the preview page shows the same): checked rule,
    budget and amounts; raises ValidationError with the reason it cannot be generated."""
    if rule.basis not in GENERATED_BASES:
        raise ValidationError(f"“{rule.get_basis_display()}”不按名册批量生成")
    if not rule.active:
        raise ValidationError("该规则已停用")
    budget = _budget_for(region, year, rule, for_update=for_update)
    return selectors.allocation_plan(region=region, year=year, rule=rule, budget=budget)


@transaction.atomic
def allocations_generate(*, actor, region, year: int, rule: FundingRule) -> list[Allocation]:
    """Every eligible recipient of ``region``'s subtree gets the rule's amount for the year
    (pro rata by the versions in force), as drafts drawn on the region's budget. Idempotent:
    a recipient that already has the year's allocation under the rule is skipped. The whole
    batch is refused when the budget would be exceeded (exactly the budget is accepted)."""
    _require(permissions.can_manage(actor), "您的角色不能生成经费拨付")
    _in_scope(region, actor, "该区域不在您的管辖范围内")
    found = plan(region, year, rule, for_update=True)
    if found.total > found.remaining:
        raise ValidationError(
            f"拨付合计 {found.total} 元超出预算余额 {found.remaining} 元"
            f"（预算 {found.budget.amount} 元，已拨 {found.budget_used} 元），本批未生成"
        )
    created = []
    for line in found.lines:
        allocation = _save(
            Allocation(
                rule=rule,
                budget=found.budget,
                year=year,
                organization=line.organization,
                station=line.station,
                allowance=line.allowance,
                region_id=line.region_id,
                amount=line.amount,
                computation=line.computation[:300],
            )
        )
        allocation.versions.set(line.versions)
        created.append(allocation)
    AllocationEvent.objects.bulk_create(
        AllocationEvent(allocation=a, kind=AllocationEventKind.GENERATED, actor=actor)
        for a in created
    )
    return created


@transaction.atomic
def project_allocate(*, actor, rule: FundingRule, organization, year: int) -> Allocation:
    """项目经费: one organization's fixed amount (the version in force on 1 January, or
    the first version of the year), drawn on the budget of the organization's town (the
    region at depth 2); refused beyond the budget, once per organization, year and rule."""
    _require(permissions.can_manage(actor), "您的角色不能拨付项目经费")
    if rule.basis != Basis.PROJECT:
        raise ValidationError({"rule": "请选择“项目经费”类的规则"})
    if not in_scope(organization, actor):
        raise OutOfScope("未找到该党组织")
    versions = selectors.year_versions(rule, year)
    if not versions or versions[0][0].amount is None:
        raise ValidationError(f"“{rule.name}”在 {year} 年没有录入金额的版本")
    version = versions[0][0]
    path = organization.region.path[: 2 * Region.steplen]
    town = Region.objects.filter(depth=2, path=path).first() or organization.region
    budget = _budget_for(town, year, rule, for_update=True)
    if Allocation.objects.filter(rule=rule, year=year, organization=organization).exists():
        raise ValidationError("该党组织该年度按此规则的拨付已存在")
    used = amounts.quantize(budget.allocations.aggregate(s=Coalesce(Sum("amount"), ZERO))["s"])
    if version.amount > budget.amount - used:
        raise ValidationError(f"项目经费 {version.amount} 元超出预算余额 {budget.amount - used} 元")
    allocation = _save(
        Allocation(
            rule=rule, budget=budget, year=year, organization=organization,
            region=organization.region, amount=version.amount,
            computation=f"项目经费 第{version.number}版 {version.amount}元",
        )
    )  # fmt: skip
    allocation.versions.set([version])
    AllocationEvent.objects.create(
        allocation=allocation, kind=AllocationEventKind.GENERATED, actor=actor
    )
    return allocation


def _separation_required() -> bool:
    return int(rule_value(SEPARATE_APPROVAL)) >= 2


def _generated_by(actor, allocation_ids) -> int:
    """How many of the allocations ``actor`` generated (their 生成 event's account)."""
    return (
        AllocationEvent.objects.filter(
            allocation_id__in=allocation_ids, kind=AllocationEventKind.GENERATED, actor=actor
        )
        .values("allocation_id")
        .distinct()
        .count()
    )


def _ensure_separated(actor, allocation_ids, kind: str) -> None:
    """经办与审批分离 (district rule, on by default): the account that generated an
    allocation may not approve it; another account with the right role approves."""
    if kind != AllocationEventKind.APPROVED or not _separation_required():
        return
    own = _generated_by(actor, allocation_ids)
    if own:
        raise ValidationError(
            f"经办与审批须分离：其中 {own} 笔拨付由您本人生成，须由其他有审批权限的账号审批"
            if len(allocation_ids) > 1
            else "经办与审批须分离：该笔拨付由您本人生成，须由其他有审批权限的账号审批"
        )


MOVES = {
    AllocationEventKind.APPROVED: (AllocationState.DRAFT, AllocationState.APPROVED, "审批"),
    AllocationEventKind.PAID: (AllocationState.APPROVED, AllocationState.PAID, "拨付"),
}


@transaction.atomic
def allocation_move(*, actor, allocation: Allocation, kind: str, comment: str = "") -> Allocation:
    """草稿 → 已审批 → 已拨付, each step an event row with the actor."""
    _require(permissions.can_manage(actor), "您的角色不能审批或拨付经费")
    ensure_target_in_scope(allocation, actor)
    before, after, verb = MOVES[kind]
    allocation = lock(allocation)
    if allocation.state != before:
        raise ValidationError(f"当前状态为“{allocation.get_state_display()}”，不能{verb}")
    _ensure_separated(actor, [allocation.pk], kind)
    allocation.state = after
    _save(allocation)
    AllocationEvent.objects.create(
        allocation=allocation, kind=kind, actor=actor, comment=_text(comment, 500, "comment")
    )
    return allocation


@transaction.atomic
def allocations_move_all(*, actor, allocations, kind: str) -> int:
    """Approve (or pay) every allocation of ``allocations`` in the step before, in scope:
    one event row each. Returns how many moved. Under 经办与审批分离 the whole approval is
    refused when the actor generated any of them (nothing half-done)."""
    _require(permissions.can_manage(actor), "您的角色不能审批或拨付经费")
    before, after, _ = MOVES[kind]
    rows = scoped(Allocation.objects.filter(pk__in=allocations.values("pk")), actor)
    rows = list(rows.filter(state=before).select_for_update())
    _ensure_separated(actor, [a.pk for a in rows], kind)
    Allocation.objects.filter(pk__in=[a.pk for a in rows]).update(
        state=after, updated_at=timezone.now()
    )
    AllocationEvent.objects.bulk_create(
        AllocationEvent(allocation=a, kind=kind, actor=actor, comment="批量") for a in rows
    )
    return len(rows)


@transaction.atomic
def rule_create(
    *, actor, code: str, name: str, basis: str, money_source: str, citation: str = "", **first
) -> FundingRule:
    """A new rule with its first version (a district's own programme, e.g. 红领津贴)."""
    _require(permissions.can_edit_rules(actor), "只有区级管理员可以修改经费规则")
    rule = _save(
        FundingRule(
            code=code.strip(),
            name=_text(name, 100, "name"),
            basis=basis,
            money_source=money_source,
            citation=_text(citation, 300, "citation"),
        )
    )
    rule_version_add(actor=actor, rule=rule, **first)
    return rule


# --- expenses ---------------------------------------------------------------------------


# What a receipt may be: a photo or a PDF scan of the 发票/收据 (a narrower list than the
# attachments' own; their size limit and the check of the first bytes apply as well).
RECEIPT_KINDS = ("jpg", "jpeg", "png", "pdf")


def receipts_checked(uploads) -> list[tuple[str, bytes, str]]:
    """(name, bytes, content type) of every upload, or one ValidationError on ``receipts``
    naming each refused file (a wrong kind, a renamed file, an empty or oversized one):
    nothing is stored unless all pass."""
    checked, errors = [], []
    for upload in uploads:
        name = upload.name or ""
        kind = attachments.extension(name)
        if kind not in RECEIPT_KINDS:
            errors.append(
                f"票据“{name}”的类型“{kind or '无扩展名'}”不支持，"
                f"请上传发票或收据的照片或 PDF（{'、'.join(RECEIPT_KINDS)}）"
            )
            continue
        if upload.size is not None and upload.size > attachments.max_bytes():
            limit = attachments.max_bytes() // (1024 * 1024)
            errors.append(f"文件“{name}”超过 {limit} MB 的上限")
            continue
        data = upload.read()
        try:
            content_type = attachments.check(name, data)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        checked.append((name, data, content_type))
    if errors:
        raise ValidationError({"receipts": errors})
    return checked


def _attach(expense: Expense, checked, actor) -> None:
    stored = []
    try:
        for name, data, content_type in checked:
            stored.append(attachments.store(data))
            ExpenseReceipt(
                expense=expense,
                file_name=Path(name).name[:200],
                content_type=content_type,
                size=len(data),
                stored_file=stored[-1],
                uploaded_by=actor,
            ).save()
    except Exception:
        for name in stored:
            attachments.remove(name)
        raise


def _forget(receipts) -> None:
    """Delete receipt rows; their ciphertext goes once the deletion is committed."""
    names = [r.stored_file for r in receipts]
    for receipt in receipts:
        receipt.delete()
    transaction.on_commit(lambda: [attachments.remove(n) for n in names])


def _check_spending(allocation, *, spent_on, amount, other_spent: Decimal) -> None:
    if allocation.state != AllocationState.PAID:
        raise ValidationError("经费尚未拨付，不能登记支出")
    if spent_on > timezone.localdate():
        raise ValidationError({"spent_on": "支出日期不能晚于今天"})
    if spent_on.year < allocation.year:
        raise ValidationError({"spent_on": f"支出日期不能早于 {allocation.year} 年"})
    balance = allocation.amount - other_spent
    if amount > balance:
        raise ValidationError({"amount": f"支出 {amount} 元超过该笔经费余额 {balance} 元"})


def _spent(allocation, *, excluding=None) -> Decimal:
    rows = allocation.expenses.all()
    if excluding is not None:
        rows = rows.exclude(pk=excluding)
    return amounts.quantize(rows.aggregate(s=Coalesce(Sum("amount"), ZERO))["s"])


def _spender_target(actor, record):
    _require(permissions.can_spend(actor), "您的角色不能登记经费支出")
    if not in_scope(record, actor):
        raise OutOfScope("未找到该记录")


@transaction.atomic
def expense_record(
    *,
    actor,
    allocation: Allocation,
    spent_on: datetime.date,
    category,
    amount,
    payee: str,
    receipt_number: str,
    description: str = "",
    receipts=(),
) -> Expense:
    """Spending against a paid allocation, never beyond its balance (exactly the balance is
    accepted), with the scans of its receipts (``receipts``: uploaded files, all checked
    before any is kept). The allocation row is locked so two expenses are checked one after
    the other."""
    _spender_target(actor, allocation)
    amount = amounts.parse_yuan(amount, allow_zero=False)
    checked = receipts_checked(receipts)
    allocation = lock(allocation)
    _check_spending(allocation, spent_on=spent_on, amount=amount, other_spent=_spent(allocation))
    expense = _save(
        Expense(
            allocation=allocation,
            spent_on=spent_on,
            category=category,
            amount=amount,
            payee=_text(payee, 100, "payee"),
            receipt_number=_text(receipt_number, 50, "receipt_number"),
            description=_text(description, 200, "description"),
            recorded_by=actor,
        )
    )
    _attach(expense, checked, actor)
    return expense


@transaction.atomic
def expense_update(
    *,
    actor,
    expense: Expense,
    spent_on: datetime.date,
    category,
    amount,
    payee: str,
    receipt_number: str,
    description: str = "",
    receipts=(),
    remove_receipts=(),
) -> Expense:
    """Correct an expense entered by mistake: its fields (the amount never beyond the
    allocation's balance without this expense: exactly that is accepted), more receipts,
    and receipts taken off (``remove_receipts``: its own ones only)."""
    _spender_target(actor, expense)
    amount = amounts.parse_yuan(amount, allow_zero=False)
    checked = receipts_checked(receipts)
    allocation = lock(expense.allocation)
    expense = lock(expense)
    _check_spending(
        allocation,
        spent_on=spent_on,
        amount=amount,
        other_spent=_spent(allocation, excluding=expense.pk),
    )
    expense.spent_on, expense.category, expense.amount = spent_on, category, amount
    expense.payee = _text(payee, 100, "payee")
    expense.receipt_number = _text(receipt_number, 50, "receipt_number")
    expense.description = _text(description, 200, "description")
    _save(expense)
    removed = [r.pk for r in remove_receipts]
    if removed:
        _forget(list(expense.receipts.filter(pk__in=removed)))
    _attach(expense, checked, actor)
    return expense


@transaction.atomic
def expense_delete(*, actor, expense: Expense) -> None:
    """An expense entered by mistake, with its receipts; the allocation's balance grows
    back by its amount."""
    _spender_target(actor, expense)
    lock(expense.allocation)
    expense = lock(expense)
    _forget(list(expense.receipts.all()))
    expense.delete()


# --- the enterprise's own funds ---------------------------------------------------------


@transaction.atomic
def enterprise_funding_save(
    *, actor, enterprise, year: int, wage_bill, party_funds, note: str = ""
) -> tuple[EnterpriseFunding, str]:
    """Record (or correct) an enterprise's year; returns the record and a warning when the
    funds exceed the deductible share of the wage bill (warned, not refused: 经费通知)."""
    _require(permissions.can_spend(actor), "您的角色不能登记企业党建工作经费")
    if not in_scope(enterprise, actor):
        raise OutOfScope("未找到该企业")
    wage_bill = amounts.parse_yuan(wage_bill, field="wage_bill")
    party_funds = amounts.parse_yuan(party_funds, field="party_funds")
    record = (
        EnterpriseFunding.objects.select_for_update()
        .filter(enterprise=enterprise, year=year)
        .first()
    ) or EnterpriseFunding(enterprise=enterprise, year=year)
    record.wage_bill, record.party_funds = wage_bill, party_funds
    record.note = _text(note, 200, "note")
    _save(record)
    return record, selectors.enterprise_share_warning(record)


# --- 党费拨返 ----------------------------------------------------------------------------


def _refund_version(year: int) -> FundingRuleVersion:
    end = datetime.date(year, 12, 31)
    version = (
        FundingRuleVersion.objects.filter(
            rule__basis=Basis.DUES_REFUND, rule__active=True, effective_from__lte=end
        )
        .exclude(effective_to__lt=end)
        .order_by("-effective_from")
        .first()
    )
    if version is None or version.share_percent is None:
        raise ValidationError(f"{year} 年没有生效的党费拨返规则")
    return version


@transaction.atomic
def dues_refund_compute(*, actor, organization, year: int) -> DuesRefund:
    """The year's dues collected by the organization's subtree (summed from the dues ledger)
    times the refund share in force on 31 December; a pending refund is recomputed, an
    approved one stays."""
    _require(permissions.can_manage(actor), "您的角色不能核算党费拨返")
    if not in_scope(organization, actor):
        raise OutOfScope("未找到该党组织")
    version = _refund_version(year)
    collected = DuesMonth.objects.filter(
        year=year, member__organization__path__startswith=organization.path
    ).aggregate(s=Coalesce(Sum("amount_paid"), ZERO))["s"]
    refund = (
        DuesRefund.objects.select_for_update().filter(organization=organization, year=year).first()
    )
    if refund is not None and refund.state == RefundState.APPROVED:
        raise ValidationError("该年度党费拨返已审批，不能重新核算")
    refund = refund or DuesRefund(organization=organization, year=year)
    refund.rule_version = version
    refund.dues_collected = collected
    refund.share_percent = version.share_percent
    refund.refunded = amounts.quantize(collected * version.share_percent / 100)
    return _save(refund)


@transaction.atomic
def dues_refund_approve(*, actor, refund: DuesRefund) -> DuesRefund:
    _require(permissions.can_manage(actor), "您的角色不能审批党费拨返")
    ensure_target_in_scope(refund, actor)
    refund = lock(refund)
    if refund.state != RefundState.DRAFT:
        raise ValidationError("该党费拨返已审批")
    refund.state = RefundState.APPROVED
    refund.approved_by, refund.approved_at = actor, timezone.now()
    return _save(refund)
