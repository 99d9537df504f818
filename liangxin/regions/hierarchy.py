"""The region tree's levels (DOMAIN.md §2): 区县 county → 镇街 town, 园区 park → 片区 area →
网格 grid. A park may lie inside a town, and a grid directly under a town or park where
there are no areas; nothing lies under a grid. A deployment's tree may start at a county,
a town or a park."""

from liangxin.core.hierarchy import ROOT, KindHierarchy
from liangxin.regions.models import RegionKind as K

REGION_HIERARCHY = KindHierarchy(
    noun="区域",
    labels=dict(K.choices),
    parents={
        K.COUNTY: (ROOT,),
        K.TOWN: (ROOT, K.COUNTY),
        K.PARK: (ROOT, K.COUNTY, K.TOWN),
        K.AREA: (K.TOWN, K.PARK),
        K.GRID: (K.TOWN, K.PARK, K.AREA),
    },
)
