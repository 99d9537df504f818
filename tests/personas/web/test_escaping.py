"""Whatever a user typed into a record is shown as text on every page, never run as markup.

The pages render with Jinja2 (liangxin/core/jinja.py); autoescaping must be on for
every template, the inlined select widget included.
"""

import pytest
from django.urls import reverse

from liangxin.enterprises.models import EnterpriseTag

HOSTILE = '<script>alert("x")</script>&<b>'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&amp;&lt;b&gt;"


@pytest.fixture
def hostile(world):
    world.ent_a.name = HOSTILE
    world.ent_a.address = HOSTILE
    world.ent_a.save()
    world.org_a.name = HOSTILE
    world.org_a.save()
    world.member_a.name = HOSTILE
    world.member_a.save()
    EnterpriseTag.objects.create(code="hostile", name=HOSTILE)  # an <option> of the filter form
    return world


def pages(world) -> list[str]:
    return [
        reverse("enterprises:list"),
        reverse("enterprises:detail", args=[world.ent_a.uscc]),
        reverse("organizations:list"),
        reverse("organizations:detail", args=[world.org_a.code]),
        reverse("members:list"),
        reverse("members:detail", args=[world.member_a.public_id]),
        reverse("home"),
    ]


@pytest.mark.django_db
def test_typed_markup_is_escaped_on_every_page(hostile, login):
    client = login("district_admin")
    for url in pages(hostile):
        html = client.get(url).content.decode()
        assert HOSTILE not in html, url
        assert "<script>alert" not in html, url
    listing = client.get(reverse("enterprises:list")).content.decode()
    assert ESCAPED in listing  # the name is there, as text
