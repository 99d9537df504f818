"""People: names, genders, birth dates, resident ID numbers and phones."""

import datetime
import random
import uuid

from liangxin.core.identifiers import make_id_number
from liangxin.demo import vocab
from liangxin.demo.weights import Weighted

SURNAME_PICK = Weighted(vocab.SURNAMES, vocab.SURNAME_WEIGHTS)


def person_name(rng: random.Random, male: bool) -> str:
    surname = SURNAME_PICK.pick(rng)
    given = vocab.MALE_GIVEN if male else vocab.FEMALE_GIVEN
    length = 1 if rng.random() < 0.3 else 2
    return surname + "".join(rng.choice(given) for _ in range(length))


def random_date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    if end <= start:
        return start
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


MOBILE_PREFIXES = ("138", "139", "150", "151", "158", "177", "186", "189")


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def opaque_id(rng: random.Random) -> uuid.UUID:
    """A public_id drawn from the seeded generator, so reruns give the same ids."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


class PersonMaker:
    """Hands out unique ID numbers: the blind index is unique per table."""

    def __init__(self, rng: random.Random, local_areas: tuple[str, ...]):
        self.rng = rng
        self.local_areas = local_areas
        self.issued: set[str] = set()

    def id_area(self, migrant: bool) -> str:
        if migrant or self.rng.random() < 0.15:
            return self.rng.choice(vocab.MIGRANT_ID_AREAS)
        return self.rng.choice(self.local_areas)

    def id_number(self, birth: datetime.date, male: bool, migrant: bool) -> str:
        while True:
            number = make_id_number(
                self.rng, area_code=self.id_area(migrant), birth_date=birth, male=male
            )
            if number not in self.issued:
                self.issued.add(number)
                return number

    def identity(self, birth_years: tuple[int, int], male_share: float, migrant=False) -> dict:
        male = self.rng.random() < male_share
        birth = random_date(
            self.rng, datetime.date(birth_years[0], 1, 1), datetime.date(birth_years[1], 12, 31)
        )
        return {
            "public_id": opaque_id(self.rng),
            "name": person_name(self.rng, male),
            "gender": "M" if male else "F",
            "birth_date": birth,
            "id_number": self.id_number(birth, male, migrant),
            "phone": mobile(self.rng) if self.rng.random() < 0.95 else "",
        }
