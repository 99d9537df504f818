"""State shared by the builders of one run: the seeded generator, ids, uniqueness sets."""

import random
from dataclasses import dataclass, field

from liangxin.demo import vocab
from liangxin.demo.enterprises import EnterpriseMaker
from liangxin.demo.people import PersonMaker
from liangxin.demo.records import IdAllocator
from liangxin.demo.scales import Scale
from liangxin.demo.thresholds import Thresholds

PROVINCE_WORDS = {"35": "福建", "33": "浙江"}


@dataclass
class Context:
    rng: random.Random
    scale: Scale
    ids: IdAllocator
    people: PersonMaker
    enterprises: EnterpriseMaker
    org_serials: dict[str, int] = field(default_factory=dict)
    thresholds: Thresholds = field(default_factory=Thresholds.read)

    @classmethod
    def create(cls, scale: Scale, seed: int, ids: IdAllocator) -> "Context":
        rng = random.Random(seed)
        return cls(
            rng=rng,
            scale=scale,
            ids=ids,
            people=PersonMaker(rng, vocab.LOCAL_ID_AREAS),
            enterprises=EnterpriseMaker(rng, ids, scale),
        )

    def org_code(self, county_code: str) -> str:
        """组织编码: the county code and a serial, e.g. 350503-00017."""
        serial = self.org_serials.get(county_code, 0) + 1
        self.org_serials[county_code] = serial
        return f"{county_code}-{serial:05d}"

    def place_word(self, county_name: str, town_name: str, county_code: str) -> str:
        words = (
            county_name[:2],
            county_name[:2],
            town_name[:2],
            PROVINCE_WORDS.get(county_code[:2], "福建"),
        )
        return self.rng.choice(words)
