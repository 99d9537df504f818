"""Navigation links of certification, honours and allowances (core.navigation)."""

from liangxin.core.navigation import NavItem

NAV = [
    NavItem(
        label="职业化认证", url_name="instructors:certifications", menu="workforce_work", order=62
    ),
    NavItem(label="荣誉", url_name="instructors:honours", menu="workforce_work", order=63),
    NavItem(label="津贴", url_name="instructors:allowances", menu="workforce_work", order=64),
]
