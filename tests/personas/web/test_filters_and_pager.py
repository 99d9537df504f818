"""Filters have labels and long lists let you jump to a page (issue 14, "Words").

Every field of a list's filter form has a visible <label> (a placeholder disappears as
soon as one types); a list of more than two pages offers a page-number box that keeps the
list's filters and sorting.
"""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from tests import factories as f

LISTS = [
    "/regions/",
    "/enterprises/",
    "/organizations/",
    "/members/",
    "/instructors/",
    "/development/",
    "/development/reminders/",
    "/development/violations/",
    "/development/priorities/",
    "/dues/",
    "/dues/bases/",
    "/dues/alerts/",
    "/dues/totals/",
    "/members/birthdays/",
    "/members/milestones/",
    "/mobility/agreements/",
    "/mobility/contacts/",
    "/mobility/overdue/",
    "/mobility/transfers/",
    "/mobility/registrations/",
    "/posts/",
    "/posts/teams/",
    "/dashboard/enterprises/?indicator=org_coverage&category=enterprise",
    "/dashboard/worklists/no_member/",
]
SITE_SEARCH = "site-search"  # the navigation bar's search box (aria-label), not a filter


class FilterFields(HTMLParser):
    """The visible fields of the page's filter forms, and the ids that have a <label>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.form = None
        self.labelled: set[str] = set()
        self.inside_label = 0
        self.fields: list[tuple[str, str | None, bool]] = []  # (name, id, wrapped in a label)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.form = attributes
        elif tag == "label":
            self.inside_label += 1
            if attributes.get("for"):
                self.labelled.add(attributes["for"])
        elif tag in ("input", "select", "textarea") and self.is_filter_field(attributes):
            field = (attributes.get("name"), attributes.get("id"), self.inside_label > 0)
            self.fields.append(field)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "label" and self.inside_label:
            self.inside_label -= 1

    def is_filter_field(self, attributes) -> bool:
        return self.is_filter_form() and visible(attributes)

    def is_filter_form(self) -> bool:
        if self.form is None or self.form.get("id") == SITE_SEARCH:
            return False
        return self.form.get("role") == "search" or self.form.get("method", "get") == "get"

    def unlabelled(self) -> list[str]:
        return [
            name for name, id_, wrapped in self.fields if not wrapped and id_ not in self.labelled
        ]


def visible(attributes: dict) -> bool:
    return attributes.get("type") not in ("hidden", "submit", "button", "reset")


@pytest.mark.django_db
@pytest.mark.parametrize("url", LISTS)
def test_every_filter_field_has_a_visible_label(login, world, url):
    response = login("district_admin").get(url)
    assert response.status_code == 200
    parser = FilterFields()
    parser.feed(response.content.decode())
    assert not parser.unlabelled(), f"{url}: {parser.unlabelled()}"


@pytest.mark.django_db
def test_the_audit_filters_have_labels(login, world):
    parser = FilterFields()
    parser.feed(login("audit_admin").get("/audit/").content.decode())
    assert parser.fields and not parser.unlabelled()


def jump_form(html: str) -> str | None:
    found = re.search(r'<form method="get"[^>]*aria-label="跳转到指定页">.*?</form>', html, re.S)
    return found.group(0) if found else None


@pytest.fixture
def long_list(world):
    """80 enterprises in town A: four pages of 25 for the district admin."""
    f.EnterpriseFactory.create_batch(80, region=world.grid_a, name="长列表企业")
    return world


@pytest.mark.django_db
def test_a_long_list_jumps_to_a_page_keeping_its_filters(login, long_list):
    client = login("district_admin")
    page = client.get("/enterprises/?search=长列表&ordering=-name").content.decode()
    form = jump_form(page)
    assert form is not None and 'max="4"' in form and "跳到第" in form
    assert '<input type="hidden" name="search" value="长列表">' in form
    assert '<input type="hidden" name="ordering" value="-name">' in form
    assert form.count('name="page"') == 1  # the box, not the current page again
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form))
    jumped = client.get("/enterprises/", {**fields, "page": "3"})
    assert jumped.status_code == 200
    assert jumped.context["page_obj"].number == 3
    assert jumped.context["filter"].form["search"].value() == "长列表"


@pytest.mark.django_db
def test_a_short_list_has_no_jump_box(login, world):
    assert jump_form(login("district_admin").get("/enterprises/").content.decode()) is None


@pytest.mark.django_db
def test_the_coverage_lists_jump_to_a_page_too(login, long_list):
    client = login("district_admin")
    query = f"region={long_list.district.code}&category=enterprise&indicator=org_coverage&part=den"
    page = client.get(f"/dashboard/enterprises/?{query}")
    assert page.status_code == 200
    if page.context["page_obj"].paginator.num_pages <= 2:
        pytest.skip("the drill-down's defaults list fewer than three pages here")
    form = jump_form(page.content.decode())
    assert form is not None
    kept = {key: value[0] for key, value in parse_qs(urlsplit(f"?{query}").query).items()}
    for key, value in kept.items():
        assert f'name="{key}" value="{value}"' in form
