"""Key enterprises (亿元以上, 规上, 专精特新 …): the enterprises a specialist is assigned to,
read from what the enterprise registry already records (annual output, 规上, its tags)."""

from django.db.models import Q

from liangxin.enterprises.models import Enterprise, EnterpriseTag

# 亿元以上: annual output of at least 1 亿元 (the registry keeps 万元).
BILLION_IN_10K = 10000


def _tagged(code: str) -> Q:
    return Q(
        pk__in=Enterprise.tags.through.objects.filter(enterprisetag__code=code).values(
            "enterprise_id"
        )
    )


def kinds() -> dict[str, tuple[str, Q]]:
    """{key: (label, condition)}: the fixed ones, then one per registry tag."""
    found = {
        "billion": ("亿元以上", Q(annual_output__gte=BILLION_IN_10K)),
        "above_scale": ("规上", Q(above_scale=True)),
    }
    for code, name in EnterpriseTag.objects.values_list("code", "name"):
        found[f"tag_{code}"] = (name, _tagged(code))
    return found


def key_q() -> Q:
    """An enterprise of any key kind."""
    condition = Q(pk__in=[])
    for _label, q in kinds().values():
        condition |= q
    return condition
