"""factory_boy factories; every identifier carries a valid check character."""

import datetime
import random

import factory
from django.db import transaction

from liangxin.accounts.models import User
from liangxin.core.identifiers import make_id_number, make_mobile, make_uscc
from liangxin.enterprises.models import Enterprise
from liangxin.members.models import Member
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region
from liangxin.workforce.models import Instructor

PASSWORD = "Test-Passw0rd!"
_rng = random.Random(20261121)


def region(code: str, name: str, kind: str, parent: Region | None = None) -> Region:
    if parent is None:
        return Region.objects.add_root(dict(code=code, name=name, kind=kind))
    return Region.objects.add_child(
        Region.objects.get(pk=parent.pk), dict(code=code, name=name, kind=kind)
    )


def organization(
    code: str,
    name: str,
    *,
    region: Region,
    kind: str = "branch",
    formation: str = "single",
    parent: PartyOrganization | None = None,
    covers=(),
    **extra,
) -> PartyOrganization:
    fields = dict(code=code, name=name, kind=kind, formation=formation, region=region, **extra)
    with transaction.atomic():
        if parent is None:
            org = PartyOrganization.objects.add_root(fields)
        else:
            org = PartyOrganization.objects.add_child(
                PartyOrganization.objects.get(pk=parent.pk), fields
            )
        org.covered_enterprises.add(*covers)
    return org


_serial = iter(range(10**6))


def id_number(area_code: str = "350503", birth: datetime.date | None = None, male=True) -> str:
    """A valid number; without a birth date each call takes a new day, so numbers never repeat."""
    if birth is None:
        birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=next(_serial))
    return make_id_number(_rng, area_code=area_code, birth_date=birth, male=male)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    uscc = factory.LazyFunction(lambda: make_uscc(_rng, area_code="350503"))
    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    status = "operating"
    employee_count = 30


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"党员{n}")
    status = "full"
    joined_on = datetime.date(2010, 7, 1)
    full_member_on = datetime.date(2011, 7, 1)
    flow_type = "regular"

    @classmethod
    def _create(cls, model_class, *args, id_number_value=None, phone=None, **kwargs):
        from liangxin.core.validators import birth_date_from_id_number, gender_from_id_number

        member = model_class(**kwargs)
        number = member.set_id_number(id_number_value or id_number())
        member.gender = gender_from_id_number(number)
        member.birth_date = birth_date_from_id_number(number)
        member.set_phone(phone or make_mobile(_rng))
        member.save()
        return member


class InstructorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instructor

    name = factory.Sequence(lambda n: f"指导员{n}")
    source = "agency"

    @classmethod
    def _create(cls, model_class, *args, enterprises=(), **kwargs):
        instructor = model_class(**kwargs)
        instructor.set_id_number(id_number())
        instructor.set_phone(make_mobile(_rng))
        instructor.save()
        instructor.enterprises.set(enterprises)
        return instructor


def api_token(user: User) -> str:
    """A raw API token for a test client, made without the issuing service's audit row and
    already marked used, so the tests that count log rows or queries see only the request's."""
    import secrets

    from django.utils import timezone

    from liangxin.accounts.models import ApiToken
    from liangxin.accounts.services import token_digest

    raw = secrets.token_hex(20)
    now = timezone.now()
    ApiToken.objects.create(
        user=user,
        digest=token_digest(raw),
        prefix=raw[:8],
        expires_at=now + datetime.timedelta(days=1),
        last_used_at=now,
    )
    return raw


def account(username: str, role: str, *, regions=(), organizations=()) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, role=role)
    user.regions.set(regions)
    user.organizations.set(organizations)
    return user
