"""The auto item "获得市级及以上表彰" (``workforce.honours_city``; core.checklist_sources):
the honours registry answers it for the ratings (the seeded rubric's 加分项 names the same
words; a district picks this source for the item in the rubric editor).

An organization meets it on ``as_of`` when the registry holds an honour awarded to it at
city level or above in ``as_of``'s year, on or before ``as_of``."""

import datetime

from django.db.models import Exists, OuterRef, QuerySet

from liangxin.core.checklist_sources import ChecklistSource
from liangxin.workforce.models_people import Honour, HonourLevel

CITY_AND_ABOVE = (HonourLevel.NATIONAL, HonourLevel.PROVINCE, HonourLevel.CITY)


def honoured_this_year(organizations: QuerySet, as_of: datetime.date) -> set[int]:
    honours = Honour.objects.filter(
        organization=OuterRef("pk"),
        level__in=CITY_AND_ABOVE,
        awarded_on__year=as_of.year,
        awarded_on__lte=as_of,
    )
    return set(organizations.filter(Exists(honours)).order_by().values_list("id", flat=True))


SOURCES = [
    ChecklistSource(
        key="workforce.honours_city",
        label="获得市级及以上表彰",
        met=honoured_this_year,
        missing="本年度荣誉登记中没有本组织获得的市级及以上表彰：已获表彰的请在“荣誉”页登记",
    )
]
