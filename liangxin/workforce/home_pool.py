"""The talent pool's and the partner groups' entries in the navigation bar (core.navigation),
and the picker of a pool entry's party-worker record (core.pickers)."""

from liangxin.core.navigation import NavItem
from liangxin.core.pickers import PickerSource
from liangxin.core.scoping import scoped
from liangxin.workforce.models_people import PartyWorker

NAV = [
    NavItem(label="党务人才库", url_name="instructors:pool", menu="workforce_work", order=60),
    NavItem(label="党建合伙人", url_name="instructors:partners", menu="workforce_work", order=61),
]


def worker_text(worker: PartyWorker) -> str:
    pioneer = "·先锋工匠" if worker.pioneer_craftsman else ""
    return f"{worker.name}（{worker.get_role_display()}{pioneer}）· {worker.region.name}"


# Named by key from the pool's, the certification's and the honours' forms (``rows`` given,
# so it is not the model's default source).
PICKERS = [
    PickerSource(
        "party_workers",
        PartyWorker,
        "党务工作者",
        value_field="pk",
        code_field="",
        text=worker_text,
        related=("region",),
        rows=lambda user: scoped(PartyWorker.objects.all(), user),
    )
]
