"""The default checklists are data (seeded by a migration), each item with its source; a
published version is never edited, a new version copies it."""

import pytest
from django.core.exceptions import ValidationError

from liangxin.standards.models import ChecklistItem, ChecklistTemplate, EvidenceKind


@pytest.mark.django_db
def test_default_templates_are_present_with_their_sources():
    names = set(ChecklistTemplate.objects.filter(published=True).values_list("name", flat=True))
    assert {"五有", "五到位", "六有", "4个名册、5本台账、8项制度"} <= names
    assert not ChecklistItem.objects.filter(source="").exists()
    wuyou = ChecklistTemplate.objects.get(name="五有", version=1)
    groups = list(dict.fromkeys(wuyou.items.values_list("group", flat=True)))
    assert groups == ["有组织", "有制度", "有保障", "有活动", "有作用"]
    assert "丹东" in wuyou.source


@pytest.mark.django_db
def test_every_roster_and_four_ledgers_are_auto():
    template = ChecklistTemplate.objects.get(name="4个名册、5本台账、8项制度", version=1)
    items = template.items.all()
    by_group = {}
    for item in items:
        by_group.setdefault(item.group, []).append(item)
    assert [len(by_group[g]) for g in ("4个名册", "5本台账", "8项制度")] == [4, 5, 8]
    assert all(item.is_auto for item in by_group["4个名册"])
    assert sum(item.is_auto for item in by_group["5本台账"]) == 4
    assert all(item.auto_source for item in items if item.is_auto)


@pytest.mark.django_db
def test_an_auto_item_names_its_source_and_an_evidence_item_none():
    template = ChecklistTemplate.objects.get(name="六有", version=1)
    item = ChecklistItem(template=template, group="六有", text="新项目", evidence_kind="auto")
    with pytest.raises(ValidationError, match="自动项须指明自动数据来源"):
        item.full_clean()
    item.evidence_kind, item.auto_source = EvidenceKind.PHOTO, "members.roster"
    with pytest.raises(ValidationError, match="其他项不填自动数据来源"):
        item.full_clean()
