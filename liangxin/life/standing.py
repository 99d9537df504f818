"""One pass over the organizations of a page: every kind's due and held per organization
in a single query, from which the page takes both its figures and its list of those
behind (WORK.md §1).

The compliance page used to ask the database twice for the same counts — once grouped
for the figures, once per organization for the list — sixteen compiled queries with a
correlated count each; the SQL was a fifth of the time, building it the rest. Here one
query carries every kind (each kind's count only where the organization owes it: a CASE
the database does not evaluate further for the others), the grouping of a scope's few
hundred rows happens here, and the periods each organization missed are read only for
the page of the list being shown.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import IntegerField, QuerySet

from liangxin.life import compliance
from liangxin.life.models import Meeting, MeetingStatus
from liangxin.organizations.models import PartyOrganization

INT = IntegerField()
KINDS = compliance.KINDS


@dataclass(frozen=True)
class Standing:
    """One organization's owed bounds, due and held, for each kind it owes."""

    organization_id: int
    path: str
    region_path: str
    counts: dict = field(default_factory=dict)  # kind → (due, held, owed_first, owed_last)

    @property
    def behind_kinds(self) -> list[str]:
        return [kind for kind, (due, held, _, _) in self.counts.items() if held < due]


@dataclass(frozen=True)
class Pass:
    """What one pass read: the windows it used and every organization's standing."""

    windows: dict
    standings: list

    def behind(self) -> list[Standing]:
        """The organizations missing at least one owed period, in tree order."""
        rows = [standing for standing in self.standings if standing.behind_kinds]
        return sorted(rows, key=lambda standing: standing.path)

    def grouped(self, prefix_length: int) -> dict[str, dict]:
        """{region path cut at ``prefix_length``: {kind: KindFigures}}."""
        sums: dict = defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0]))
        for standing in self.standings:
            group = sums[standing.region_path[:prefix_length]]
            for kind, (due, held, _, _) in standing.counts.items():
                figures = group[kind]
                figures[0] += 1
                figures[1] += due
                figures[2] += held
                figures[3] += held < due
        return {
            path: {kind: self._figures(kind, *numbers) for kind, numbers in kinds.items()}
            for path, kinds in sums.items()
        }

    def _figures(self, kind, organizations, due, held, behind) -> compliance.KindFigures:
        months = self.windows[kind].months
        label = compliance.label(kind)
        return compliance.KindFigures(kind, label, months, organizations, due, held, behind)


def read(organizations: QuerySet, year: int, on: datetime.date | None = None) -> Pass:
    """Every organization of ``organizations`` owing any kind, with its counts, in one
    query."""
    windows = compliance.windows_for(year, on)
    bounds, counts = compliance.kind_annotations(windows)
    rows = (
        organizations.order_by()
        .annotate(**bounds)
        .annotate(**counts)
        .values("id", "path", "region__path", *bounds, *counts)
    )
    return Pass(windows, [_standing(row, windows) for row in rows if _owes_any(row)])


def _owes_any(row: dict) -> bool:
    return any(row[f"due_{kind}"] is not None for kind in KINDS)


def _standing(row: dict, windows: dict) -> Standing:
    counts = {}
    for kind, window in windows.items():
        due = row[f"due_{kind}"]
        if due is None:
            continue
        suffix = f"_{window.months}"
        first, last = row[f"owed_first{suffix}"], row[f"owed_last{suffix}"]
        counts[kind] = (due, row[f"held_{kind}"], first, last)
    return Standing(row["id"], row["path"], row["region__path"], counts)


def shortfalls(one_pass: Pass, standings: list[Standing]) -> list[tuple]:
    """[(organization, [Shortfall])] for ``standings`` (a page of those behind): the
    organizations and the periods each missed are read for these alone."""
    ids = [standing.organization_id for standing in standings]
    organizations = PartyOrganization.objects.select_related("region").only(
        "id", "code", "name", "path", "region__name"
    )
    by_id = organizations.in_bulk(ids)
    met = _met(one_pass, standings)
    return [
        (by_id[standing.organization_id], _shortfalls_of(one_pass, standing, met))
        for standing in standings
    ]


def _met(one_pass: Pass, standings: list[Standing]) -> dict:
    """{kind: {organization id: periods met}} for the kinds these organizations are behind
    on (谈心谈话 has one period a year: behind on it means it met none) — their held
    meetings read in one plain query, each dated into its kind's period here (periods
    outside an organization's owed ones are never asked for)."""
    ids = [standing.organization_id for standing in standings]
    kinds = {kind for standing in standings for kind in standing.behind_kinds}
    kinds.discard(compliance.TALK)
    if not kinds:
        return {}
    windows = one_pass.windows
    starts = [compliance.period_bounds(windows[k].first, windows[k].months)[0] for k in kinds]
    held = Meeting.objects.filter(
        organization_id__in=ids,
        kind__in=kinds,
        status=MeetingStatus.HELD,
        held_on__gte=min(starts),
        held_on__lt=next(iter(windows.values())).on,
    ).values_list("organization_id", "kind", "held_on")
    met: dict = defaultdict(lambda: defaultdict(set))
    for organization_id, kind, day in held:
        met[kind][organization_id].add(compliance.period_of(day, windows[kind].months))
    return met


def _shortfalls_of(one_pass: Pass, standing: Standing, met: dict) -> list:
    found = []
    for kind in KINDS:
        if kind not in standing.behind_kinds:
            continue
        due, held, first, last = standing.counts[kind]
        months = one_pass.windows[kind].months
        done = met.get(kind, {}).get(standing.organization_id, set())
        periods = [
            compliance.period_name(index, months)
            for index in range(first, last + 1)
            if index not in done
        ]
        found.append(compliance.Shortfall(kind, compliance.label(kind), due, held, periods))
    return found


def organizations_behind(organizations: QuerySet, year: int, on=None) -> list[tuple]:
    """[(organization, [Shortfall])] for every organization missing at least one owed
    period of any kind, with the periods it missed named (the export of a list)."""
    one_pass = read(organizations, year, on)
    return shortfalls(one_pass, one_pass.behind())
