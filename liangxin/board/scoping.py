"""Who sees the boards (core.scoping). A board is shown in public at the 晾晒会: everyone
working inside its region — above it (the district over a town's board), in it (every
town admin sees every town's rank on the district's board) or holding an organization in
it — sees the ranking of every subject; users elsewhere do not (404). What lies behind a
subject — its organizations and their values — is the drill-down, which is narrower:
``selectors.may_drill``."""

from django.db.models import Q

from liangxin.board.models import Board, BoardIndicator, BoardSnapshot, SnapshotRow
from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region


def _ancestors_and_self(paths) -> set[str]:
    step = Region.steplen
    return {path[:end] for path in paths for end in range(step, len(path) + 1, step)}


def _organization_regions(scope: Scope) -> set[str]:
    if not scope.organization_paths:
        return set()
    held = prefix_q("path", scope.organization_paths)
    return set(PartyOrganization.objects.filter(held).values_list("region__path", flat=True))


def board_rule(prefix: str):
    def rule(scope: Scope) -> Q | None:
        around = _ancestors_and_self(scope.region_paths) | _ancestors_and_self(
            _organization_regions(scope)
        )
        return any_of(
            prefix_q(f"{prefix}region__path", scope.region_paths),
            Q(**{f"{prefix}region__path__in": sorted(around)}) if around else None,
        )

    return rule


SCOPE_RULES = [
    (Board, board_rule("")),
    (BoardIndicator, board_rule("board__")),
    (BoardSnapshot, board_rule("board__")),
    (SnapshotRow, board_rule("snapshot__board__")),
]
