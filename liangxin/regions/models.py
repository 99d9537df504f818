from django.db import models
from treebeard.mp_tree import MP_Node

from liangxin.core.pinyin import NameInitials, initials_field, initials_index
from liangxin.core.validators import validate_not_reserved_code


class RegionKind(models.TextChoices):
    COUNTY = "county", "区县"
    TOWN = "town", "镇街"
    PARK = "park", "园区"
    AREA = "area", "片区"
    GRID = "grid", "网格"


class Region(NameInitials, MP_Node):
    """区域: county → town/park → area → grid. Subtree = path prefix (treebeard)."""

    code = models.CharField(
        "区域代码", max_length=32, unique=True, validators=[validate_not_reserved_code]
    )
    name = models.CharField("区域名称", max_length=100)
    name_initials = initials_field()
    kind = models.CharField("区域类别", max_length=8, choices=RegionKind.choices)

    class Meta:
        verbose_name = "区域"
        verbose_name_plural = "区域"
        indexes = [
            # LIKE 'prefix%' on PostgreSQL needs pattern ops unless the collation is "C".
            models.Index(
                fields=["path"], name="region_path_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
            initials_index("region_initials_idx"),
        ]

    def __str__(self):
        return self.name
