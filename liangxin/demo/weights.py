"""Weighted picks with precomputed cumulative weights.

``random.choices`` re-sums the weights on every call; with millions of picks
in the province scale, computing them once matters.
"""

import itertools
import random
from collections.abc import Sequence


class Weighted:
    def __init__(self, values: Sequence, weights: Sequence[float]):
        self.values = tuple(values)
        self.cumulative = tuple(itertools.accumulate(weights))

    @classmethod
    def of(cls, mapping: dict) -> "Weighted":
        return cls(list(mapping), list(mapping.values()))

    def pick(self, rng: random.Random):
        return rng.choices(self.values, cum_weights=self.cumulative)[0]

    def picks(self, rng: random.Random, count: int) -> list:
        return rng.choices(self.values, cum_weights=self.cumulative, k=count)
