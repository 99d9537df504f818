"""The one search box (issue 14, item 3): enterprises, organizations, members and
instructors in the user's scope, grouped by kind; an ID number is posted, never put in
a URL, and never shown back in full (issue 12)."""

import pytest
from django.urls import reverse

from liangxin.core.redaction import redact
from tests import factories as f
from tests.personas.web.test_no_english import english_words

pytestmark = pytest.mark.django_db
SEARCH = reverse("search")


def posted(client, text: str):
    """What the navigation bar's box does: a post, followed when it is sent on to ?q=."""
    return client.post(SEARCH, {"q": text}, follow=True)


def groups(response) -> dict[str, list[str]]:
    return {
        g.source.key: [g.source.result_label(row) for row in g.results]
        for g in response.context.get("groups", [])
    }


def test_every_business_page_has_the_search_box_posting(login):
    page = login("secretary").get(reverse("enterprises:list")).content.decode()
    assert 'method="post" action="/search/" role="search"' in page
    admin_page = login("audit_admin").get(reverse("home")).content.decode()
    assert 'action="/search/"' not in admin_page


def test_results_are_grouped_by_kind_with_links(login, world):
    response = posted(login("district_admin"), "川姜")
    assert response.status_code == 200
    assert groups(response) == {
        "enterprises": ["川姜电子有限公司", "川姜纺织有限公司"],
        "organizations": ["川姜纺织有限公司党支部"],
    }
    page = response.content.decode()
    assert reverse("enterprises:detail", args=[world.ent_a.uscc]) in page
    assert reverse("organizations:detail", args=[world.org_a.code]) in page
    # A search by name is sent on to a reloadable address.
    assert response.redirect_chain == [(SEARCH + "?q=%E5%B7%9D%E5%A7%9C", 302)]


def test_codes_and_people_are_found(login, world):
    client = login("district_admin")
    assert groups(posted(client, world.ent_b.uscc)) == {"enterprises": [world.ent_b.name]}
    assert groups(posted(client, "ORG-B")) == {"organizations": [world.org_b.name]}
    found = posted(client, "林晓红")
    assert groups(found) == {"members": ["林晓红"]}
    page = found.content.decode()
    assert reverse("members:detail", args=[world.member_a.public_id]) in page
    assert world.member_a.id_number_masked in page
    instructor = posted(client, "王指导")
    assert groups(instructor) == {"instructors": ["王指导"]}
    assert reverse("instructors:detail", args=[world.instructor.public_id]) in (
        instructor.content.decode()
    )


def test_out_of_scope_rows_are_never_found(login, world):
    assert groups(posted(login("town_b_admin"), "川姜")) == {}
    assert groups(posted(login("town_b_admin"), "林晓红")) == {}
    assert groups(posted(login("outsider"), "有限公司")) == {}
    assert groups(posted(login("secretary"), "陈建国")) == {}
    assert groups(posted(login("secretary"), "林晓红")) == {"members": ["林晓红"]}
    instructor = groups(posted(login("instructor"), "有限公司"))
    assert instructor == {"enterprises": ["川姜电子有限公司"]}
    by_number = posted(login("town_b_admin"), world.member_a_id_number)
    assert groups(by_number) == {}


def test_an_id_number_is_looked_up_on_the_post_and_never_shown_in_full(login, world):
    number = world.member_a_id_number
    response = login("district_admin").post(SEARCH, {"q": number})
    assert response.status_code == 200  # answered on the post: no redirect, no URL
    assert groups(response) == {"members": ["林晓红"]}
    page = response.content.decode()
    assert number not in page
    assert world.member_a.id_number_masked in page


def test_an_id_number_in_the_address_is_refused_and_kept_out_of_the_log(login, world):
    number = world.member_a_id_number
    response = login("district_admin").get(SEARCH, {"q": number})
    assert response.status_code == 400
    assert number not in response.content.decode()
    assert "搜索框" in response.content.decode()
    # The access log's line for that request is blotted out (core.redaction).
    assert number not in redact(f'"GET /search/?q={number} HTTP/1.1" 400')


def test_a_phone_number_is_looked_up_when_posted_and_not_from_the_address(login, world):
    phone = "13800138000"
    f.MemberFactory(name="郭手机", organization=world.org_a, phone=phone)
    found = login("district_admin").post(SEARCH, {"q": phone})
    assert groups(found) == {"members": ["郭手机"]}
    assert phone not in found.content.decode()
    response = login("district_admin").get(SEARCH, {"q": phone})
    assert response.status_code == 200
    assert groups(response) == {}
    assert "不要写在网址里" in response.content.decode()
    assert phone not in response.content.decode()


def test_a_blank_text_gives_a_hint_and_an_oversized_one_an_error(login, world):
    client = login("district_admin")
    blank = posted(client, "   ")
    assert "请输入要查找的内容" in blank.content.decode() and groups(blank) == {}
    assert "请输入要查找的内容" in client.get(SEARCH).content.decode()
    long = client.post(SEARCH, {"q": "川" * 101})
    assert long.status_code == 200
    assert "搜索内容过长（最多 100 个字）" in long.content.decode() and groups(long) == {}
    assert "有限公司" in posted(client, "有限公司").content.decode()


def test_administrators_may_not_search(login, world):
    assert login("system_admin").post(SEARCH, {"q": "川姜"}).status_code == 403
    assert login("audit_admin").get(SEARCH, {"q": "川姜"}).status_code == 403


def test_nothing_found_says_so(login, world):
    page = posted(login("district_admin"), "没有这样的名字").content.decode()
    assert "没有找到相符的记录" in page


def test_the_search_pages_speak_chinese(login, world):
    client = login("district_admin")
    for response in (client.get(SEARCH), posted(client, "川姜"), posted(client, "川" * 101)):
        assert english_words(response.content.decode())[0] == set()
