"""The number of the funding app a district may look up on the rules page (WORK.md §6)."""

from liangxin.rules.catalog import Rule

ENTERPRISE_SHARE_PERCENT = "funding.enterprise_share_percent"
SEPARATE_APPROVAL = "funding.separate_approval_accounts"

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
    Rule(
        SEPARATE_APPROVAL,
        "经费拨付经办与审批须由几个不同账号完成（2：生成拨付的账号不能审批；1：不分离）",
        2,
        "个账号",
        "[I] 内控：经办与审批分离（不相容岗位分离；区可设为 1 关闭）",
        configurable=True,
        at_most=2,
    ),
]
