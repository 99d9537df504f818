"""Issue 12: ID numbers never travel in URLs, and access logs hold none.

A search by ID number put the number in the list's query string (a GET filter form),
and from there into every pagination and sorting link, the browser history, the
Referer of the next request and the server's access log. The person lists now post
their filters and keep the search in the session (liangxin/core/private_search.py);
a URL that still carries an ID number is refused (core/middleware.py) and blotted out
of the log lines (core/redaction.py).
"""

import io
import logging
import re

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from liangxin.core.redaction import RedactIdNumbers, RedactingGunicornLogger, redact

PERSON_LISTS = [
    "members:list",
    "instructors:list",
    "development:list",
    "development:violations",
    "dues:months",
    "dues:bases",
]
URL_ATTRIBUTE = re.compile(r'\b(?:href|action|src|hx-[a-z-]+|data-[a-z-]+)="([^"]*)"')


def urls_in(response) -> list[str]:
    """Every URL the answer hands the browser: attributes, Location, HX-Push-Url."""
    found = URL_ATTRIBUTE.findall(response.content.decode()) if response.content else []
    found += [response.get(name, "") for name in ("Location", "HX-Push-Url", "HX-Redirect")]
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("name", PERSON_LISTS)
def test_a_search_by_id_number_is_posted_and_kept_out_of_every_url(login, world, name):
    number = world.member_a_id_number
    client = login("district_admin")
    page = client.get(reverse(name))
    assert page.status_code == 200
    assert re.search(r'<form method="post"[^>]*role="search"', page.content.decode())

    posted = client.post(reverse(name), {"search": number, "ordering": "name", "page": "3"})
    assert posted.status_code == 302
    assert number not in posted["Location"] and "search_ref=" in posted["Location"]
    assert "page=" not in posted["Location"]  # a new search starts on the first page

    shown = client.get(posted["Location"])
    assert shown.status_code == 200
    assert not [url for url in urls_in(shown) if number in url]
    # The box still shows what was searched (page body, not a URL).
    assert shown.context["filter"].form["search"].value() == number
    assert "search_ref=" in shown.content.decode()  # sorting/paging links keep the search


@pytest.mark.django_db
def test_the_member_list_finds_by_the_posted_id_number_across_sorting_links(login, world):
    client = login("district_admin")
    posted = client.post(reverse("members:list"), {"search": world.member_a_id_number})
    listed = client.get(posted["Location"]).content.decode()
    assert world.member_a.name in listed and world.member_b.name not in listed
    sort_link = re.search(r'href="([^"]*ordering=[^"]*)"', listed).group(1)
    assert sort_link.startswith("?")  # relative to the list
    resorted = client.get(reverse("members:list") + sort_link.replace("&amp;", "&"))
    resorted = resorted.content.decode()
    assert world.member_a.name in resorted and world.member_b.name not in resorted


@pytest.mark.django_db
def test_the_search_is_kept_encrypted_in_the_session_and_only_there(login, world):
    client = login("district_admin")
    client.post(reverse("members:list"), {"search": world.member_a_id_number})
    session_row = client.session._get_session_from_db().session_data
    assert world.member_a_id_number not in client.session.decode(session_row).__repr__()
    # Another session (another user) cannot use the reference.
    ref = re.search(
        r"search_ref=([^&]+)", client.post(reverse("members:list"), {"search": "x"})["Location"]
    )
    other = login("town_b_admin").get(reverse("members:list") + f"?search_ref={ref.group(1)}")
    assert other.status_code == 200
    assert other.context["filter"].form["search"].value() in (None, "")


@pytest.mark.django_db
def test_the_export_of_a_searched_list_takes_the_search_from_the_session(login, world):
    client = login("leader")  # a role without unmask: the export is a GET link
    listed = client.get(
        client.post(reverse("members:list"), {"search": world.member_a_id_number})["Location"]
    )
    export_link = re.search(r'href="(/ledger/[^"]*export[^"]*)"', listed.content.decode())
    assert export_link and world.member_a_id_number not in export_link.group(1)
    exported = client.get(export_link.group(1).replace("&amp;", "&"))
    assert exported.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(exported.content)).get_sheet_by_index(0)
    names = [row for row in rows.to_python() if world.member_a.name in row]
    assert len(names) == 1 and not any(world.member_b.name in row for row in rows.to_python())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/members/?search={n}",
        "/instructors/?search={n}&ordering=name",
        "/dues/?search={n}",
        "/members/?q=+{n}+",
        "/api/v1/members/?search={n}",
        "/api/v1/members/{n}/",
    ],
)
def test_a_url_holding_an_id_number_is_refused_in_chinese(login, world, url):
    response = login("district_admin").get(url.format(n=world.member_a_id_number))
    assert response.status_code == 400
    text = response.content.decode()
    assert "网址中不能包含公民身份号码" in text
    assert world.member_a_id_number not in text


@pytest.mark.django_db
def test_an_all_digit_credit_code_is_not_taken_for_an_id_number(login, world):
    # 统一社会信用代码 of 18 digits (the enterprise list searches by it): not refused.
    assert login("district_admin").get("/enterprises/?search=913505001234567890").status_code == 200


def test_log_lines_hold_no_id_number(world):
    number = world.member_a_id_number
    record = logging.LogRecord(
        "django.server",
        logging.WARNING,
        __file__,
        1,
        '"%s" %s %s',
        (f"GET /members/?search={number} HTTP/1.1", "400", "123"),
        None,
    )
    assert RedactIdNumbers().filter(record)
    assert number not in record.getMessage() and "/members/?search=" in record.getMessage()
    # percent-encoded digits too
    encoded = "".join(f"%{ord(c):02X}" for c in number)
    assert number not in redact(f"GET /members/?search={encoded}")


@pytest.mark.django_db
def test_runserver_access_log_is_redacted(world, caplog):
    """The django.server logger (runserver's access log) carries the redacting filter."""
    handler = next(h for h in logging.getLogger("django.server").handlers)
    assert any(isinstance(f, RedactIdNumbers) for f in handler.filters)


def test_gunicorn_access_log_is_redacted(world):
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config

    number = world.member_a_id_number if hasattr(world, "member_a_id_number") else ""
    logger = RedactingGunicornLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/members/?search={number}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": "/members/",
        "QUERY_STRING": f"search={number}",
        "HTTP_REFERER": f"http://x/members/?search={number}",
    }
    atoms = logger.atoms(
        SimpleNamespace(status="400", sent=0, headers=[]),
        SimpleNamespace(headers=[]),
        environ,
        timedelta(0),
    )
    assert not [value for value in atoms.values() if number in str(value)]
