"""The receiving organization of a letter is picked by name among every active
organization on the platform (a member usually moves out of the issuer's scope), and the
picker offers organizations only, to those who may issue letters."""

import datetime
import json
import re

from django.urls import reverse

from liangxin.mobility.models import Transfer
from liangxin.mobility.pickers import RECEIVING_KEY
from tests import factories as f

PICKER = reverse("picker", args=[RECEIVING_KEY])


def receiving_input(page: str) -> str:
    found = re.search(r'<input[^>]*name="to_organization"[^>]*>', page)
    assert found, "no 转入党组织 input"
    return found.group(0)


def options(client, q: str) -> list[dict]:
    response = client.get(PICKER, {"q": q})
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_transfer_form_renders_a_picker_of_organizations(world, login):
    page = login("town_a_admin").get(reverse("mobility:transfer-create")).content.decode()
    assert f'data-picker-url="{PICKER}"' in receiving_input(page)


def test_a_picked_organization_outside_the_scope_receives_the_transfer(world, login):
    client = login("town_a_admin")
    # town B's branch is outside town A's scope: the ordinary picker does not offer it.
    scoped = client.get(reverse("picker", args=["organizations"]), {"q": "开发区"})
    assert json.loads(scoped.content) == []
    [picked] = options(client, "开发区机械")
    assert picked["text"] == "开发区机械有限公司党支部（ORG-B）"
    response = client.post(
        reverse("mobility:transfer-create"),
        {
            "member": str(world.member_a.public_id),
            "letter_number": "A-1",
            "issued_on": datetime.date.today().isoformat(),
            "reason": "floating",
            "to_organization": picked["value"],
        },
    )
    assert response.status_code == 302
    assert Transfer.objects.get().to_organization == world.org_b


def test_the_picker_offers_active_organizations_and_no_member(world, login):
    dissolved = f.organization("ORG-C", "开发区旧厂党支部", region=world.grid_b)
    dissolved.dissolved_on = datetime.date(2020, 1, 1)
    dissolved.save()
    client = login("town_a_admin")
    found = " ".join(option["text"] for option in options(client, ""))
    assert "开发区机械有限公司党支部" in found and "川姜纺织有限公司党支部" in found
    assert "开发区旧厂党支部" not in found
    assert not options(client, "陈建国") and not options(client, "林晓红")


def test_only_those_who_issue_letters_may_open_it(world, login):
    assert login("leader").get(PICKER).status_code == 404
    assert login("instructor").get(PICKER).status_code == 404
