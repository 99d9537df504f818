"""No English on any page (issue 14, "Words"; done when a crawl of every page of every role
finds none).

Each persona of the demo (seed_demo's logins, one per role) and of the persona world
(tests/conftest.py) walks every page reachable from its home: the navigation, then every
same-origin link and HTMX fragment on the pages it reaches, GET only, bounded. The visible
text of each page (text nodes, and the attributes a user reads: title, placeholder,
aria-label, alt, a button's value) must hold no word of a small dictionary of English UI
words. Proper names and codes (API, CSV, Excel, USCC …) are not in the dictionary.
"""

import datetime
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

import pytest
from django.test import Client

from liangxin.demo.accounts import DEMO_LOGINS
from tests.clients import ALL_PERSONAS, MODEL_BACKEND

# Words an English UI leaks: Django/DRF/django-filter defaults, Python values, status names,
# job states and the like. Lower case; matched as whole Latin words, any case.
ENGLISH = frozenset(
    """
    an and or of the this that is are was be not no yes to in on at by for from with
    none true false null nan undefined error errors warning exception traceback
    submit search filter filters next previous prev first last page pages of showing results
    sort ascending descending order ordering asc desc
    sha hash sha256 checksum command worker workers manage py db_worker run_scheduler
    pending running failed failure success successful succeeded queued ready new done
    ignored ignore sheet sheets row rows column columns file files upload download
    delete remove edit save cancel select choose option options add create update back
    field fields required invalid valid value values enter please must blank empty
    unknown other all any more less total count name date time today yesterday tomorrow
    login logout log sign password username user users account accounts
    home list detail details view show hide close open help settings admin
    yes no ok loading
    """.split()
)
# A Latin word standing alone: "A1", "CJ-A1", "db_worker" or "v2" are codes, not words.
LATIN_WORD = re.compile(r"(?<![\w-])[A-Za-z]+(?:'[a-z]+)?(?![\w-])", re.ASCII)
# Attributes whose text a user reads; a button's value is its label.
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
SILENT_ELEMENTS = {"script", "style", "template", "svg"}
LINK_ATTRIBUTE = ("href", "hx-get")
# Never followed: leaving the session, machine interfaces, files.
SKIP = re.compile(
    r"^/(?:logout|accounts/logout|api/|static/|media/|admin/jsi18n)"
    r"|/(?:export|download|template|file)s?(?:/|\?|$)"
    r"|\.(?:xlsx|csv|pdf|zip|json)(?:\?|$)"
)
MAX_PAGES = 200  # per persona
MAX_VARIANTS = 2  # query strings per path (sorting, paging, filters): enough to see each


class VisibleText(HTMLParser):
    """The text a user sees and the same-origin links a user can follow."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.silent = 0
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in SILENT_ELEMENTS:
            self.silent += 1
        for name in LINK_ATTRIBUTE:
            if attributes.get(name):
                self.links.append(attributes[name])
        self.text += [value for name, value in attrs if name in READ_ATTRIBUTES and value]
        if tag == "input" and attributes.get("type") in ("submit", "button", "reset"):
            self.text.append(attributes.get("value") or "")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in SILENT_ELEMENTS:
            self.silent -= 1

    def handle_endtag(self, tag):
        if tag in SILENT_ELEMENTS and self.silent:
            self.silent -= 1

    def handle_data(self, data):
        if not self.silent and data.strip():
            self.text.append(data)


def english_words(html: str) -> tuple[set[str], list[str]]:
    """(the English words on the page, the links on it)."""
    parser = VisibleText()
    parser.feed(html)
    found = set()
    for chunk in parser.text:
        found |= {word for word in LATIN_WORD.findall(chunk) if word.lower() in ENGLISH}
    return found, parser.links


def follow(base: str, link: str) -> str | None:
    """The same-origin path and query a link leads to, or None to skip it."""
    link = link.replace("&amp;", "&").strip()
    if not link or link.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    url = urldefrag(urljoin("http://testserver" + base, link))[0]
    parts = urlsplit(url)
    if parts.netloc != "testserver" or SKIP.search(parts.path):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def variant(url: str) -> tuple[str, frozenset]:
    """Pages differing only in query values (page 2, another sort) count once per key set."""
    parts = urlsplit(url)
    return parts.path, frozenset(key for key, _ in parse_qsl(parts.query))


def crawl(client: Client, start: str = "/") -> dict[str, set[str]]:
    """{url: English words found} for every page reached from ``start``."""
    seen, variants, findings = {start}, {}, {}
    queue = deque([start])
    while queue and len(seen) <= MAX_PAGES:
        url = queue.popleft()
        response = client.get(url, headers={"HX-Request": "true"} if "hx=" in url else {})
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        if response.get("Content-Disposition", "").startswith("attachment"):
            continue
        words, links = english_words(response.content.decode())
        if words:
            findings[url] = words
        for link in links:
            target = follow(url, link)
            if target is None or target in seen:
                continue
            key = variant(target)
            if variants.get(key, 0) >= MAX_VARIANTS:
                continue
            variants[key] = variants.get(key, 0) + 1
            seen.add(target)
            queue.append(target)
    return findings


def report(findings: dict[str, set[str]]) -> str:
    return "\n".join(f"{url}: {sorted(words)}" for url, words in sorted(findings.items()))


def test_the_dictionary_catches_django_defaults_and_spares_proper_names():
    words, _ = english_words(
        "<title>Page 1 of 3</title><p>None</p><script>var next = true;</script>"
        '<input placeholder="Search"><input type="submit" value="Save">'
        '<a href="/x" class="next">下一页</a><p>API、CSV、Excel、USCC、HTMX、PDF</p>'
    )
    assert words == {"Page", "of", "None", "Search", "Save"}


@pytest.fixture
def lived_in(world):
    """The world with the records the work pages list: a development case, dues months,
    a floating member with a contact and a transfer letter, import jobs in each state."""
    from liangxin.dues.models import DuesStatus
    from liangxin.ledger.models import ImportJob, JobStatus
    from tests.development.conftest import make_case
    from tests.dues.conftest import base_for, month_for
    from tests.mobility.conftest import contact, floating, letter

    make_case(world.org_a, name="赵申请", employer=world.ent_a)
    base_for(world.member_a)
    month_for(world.member_a, 2025, 1)
    month_for(world.member_a, 2025, 2, status=DuesStatus.PAID)
    month_for(world.member_a, 2025, 3, status=DuesStatus.WAIVED)
    away = floating(world.org_a, place="江苏省某市", since=datetime.date(2025, 1, 1))
    contact(away, datetime.date(2025, 2, 1))
    letter(world.member_a, issued_on=datetime.date(2025, 6, 1), to_name="外区某党支部")
    user = world.user("town_a_admin")
    for status, message in [
        (JobStatus.QUEUED, ""),
        (JobStatus.FAILED, "第 3 行：统一社会信用代码校验位错误"),
        (JobStatus.DONE, ""),
    ]:
        ImportJob.objects.create(
            kind="enterprises",
            user=user,
            status=status,
            message=message,
            file_name="企业.xlsx",
            sha256="ab" * 32,
            file_size=10,
            notes=["工作表“附表”未导入"],
            report=[{"row": 3, "column": "名称", "message": "必填"}],
        )
    return world


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_no_english_on_any_page_of_the_world(lived_in, login, persona):
    findings = crawl(login(persona))
    assert not findings, report(findings)


@pytest.fixture
def demo(db, monkeypatch):
    """seed_demo's small dataset and its logins (one per role)."""
    from io import StringIO

    from django.core.management import call_command

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo", "--scale", "small", stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize("username", [login.username for login in DEMO_LOGINS])
def test_no_english_on_any_page_of_the_demo(demo, username):
    from liangxin.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username), backend=MODEL_BACKEND)
    findings = crawl(client)
    assert not findings, report(findings)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/regions/new/", "/enterprises/new/", "/members/new/"])
def test_a_select_offers_a_chinese_blank_choice(login, url):
    page = login("district_admin").get(url).content.decode()
    assert not re.search(r"<option[^>]*>-{3,}</option>", page)


@pytest.mark.django_db
def test_no_english_on_the_error_pages(login, world):
    client = login("leader")
    for url, status in [
        ("/no-such-page/", 404),
        ("/organizations/NO-SUCH-ORG/", 404),  # a record page: 404 from a view, not the router
        (f"/regions/{world.town_a.code}/edit/", 403),
        (f"/members/?search={world.member_a_id_number}", 400),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        assert not english_words(response.content.decode())[0], url


FORMS = [
    "/regions/new/",
    "/enterprises/new/",
    "/organizations/new/",
    "/members/new/",
    "/instructors/new/",
    "/development/new/",
    "/dues/bases/new/",
    "/mobility/agreements/new/",
    "/mobility/contacts/new/",
    "/mobility/registrations/new/",
    "/mobility/transfers/new/",
    "/posts/teams/new/",
    "/ledger/enterprises/import/",
    "/accounts/password/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", FORMS)
def test_a_form_sent_empty_answers_without_english(login, url):
    """Django's and DRF's own messages (required, invalid choice, bad date) in Chinese."""
    response = login("district_admin").post(url, {"name": "x", "code": "?", "joined_on": "x"})
    assert response.status_code == 200, url
    assert not english_words(response.content.decode())[0], url
