"""A rubric as a spreadsheet and back (WORK.md §8: rubrics are data a district admin edits):
an exported rubric imported again scores every rating as the hand-entered one; a bad file
is refused whole, every bad row named with its row number, column and reason."""

import io
import random
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liangxin.ratings import engine, rubric_file, services, specs
from liangxin.ratings.models import Item, Rubric
from tests.ratings.conftest import rubric_named

NAMES = ["非公企业党组织五星评定", "两新党组织六星评价", "基层党组织分类定级"]


def exported(rubric: Rubric) -> bytes:
    stream = io.BytesIO()
    rubric_file.write_rubric(rubric, stream)
    return stream.getvalue()


def csv_file(rows: list[list]) -> bytes:
    lines = [",".join(rubric_file.HEADERS)]
    for row in rows:
        cells = [str(cell) for cell in row] + [""] * (len(rubric_file.HEADERS) - len(row))
        lines.append(",".join(cells))
    return ("\n".join(lines) + "\n").encode("utf-8")


def by_text(rubric: Rubric) -> dict:
    items = Item.objects.filter(dimension__rubric=rubric).select_related("dimension")
    return {(i.dimension.name, i.text): i for i in items}


def score_sets(rubric: Rubric, count: int):
    """Full marks, nothing, and random scores in half points (seeded)."""
    rng = random.Random(16)
    items = list(by_text(rubric).values())
    yield {key: item.max_points for key, item in by_text(rubric).items()}
    yield {key: D(0) for key in by_text(rubric)}
    for _ in range(count):
        yield {
            (i.dimension.name, i.text): D(rng.randint(0, int(i.max_points) * 2)) / 2 for i in items
        }


def result_of(rubric: Rubric, scores: dict, **kwargs) -> engine.Result:
    items = by_text(rubric)
    keyed = {items[key].pk: value for key, value in scores.items()}
    return engine.score(specs.rubric_spec(rubric), keyed, **kwargs)


@pytest.mark.parametrize("name", NAMES)
def test_exported_then_imported_scores_identically(world, name):
    """Issue 16 "done when": a rubric imported from xlsx gives the results of the one
    entered by hand (the seeded defaults of WORK.md §3)."""
    hand = rubric_named(name)
    imported = services.rubric_import(actor=world.user("district_admin"), data=exported(hand))
    assert (imported.name, imported.version) == (hand.name, 2)
    for scores in score_sets(hand, 60):
        for kwargs in ({}, {"vetoed": True}, {"satisfaction": D("59.5")}, {"satisfaction": D(95)}):
            assert result_of(imported, scores, **kwargs) == result_of(hand, scores, **kwargs)


def test_every_field_survives_the_round_trip(world):
    hand = rubric_named(NAMES[0])
    hand.applies_to = ["branch", "joint_branch"]
    hand.save()
    imported = services.rubric_import(actor=world.user("district_admin"), data=exported(hand))
    for name in services.RUBRIC_FIELDS:
        assert getattr(imported, name) == getattr(hand, name), name
    assert imported.effective_from == hand.effective_from

    def rows(rubric):
        return (
            [(d.name, d.max_points, d.star_share) for d in rubric.dimensions.all()],
            [
                (i.text, i.max_points, i.kind, i.auto_source, i.evidence_hint, i.is_bonus)
                for i in Item.objects.filter(dimension__rubric=rubric)
            ],
            [(v.text, v.source) for v in rubric.vetoes.all()],
            [(b.min_points, b.level, b.label) for b in rubric.bands.all()],
            [(c.below, c.max_level, c.source) for c in rubric.satisfaction_caps.all()],
            [(c.level, c.max_share, c.source) for c in rubric.distribution_caps.all()],
        )

    assert rows(imported) == rows(hand)


GOOD_SETTINGS = [
    ["设置", "细则名称", "", "", "", "", "", "", "", "", "测试细则"],
    ["设置", "生效日期", "", "", "", "", "", "", "", "", "2027-01-01"],
    ["设置", "评定模型", "", "", "", "", "", "", "", "", "bands"],
    ["设置", "细则来源", "", "", "", "", "", "", "", "", "测试"],
]


def test_a_small_csv_rubric_imports(world):
    data = csv_file(
        [
            *GOOD_SETTINGS,
            ["维度", "班子", "", "20"],
            ["项目", "书记配强", "班子", "20", "", "", "评分"],
            ["分档", "五星", "", "18", "5"],
            ["分档", "一星", "", "0", "1"],
            ["比例控制", "", "", "", "5", "10%"],
        ]
    )
    rubric = services.rubric_import(actor=world.user("district_admin"), data=data)
    assert rubric.version == 1 and rubric.distribution_caps.get().max_share == D("0.1")
    assert result_of(rubric, {("班子", "书记配强"): D(18)}).label == "五星"


def import_errors(world, data: bytes) -> list[str]:
    before = Rubric.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.rubric_import(actor=world.user("district_admin"), data=data)
    assert Rubric.objects.count() == before  # all or nothing
    return caught.value.messages


def test_every_bad_row_is_reported_with_row_column_and_reason(world):
    data = csv_file(
        [
            *GOOD_SETTINGS,  # rows 2–5
            ["维度", "班子", "", "二十"],  # 6: not a number
            ["项目", "书记配强", "队伍", "20", "", "", "评分"],  # 7: no such dimension
            ["项目", "党费", "班子", "5", "", "", "自动", "dues.unknown"],  # 8: unknown source
            ["分档", "五星", "", "90", "7"],  # 9: level out of range
            ["否决项", ""],  # 10: text missing
            ["星级", "x"],  # 11: unknown kind
        ]
    )
    errors = import_errors(world, data)
    assert "第 6 行“分值”：应为数字" in errors
    assert "第 7 行“所属维度”：没有名为“队伍”的维度行" in errors
    assert any(e.startswith("第 8 行“自动数据来源”：未知的自动数据来源") for e in errors)
    assert "第 9 行“星级（等次）”：应为 1 到 6 之间的整数" in errors
    assert "第 10 行“名称”：必填" in errors
    assert any(e.startswith("第 11 行“类型”：应为以下之一") for e in errors)


def test_duplicates_are_refused(world):
    data = csv_file(
        [
            *GOOD_SETTINGS,
            ["设置", "细则名称", "", "", "", "", "", "", "", "", "另一个"],  # 6
            ["维度", "班子", "", "10"],  # 7
            ["维度", "班子", "", "10"],  # 8
            ["项目", "书记配强", "班子", "10", "", "", "评分"],  # 9
            ["项目", "书记配强", "班子", "10", "", "", "评分"],  # 10
            ["分档", "五星", "", "90", "5"],  # 11
            ["分档", "四星", "", "90", "4"],  # 12
        ]
    )
    errors = import_errors(world, data)
    assert "第 6 行“名称”：设置“细则名称”重复（第 2 行已有）" in errors
    assert "第 8 行“名称”：维度重复（第 7 行已有）" in errors
    assert "第 10 行“名称”：同一维度下的项目重复（第 9 行已有）" in errors
    assert "第 12 行“分值”：分档的最低分重复（第 11 行已有）" in errors


def test_model_rules_are_checked(world):
    data = csv_file(
        [
            ["设置", "细则名称", "", "", "", "", "", "", "", "", "六星"],
            ["设置", "评定模型", "", "", "", "", "", "", "", "", "逐项争星（每个维度达标得一星）"],
            ["维度", "组织建设", "", "100"],  # 4: no star share; items add to 90
            ["项目", "换届", "组织建设", "90", "", "", "评分"],
        ]
    )
    errors = import_errors(world, data)
    assert "文件：缺少“设置”行：生效日期" in errors
    assert "文件：缺少“设置”行：细则来源" in errors
    assert "第 4 行“比例”：逐项争星须填写得星比例" in errors
    assert "第 4 行“分值”：维度满分 100 与其项目分值合计 90 不一致" in errors


def test_oversized_and_malformed_files(world):
    assert import_errors(world, b"PK\x03\x04" + b"\x00" * (3 << 20)) == [
        "文件：文件过大：细则文件不超过 2 MB"
    ]
    many = csv_file([*GOOD_SETTINGS, *(["否决项", f"情形{n}"] for n in range(1100))])
    assert import_errors(world, many)[0].endswith("行数过多：细则文件不超过 1000 行")
    assert import_errors(world, b"") == ["文件：文件为空"]
    broken = import_errors(world, b"PK\x03\x04 not really a workbook")
    assert broken and broken[0].startswith("文件：")
    assert import_errors(world, "名称,分值\n班子,10\n".encode()) == ["文件：缺少列：类型"]


def test_only_the_district_imports(world):
    with pytest.raises(PermissionDenied):
        services.rubric_import(
            actor=world.user("town_a_admin"), data=exported(rubric_named(NAMES[0]))
        )
