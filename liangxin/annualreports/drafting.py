"""The report's paragraphs drafted from its figures (WORK.md §7: "text editable"): one per
section in the articles' order, then 明年工作打算, which is typed by hand. Every number in a
drafted paragraph is one of the figures, printed by ``figures.value_text``."""

from liangxin.annualreports.figures import SECTIONS, value_text

NEXT_YEAR = "next_year"
NEXT_YEAR_TITLE = "明年工作打算"
SECTION_TITLES = {**dict(SECTIONS), "intro": "总体情况", NEXT_YEAR: NEXT_YEAR_TITLE}
SECTION_ORDER = ["intro", *[key for key, _ in SECTIONS], NEXT_YEAR]


def _v(figures: dict, key: str) -> str:
    return value_text(figures.get(key))


def _change(figures: dict, key: str) -> str:
    figure = figures.get(f"{key}.change")
    if not figure or figure.get("value") is None:
        return "（无年初数据，未计算变化）"
    value = float(figure["value"])
    word = "提高" if value >= 0 else "下降"
    return f"，比年初{word}{abs(value):.1f}个百分点"


def draft(*, region_name: str, year: int, as_of: str, figures: dict) -> dict:
    f = figures
    e, s = "coverage.enterprise", "coverage.social"
    paragraphs = {
        "intro": (
            f"{year}年，{region_name}两新党建工作坚持以党建引领发展，"
            f"持续推进两个覆盖和规范化建设。本报告数据均取自两新党建平台，统计截至{as_of}。"
        ),
        "coverage": (
            f"非公企业党的组织覆盖率{_v(f, f'{e}.org_coverage')}"
            f"{_change(f, f'{e}.org_coverage')}，"
            f"工作覆盖率{_v(f, f'{e}.work_coverage')}{_change(f, f'{e}.work_coverage')}；"
            f"规上企业组织覆盖率{_v(f, f'{e}.above_scale_org_coverage')}，"
            f"应建尽建率{_v(f, f'{e}.should_build')}。"
            f"社会组织党的组织覆盖率{_v(f, f'{s}.org_coverage')}，"
            f"工作覆盖率{_v(f, f'{s}.work_coverage')}。"
        ),
        "organizations": (
            f"全域共有党组织{_v(f, 'organizations.total')}，"
            f"其中本年新建{_v(f, 'organizations.new')}；"
            f"出资人兼任书记的企业党组织占{_v(f, 'organizations.investor_secretary_share')}，"
            f"在岗党员中经营管理骨干占{_v(f, 'organizations.management_backbone_share')}；"
            f"党建入章企业{_v(f, 'organizations.charter')}，"
            f"班子成员双向进入占{_v(f, 'organizations.two_way_share')}，"
            f"书记交叉任职的党组织占{_v(f, 'organizations.cross_share')}。"
        ),
        "members": (
            f"全年发展党员{_v(f, 'members.new')}，"
            + "，".join(
                f"{fig['label'].removeprefix('新党员中')}{value_text(fig)}"
                for key, fig in f.items()
                if key.startswith("members.priority.")
            )
            + "。"
        ),
        "stars": (
            f"评定星级的党组织{_v(f, 'stars.rated')}（{f.get('stars.rated', {}).get('base', '')}）"
            + "".join(
                f"，{fig['label']}{value_text(fig)}"
                for key, fig in f.items()
                if key.startswith("stars.level_")
            )
            + "。"
        ),
        "services": (
            f"全年收到服务诉求{_v(f, 'services.received')}，办结{_v(f, 'services.closed')}，"
            f"按时办结率{_v(f, 'services.on_time_rate')}，"
            f"满意率{_v(f, 'services.satisfaction_rate')}。"
        ),
        "training": (
            f"选派党建指导员{_v(f, 'training.instructors')}，"
            f"在岗党务工作者{_v(f, 'training.workers')}，"
            f"年内参训{_v(f, 'training.workers_trained')}、共{_v(f, 'training.person_times')}，"
            f"取得职业化认证{_v(f, 'training.certified')}。"
        ),
        "cobuilding": (
            f"开展村企联建{_v(f, 'cobuilding.pairings')}，结对村{_v(f, 'cobuilding.villages')}，"
            f"组建党建联盟{_v(f, 'cobuilding.alliances')}、成员{_v(f, 'cobuilding.members')}；"
            f"建成共富工坊{_v(f, 'cobuilding.workshops')}，提供岗位{_v(f, 'cobuilding.posts')}，"
            f"带动就业{_v(f, 'cobuilding.on_post')}，"
            f"村集体增收{_v(f, 'cobuilding.collective_income')}。"
        ),
        "funding": (
            f"全年下拨党建经费{_v(f, 'funding.allocated')}，已拨付{_v(f, 'funding.paid')}，"
            f"已使用{_v(f, 'funding.spent')}。"
        ),
        NEXT_YEAR: "",
    }
    return {key: paragraphs[key] for key in SECTION_ORDER}
