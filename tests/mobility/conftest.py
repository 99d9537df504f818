"""Mobility test helpers: members in each flow mode, letters, and the persona fixtures."""

import datetime

import pytest

from liangxin.core.audit import CHANNEL_WEB, audit_context
from liangxin.mobility.deadlines import letter_valid_until
from liangxin.mobility.models import ContactLog, MobileProfile, Transfer
from tests import factories as f

DAY = datetime.timedelta(days=1)


def floating(organization, *, abroad=False, place="", since=None, **extra):
    member = f.MemberFactory(
        organization=organization, flow_type="floating", abroad=abroad, **extra
    )
    if place or since:
        MobileProfile.objects.create(member=member, away_place=place, away_since=since)
    return member


def contact(member, on: datetime.date, **extra) -> ContactLog:
    return ContactLog.objects.create(member=member, contacted_on=on, **extra)


_letters = iter(range(1, 10**6))


def letter(member=None, *, issued_on, to=None, to_name="", origin=None, origin_name="", **extra):
    """A letter stored directly (no service): for list and rule tests."""
    origin = origin if origin is not None or origin_name else member.organization
    return Transfer.objects.create(
        member=member,
        direction="out" if origin else "in",
        letter_number=f"TEST-{next(_letters):05d}",
        issued_on=issued_on,
        valid_until=letter_valid_until(issued_on),
        from_organization=origin,
        from_organization_name=origin_name,
        to_organization=to,
        to_organization_name=to_name,
        **extra,
    )


@pytest.fixture
def as_user():
    """Run a service call the way a page does: inside the user's audit context."""

    def run(user, call, **kwargs):
        with audit_context(user, channel=CHANNEL_WEB):
            return call(actor=user, **kwargs)

    return run
