"""The navigation bar (core.navigation): what each persona sees, what is marked current,
and that an app's contribution reaches the bar without any template naming it."""

import re

import pytest
from django.test import RequestFactory
from django.urls import resolve

from liangxin.core import roles
from liangxin.core.contributions import Entry, slot
from liangxin.core.navigation import NavItem, navigation_for

pytestmark = pytest.mark.django_db

COVERAGE = ("两个覆盖", "/dashboard/")
REGISTRY = (
    "台账",
    [
        ("区域", "/regions/"),
        ("市场主体", "/enterprises/"),
        ("党组织", "/organizations/"),
        ("党员", "/members/"),
        ("党建指导员", "/instructors/"),
        ("指导员走访", "/instructors/visits/"),
        ("安全隐患", "/instructors/hazards/"),
        ("党务工作者", "/instructors/workers/"),
    ],
)
MEMBERS_WORK = (
    "党员管理",
    [
        ("发展党员", "/development/"),
        ("流动党员与组织关系转接", "/mobility/"),
        ("党费", "/dues/"),
        ("先锋岗与队伍", "/posts/"),
        ("---", None),
        ("政治生日", "/members/birthdays/"),
        ("党龄纪念", "/members/milestones/"),
    ],
)
ORGANIZATION_WORK = (
    "组织建设",
    [
        ("组织生活", "/life/"),
        ("组织生活落实情况", "/life/compliance/"),
        ("民主评议与谈心谈话", "/life/appraisals/"),
        ("学习教育与提示单", "/life/study/"),
        ("---", None),
        ("班子与双向进入", "/governance/"),
        ("---", None),
        ("标准化建设", "/standards/"),
        ("督查检查", "/standards/inspections/"),
        ("整改事项", "/standards/rectifications/"),
        ("---", None),
        ("专项行动", "/campaigns/"),
        ("---", None),
        ("党建品牌", "/brands/"),
        ("标杆创建", "/brands/programmes/"),
        ("---", None),
        ("评星定级", "/ratings/"),
        ("星级分布", "/ratings/distribution/"),
        ("比学赶超跑道", "/board/"),
    ],
)
TOOLS = (
    "工具",
    [
        ("台账导入导出", "/ledger/"),
        ("组织设置提醒", "/organizations/warnings/"),
        ("规则参数", "/rules/"),
        ("工作日历", "/rules/calendar/"),
    ],
)
SERVICES = (
    "助企服务",
    [
        ("诉求办理", "/requests/"),
        ("逾期通报", "/requests/notices/"),
        ("---", None),
        ("助企服务专员", "/specialists/"),
        ("专员联系记录", "/specialists/contacts/"),
        ("联系频次未落实", "/specialists/missed/"),
        ("---", None),
        ("需求清单", "/service-lists/"),
        ("资源清单", "/service-lists/resources/"),
        ("服务菜单", "/service-lists/menu/"),
        ("阵地活动", "/service-lists/activities/"),
        ("服务活动", "/service-lists/events/"),
        ("清单统计", "/service-lists/figures/"),
        ("---", None),
        ("政策联络员", "/liaisons/"),
        ("三联三会", "/liaisons/meetings/"),
        ("党员联系职工", "/liaisons/pairings/"),
    ],
)
COBUILDING_LINKS = [
    ("村企联建", "/cobuilding/"),
    ("党建联盟", "/cobuilding/alliances/"),
    ("共富工坊", "/cobuilding/workshops/"),
    ("联建成效", "/cobuilding/figures/"),
    ("---", None),
    ("阵地", "/venues/"),
    ("阵地名录", "/venues/directory/"),
    ("阵地统计", "/venues/figures/"),
]
# The money: the secretary sees their own organization's allocations; the rules and the
# summary are the district's and the towns' (read by the leader); an instructor, none.
COBUILDING = ("共建阵地", [*COBUILDING_LINKS, ("---", None), ("经费拨付", "/funding/allocations/")])
COBUILDING_WITH_FUNDS = (
    "共建阵地",
    [
        *COBUILDING_LINKS,
        ("---", None),
        ("经费拨付", "/funding/allocations/"),
        ("经费规则", "/funding/"),
        ("经费汇总", "/funding/summary/"),
    ],
)
COBUILDING_WITHOUT_FUNDS = ("共建阵地", COBUILDING_LINKS)
WORKFORCE_LINKS = [
    ("年度工作清单", "/instructors/worklists/"),
    ("指导员年度考核", "/instructors/assessments/"),
    ("党务培训", "/instructors/trainings/"),
    ("培训覆盖", "/instructors/trainings/coverage/"),
    ("党务人才库", "/instructors/pool/"),
    ("党建合伙人", "/instructors/partners/"),
    ("职业化认证", "/instructors/certifications/"),
    ("荣誉", "/instructors/honours/"),
    ("津贴", "/instructors/allowances/"),
]
WORKFORCE = ("队伍建设", WORKFORCE_LINKS)
# The figures are by region: shown to those who hold regions.
WORKFORCE_WITH_FIGURES = (
    "队伍建设",
    [*WORKFORCE_LINKS, ("---", None), ("队伍建设统计", "/instructors/figures/")],
)
# 领办项目 (ledprojects) is read by every business role; 双承诺双述职 is the secretaries' and
# the admins'; 未述职名单 the admins' and the leader's; the member units the district's.
LED_PROJECTS = [("---", None), ("领办项目", "/ledprojects/"), ("擂台赛", "/ledprojects/rounds/")]
DUTIES_OF_THE_DISTRICT = (
    "责任落实",
    [
        ("双承诺双述职", "/duties/"),
        ("未述职名单", "/duties/missing/"),
        ("成员单位晾晒", "/duties/units/"),
        *LED_PROJECTS,
    ],
)
DUTIES_OF_A_TOWN = (
    "责任落实",
    [("双承诺双述职", "/duties/"), ("未述职名单", "/duties/missing/"), *LED_PROJECTS],
)
# 领办项目 are held by regions: a secretary or an instructor holds organizations, has none in
# scope and is not shown them; an instructor has nothing else there, so no 责任落实 menu.
DUTIES_OF_A_SECRETARY = [("责任落实", [("双承诺双述职", "/duties/")])]
DUTIES_OF_AN_INSTRUCTOR = []
REPORTS = ("统计报告", [("党内统计年报", "/statforms/"), ("年度工作报告", "/annualreports/")])
BUSINESS_MENUS = [REGISTRY, MEMBERS_WORK, ORGANIZATION_WORK, SERVICES, WORKFORCE]


def region_menus(duties):
    return [
        REGISTRY,
        MEMBERS_WORK,
        ORGANIZATION_WORK,
        SERVICES,
        WORKFORCE_WITH_FIGURES,
        COBUILDING_WITH_FUNDS,
        duties,
        REPORTS,
        TOOLS,
    ]


REGION_MENUS = region_menus(DUTIES_OF_THE_DISTRICT)


def entries(user, path="/"):
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    request.user = user
    return navigation_for(user, request)


def shown(entry):
    """An entry as the tests compare it: a link's (label, url), a menu's (label, links)."""
    if not entry.is_menu:
        return (entry.label, entry.url)
    links = []
    for link in entry.links:
        if link.divider_before and links:  # as _navbar.html: no divider opens a menu
            links.append(("---", None))
        links.append((link.label, link.url))
    return (entry.label, links)


def bar(world, persona, path="/"):
    return [shown(entry) for entry in entries(world.user(persona), path)]


def active(world, persona, path):
    return [entry.label for entry in entries(world.user(persona), path) if entry.active]


class TestWhatEachPersonaSees:
    @pytest.mark.parametrize(
        ("persona", "duties"),
        [
            ("district_admin", DUTIES_OF_THE_DISTRICT),
            ("town_a_admin", DUTIES_OF_A_TOWN),
            ("town_b_admin", DUTIES_OF_A_TOWN),
            ("leader", DUTIES_OF_THE_DISTRICT),
            ("outsider", DUTIES_OF_A_TOWN),
        ],
    )
    def test_region_scoped_roles_see_the_statistics_then_the_business_menus(
        self, world, persona, duties
    ):
        assert bar(world, persona) == [COVERAGE, *region_menus(duties)]

    @pytest.mark.parametrize(
        ("persona", "cobuilding", "duties"),
        [
            ("secretary", COBUILDING, DUTIES_OF_A_SECRETARY),
            ("instructor", COBUILDING_WITHOUT_FUNDS, DUTIES_OF_AN_INSTRUCTOR),
        ],
    )
    def test_other_business_roles_see_the_business_menus_only(
        self, world, persona, cobuilding, duties
    ):
        assert bar(world, persona) == [*BUSINESS_MENUS, cobuilding, *duties, TOOLS]

    @pytest.mark.parametrize("persona", ["system_admin", "security_admin"])
    def test_account_administrators_see_only_the_account_pages(self, world, persona):
        assert bar(world, persona) == [("账号管理", "/accounts/manage/")]

    def test_the_audit_administrator_sees_only_the_audit_log(self, world):
        assert bar(world, "audit_admin") == [("审计日志", "/audit/")]

    @pytest.mark.parametrize("persona", ["system_admin", "security_admin", "audit_admin"])
    def test_administrators_see_no_business_menu(self, world, persona):
        assert not any(entry.is_menu for entry in entries(world.user(persona)))


class TestCurrentSection:
    @pytest.mark.parametrize(
        ("path", "current"),
        [
            ("/", []),
            ("/dashboard/", ["两个覆盖"]),
            ("/regions/", ["台账"]),
            ("/instructors/", ["台账"]),
            ("/development/", ["党员管理"]),
            ("/dues/bases/", ["党员管理"]),
            ("/ledger/", ["工具"]),
            ("/rules/", ["工具"]),
            # These two are listed under another menu, but their pages are a registry's.
            ("/members/birthdays/", ["台账"]),
            ("/organizations/warnings/", ["台账"]),
        ],
    )
    def test_the_menu_or_link_of_the_current_page_is_active(self, world, path, current):
        assert active(world, "district_admin", path) == current

    def test_the_audit_log_is_active_on_its_page(self, world):
        assert active(world, "audit_admin", "/audit/") == ["审计日志"]

    def test_the_account_pages_are_active_on_every_page_of_their_namespace(self, world):
        assert active(world, "system_admin", "/accounts/manage/") == ["账号管理"]
        assert active(world, "security_admin", "/accounts/password/") == ["账号管理"]

    def test_a_page_that_resolved_to_nothing_marks_nothing(self, world):
        request = RequestFactory().get("/no-such-page/")
        request.resolver_match = None
        assert not any(e.active for e in navigation_for(world.user("district_admin"), request))


def tools_menu(html: str) -> str:
    start = html.index('aria-expanded="false">工具</a>')
    return html[start : html.index("</ul>", start)]


class TestContributions:
    @pytest.fixture
    def contributed(self, monkeypatch):
        """``contributed(item)``: the navigation slot also holds ``item`` during the test."""

        def add(item):
            entries = [*slot("navigation").entries, Entry("tests", item)]
            monkeypatch.setattr(slot("navigation"), "entries", entries)

        return add

    def test_a_new_apps_link_appears_in_its_menu_without_editing_a_template(
        self, world, login, contributed
    ):
        contributed(NavItem(label="测试工具", url_name="home", menu="tools", order=25))
        html = login("district_admin").get("/").content.decode()
        assert re.findall(r'dropdown-item" href="([^"]*)">([^<]*)<', tools_menu(html)) == [
            ("/ledger/", "台账导入导出"),
            ("/organizations/warnings/", "组织设置提醒"),
            ("/", "测试工具"),
            ("/rules/", "规则参数"),
            ("/rules/calendar/", "工作日历"),
        ]

    def test_a_link_without_a_menu_stands_in_the_bar_at_its_order(self, world, login, contributed):
        contributed(NavItem(label="测试", url_name="home", order=42, icon="bi-star"))
        labels = [entry.label for entry in entries(world.user("secretary"))]
        menus = ["台账", "党员管理", "组织建设", "助企服务", "队伍建设", "共建阵地", "责任落实"]
        assert labels == [*menus, "测试", "工具"]
        html = login("secretary").get("/").content.decode()
        link = '<a class="nav-link text-nowrap" href="/"><i class="bi bi-star"></i> 测试</a>'
        assert link in html

    def test_a_link_is_shown_only_to_whom_it_says(self, world, contributed):
        contributed(
            NavItem(label="测试", url_name="home", menu="tools", shown_to=roles.can_view_audit)
        )
        assert ("测试", "/") not in dict(bar(world, "district_admin"))["工具"]
        assert bar(world, "audit_admin") == [("工具", [("测试", "/")]), ("审计日志", "/audit/")]

    def test_a_misspelt_menu_is_refused_rather_than_hidden(self, world, contributed):
        contributed(NavItem(label="测试", url_name="home", menu="tool"))
        with pytest.raises(LookupError, match="tool"):
            entries(world.user("district_admin"))
