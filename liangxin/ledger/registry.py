"""Ledger kinds by name (DOMAIN.md §5)."""

from functools import cache


@cache
def kinds() -> dict:
    from liangxin.dues.ledger import DuesBaseLedger
    from liangxin.enterprises.ledger import EnterpriseLedger
    from liangxin.members.ledger import MemberLedger
    from liangxin.mobility.ledger import ContactLedger
    from liangxin.organizations.ledger import OrganizationLedger
    from liangxin.regions.ledger import RegionLedger
    from liangxin.workforce.ledger import InstructorLedger

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
