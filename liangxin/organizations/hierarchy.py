"""Which party organization may lead which (党章 ch. 5, 《中国共产党支部工作条例（试行）》
art. 5–6): a 党委 leads 党总支 and 党支部; a 党总支 leads 党支部; a 党支部 (joint and
temporary ones too) divides its members into 党小组; a 党小组 leads nothing. A 党工委 (the
district's or a town's 两新工委) leads committees and branches, and may sit under another
党工委 or a 党委. The tree may start at a 党工委, a 党委, a 党总支 or a branch (the top of
what a deployment holds); never at a 党小组."""

from liangxin.core.hierarchy import ROOT, KindHierarchy
from liangxin.organizations.models import OrgKind as K

LEADING = (K.WORKING_COMMITTEE, K.COMMITTEE)
BRANCHES = (K.BRANCH, K.JOINT_BRANCH, K.TEMPORARY_BRANCH)

ORGANIZATION_HIERARCHY = KindHierarchy(
    noun="党组织",
    labels=dict(K.choices),
    parents={
        K.WORKING_COMMITTEE: (ROOT, *LEADING),
        K.COMMITTEE: (ROOT, *LEADING),
        K.GENERAL_BRANCH: (ROOT, *LEADING),
        K.BRANCH: (ROOT, *LEADING, K.GENERAL_BRANCH),
        K.JOINT_BRANCH: (ROOT, *LEADING, K.GENERAL_BRANCH),
        K.TEMPORARY_BRANCH: (ROOT, *LEADING, K.GENERAL_BRANCH),
        K.GROUP: BRANCHES,
    },
)
