"""What members.conflicts needs to know of development: an open case holds its
applicant's ID number, as a member holds theirs (contributed from ``ready()``)."""

from django.db.models import Q

from liangxin.development.models import CaseStatus, DevelopmentCase
from liangxin.members.conflicts import Holders
from liangxin.members.models import ConflictHolder

HOLDERS = [
    Holders(
        kind=ConflictHolder.DEVELOPMENT_CASE,
        model=DevelopmentCase,
        url_name="development:detail",
        exclude_keyword="exclude_case",
        holding=Q(status=CaseStatus.OPEN),
    )
]
