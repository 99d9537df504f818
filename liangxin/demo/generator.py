"""The dataset as plain records, county by county, from one seeded generator.

Nothing here touches the database, so later tools (ledger files, import
benchmarks, the coverage engine's tests) can take the records as they are.
The same scale and seed always give the same records; only the ids depend on
where numbering starts (``IdAllocator``), and the generator draws nothing from
the global ``random`` module.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from liangxin.demo import tree
from liangxin.demo.context import Context
from liangxin.demo.organizations import OrganizationMaker, TownBuilder, spread
from liangxin.demo.records import Chunk, IdAllocator, RegionRecord
from liangxin.demo.regions import SHAPES, CountyPlan, RegionBuilder
from liangxin.demo.scales import SCALES


@dataclass
class Generation:
    context: Context
    regions: list[RegionRecord]
    counties: list[CountyPlan]
    org_root_offset: int = 0

    def chunks(self) -> Iterator[Chunk]:
        """One chunk per county: call once, in order (the generator's state moves on)."""
        towns = [town for county in self.counties for town in county.towns]
        counts = iter(spread(self.context.scale.enterprises, [town.weight for town in towns]))
        for position, county in enumerate(self.counties, start=self.org_root_offset + 1):
            chunk = Chunk()
            county_org = self.county_organization(county, chunk, position)
            for town in county.towns:
                TownBuilder(self.context, county, county_org, town, chunk).build(next(counts))
            yield chunk

    def county_organization(self, county: CountyPlan, chunk: Chunk, position: int):
        maker = OrganizationMaker(self.context, county, chunk)
        org = maker.create(
            None,
            kind="working_committee",
            formation="regional",
            name=f"{county.record.name}两新工委",
            region=county.record,
            established=datetime.date(2008, 6, 1),
        )
        return tree.place_root(org, position)


def generate(
    scale: str,
    seed: int,
    *,
    ids: IdAllocator | None = None,
    region_root_offset: int = 0,
    org_root_offset: int = 0,
) -> Generation:
    """Plan the regions of ``scale``; the rest comes lazily from ``chunks()``."""
    ids = ids or IdAllocator()
    context = Context.create(SCALES[scale], seed, ids)
    builder = RegionBuilder(ids, root_offset=region_root_offset)
    counties = SHAPES[scale](builder, context.rng)
    return Generation(context, builder.records, counties, org_root_offset)


def all_records(scale: str, seed: int) -> tuple[list[RegionRecord], Chunk]:
    """Everything at once (for small scales, tests and file writers)."""
    generation = generate(scale, seed)
    merged = Chunk()
    for chunk in generation.chunks():
        merged.extend(chunk)
    return generation.regions, merged
