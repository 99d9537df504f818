"""Region trees of the three scales: county → town/park → area → grid."""

import random
from dataclasses import dataclass, field

from liangxin.demo import tree, vocab
from liangxin.demo.records import IdAllocator, RegionRecord


@dataclass
class AreaPlan:
    record: RegionRecord
    grids: list[RegionRecord] = field(default_factory=list)


@dataclass
class TownPlan:
    record: RegionRecord
    weight: float
    areas: list[AreaPlan] = field(default_factory=list)

    @property
    def grids(self) -> list[RegionRecord]:
        return [grid for area in self.areas for grid in area.grids]


@dataclass
class CountyPlan:
    record: RegionRecord
    towns: list[TownPlan] = field(default_factory=list)


class RegionBuilder:
    """Creates region records with ids and materialized paths as the shape is described."""

    def __init__(self, ids: IdAllocator, root_offset: int = 0):
        self.ids = ids
        self.records: list[RegionRecord] = []
        self.root_offset = root_offset

    def _record(self, code: str, name: str, kind: str) -> RegionRecord:
        record = RegionRecord(id=self.ids.next("region"), code=code, name=name, kind=kind)
        self.records.append(record)
        return record

    def county(self, code: str, name: str) -> CountyPlan:
        self.root_offset += 1
        return CountyPlan(tree.place_root(self._record(code, name, "county"), self.root_offset))

    def town(self, county: CountyPlan, code, name, kind="town", weight=1.0) -> TownPlan:
        record = tree.place_child(self._record(code, name, kind), county.record)
        county.towns.append(TownPlan(record, weight))
        return county.towns[-1]

    def area(self, town: TownPlan, code: str, name: str) -> AreaPlan:
        town.areas.append(AreaPlan(tree.place_child(self._record(code, name, "area"), town.record)))
        return town.areas[-1]

    def grids(self, area: AreaPlan, count: int) -> None:
        for number in range(1, count + 1):
            record = self._record(f"{area.record.code}-G{number:02d}", f"第{number}网格", "grid")
            record.name = f"{area.record.name}第{number}网格"
            area.grids.append(tree.place_child(record, area.record))


def small_shape(builder: RegionBuilder, rng: random.Random) -> list[CountyPlan]:
    """平湖市: one street and one park, two areas of two grids each."""
    county = builder.county("330482", "平湖市")
    towns = [
        builder.town(county, "330482001000", "当湖街道"),
        builder.town(county, "330482P01", "平湖经济技术开发区", kind="park"),
    ]
    for town in towns:
        for number, word in enumerate(("东", "西"), start=1):
            area = builder.area(
                town, f"{town.record.code}-A{number}", f"{town.record.name[:2]}{word}片区"
            )
            builder.grids(area, 2)
    return [county]


ZONE_AREAS = (("清濛片区", 5), ("紫山片区", 5), ("崇福片区", 4), ("城东片区", 4))


def zone_shape(builder: RegionBuilder, rng: random.Random) -> list[CountyPlan]:
    """丰泽区 → 泉州经济技术开发区 → 4 areas → 18 grids (the seed article's shape)."""
    county = builder.county("350503", "丰泽区")
    park = builder.town(county, "350503P01", "泉州经济技术开发区", kind="park")
    for number, (name, grid_count) in enumerate(ZONE_AREAS, start=1):
        builder.grids(builder.area(park, f"QZKFQ-A{number}", name), grid_count)
    return [county]


# 福建's nine prefectures: the province scale gives each ten counties.
PREFECTURES = (
    ("3501", "福州"),
    ("3502", "厦门"),
    ("3503", "莆田"),
    ("3504", "三明"),
    ("3505", "泉州"),
    ("3506", "漳州"),
    ("3507", "南平"),
    ("3508", "龙岩"),
    ("3509", "宁德"),
)


def province_shape(builder: RegionBuilder, rng: random.Random) -> list[CountyPlan]:
    """90 counties × (9 towns + 1 park) × 3 areas × 4 grids."""
    counties = []
    for prefix, city in PREFECTURES:
        for number in range(2, 12):
            county_name = city + rng.choice(vocab.PLACE_SYLLABLES) + rng.choice("区县市")
            counties.append(builder.county(f"{prefix}{number:02d}", county_name))
    for county in counties:
        _province_towns(builder, county, rng)
    return counties


def _province_towns(builder: RegionBuilder, county: CountyPlan, rng: random.Random) -> None:
    code = county.record.code
    for number in range(1, 11):
        place = rng.choice(vocab.PLACE_SYLLABLES)
        if number == 10:
            town = builder.town(county, f"{code}P01", f"{place}经济开发区", "park", 1.6)
        else:
            suffix = rng.choice(("镇", "镇", "街道", "乡"))
            town = builder.town(county, f"{code}{number:03d}000", place + suffix, "town", 1.0)
        for area_number in range(1, 4):
            area_name = f"{place}{'东西南北'[area_number - 1]}片区"
            builder.grids(builder.area(town, f"{town.record.code}-A{area_number}", area_name), 4)


SHAPES = {"small": small_shape, "zone": zone_shape, "province": province_shape}
