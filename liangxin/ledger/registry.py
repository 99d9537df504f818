"""Ledger kinds by name (DOMAIN.md §5)."""

from functools import cache


@cache
def kinds() -> dict:
    from liangxin.dues.ledger import DuesBaseLedger
    from liangxin.ledger.kinds_enterprises import EnterpriseLedger
    from liangxin.ledger.kinds_instructors import InstructorLedger
    from liangxin.ledger.kinds_members import MemberLedger
    from liangxin.ledger.kinds_organizations import OrganizationLedger
    from liangxin.ledger.kinds_regions import RegionLedger
    from liangxin.mobility.ledger import ContactLedger

    ledgers = (
        RegionLedger(),
        EnterpriseLedger(),
        OrganizationLedger(),
        MemberLedger(),
        InstructorLedger(),
        DuesBaseLedger(),
        ContactLedger(),
    )
    return {ledger.name: ledger for ledger in ledgers}


def kind_named(name: str):
    try:
        return kinds()[name]
    except KeyError as exc:
        raise ValueError(f"未知台账类型：{name}；可选：{', '.join(kinds())}") from exc
