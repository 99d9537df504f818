"""The number of the funding app a district may look up on the rules page (WORK.md §6)."""

from liangxin.rules.catalog import Rule

ENTERPRISE_SHARE_PERCENT = "funding.enterprise_share_percent"

RULES = [
    Rule(
        ENTERPRISE_SHARE_PERCENT,
        "企业党建工作经费税前列支上限（占上年度职工工资薪金总额）",
        1,
        "%",
        "非公有制企业党建工作经费在职工工资薪金总额 1% 以内的部分可据实在企业所得税前扣除"
        "（[N] 经费通知：《关于非公有制企业党组织工作经费问题的通知》，中组部、财政部、"
        "国家税务总局，2014-12）；超出时提示，不拒收（WORK.md §6 Defaults [I]）",
    ),
]
