"""Issue 12, web hardening: the headers every answer carries and the templates they allow.

- Content-Security-Policy (django-csp) without 'unsafe-inline' or 'unsafe-eval', and
  the templates hold nothing it would refuse (inline script, event handler attribute,
  javascript: URL, hx-on, style attribute);
- Cache-Control: no-store on every answer of a view (pages, exports, API);
- HSTS when SECURE_COOKIES is on; Referrer-Policy, nosniff, Permissions-Policy.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "liangxin" / "jinja2"
STATIC_JS = Path(settings.BASE_DIR) / "liangxin" / "static" / "js"


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


PAGES = [
    ("district_admin", "/"),
    ("district_admin", "/members/"),
    ("district_admin", "/dashboard/"),
    ("district_admin", "/dashboard/screen/"),
    ("district_admin", "/api/v1/members/"),
    ("district_admin", "/api/docs/"),
    ("secretary", "/members/"),
    ("system_admin", "/admin/"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "url"), PAGES)
def test_every_answer_carries_a_strict_content_security_policy(login, persona, url):
    response = login(persona).get(url, follow=True)
    assert response.status_code == 200
    directives = policy(response)
    for directive in ("script-src", "style-src", "default-src"):
        assert directives[directive] == ["'self'"], directive
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "unsafe" not in response["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "url"), PAGES)
def test_every_answer_to_a_logged_in_user_is_not_stored(login, persona, url):
    response = login(persona).get(url, follow=True)
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_member_pages_exports_and_api_answers_are_not_stored(login, world):
    client = login("district_admin")
    for url in (
        reverse("members:detail", args=[world.member_a.public_id]),
        "/ledger/members/export/",
        f"/api/v1/members/{world.member_a.public_id}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/login/", "/admin/login/"])
def test_the_login_pages_are_not_stored_either(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "'unsafe" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_api_docs_run_no_inline_script(login):
    page = login("district_admin").get("/api/docs/").content.decode()
    assert "<style" not in page
    assert all(re.search(r"\bsrc=", tag) for tag in re.findall(r"<script[^>]*>", page))
    script = login("district_admin").get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


def settings_in_subprocess(**env) -> str:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='liangxin.settings'; "
        "from django.conf import settings; "
        "print(settings.SECURE_HSTS_SECONDS, settings.SESSION_COOKIE_SECURE)"
    )
    environment = {**os.environ, **env}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    return result.stdout.strip()


def test_hsts_is_on_behind_secure_cookies_only():
    assert settings_in_subprocess(SECURE_COOKIES="1") == "31536000 True"
    assert settings_in_subprocess(SECURE_COOKIES="0") == "0 False"
    assert settings_in_subprocess(SECURE_COOKIES="1", HSTS_SECONDS="600") == "600 True"


@pytest.mark.django_db
def test_an_https_answer_carries_hsts_when_configured(login, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = login("district_admin").get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


# --- the templates and scripts hold nothing the policy refuses ---------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
FORBIDDEN = {
    "inline <script>": INLINE_SCRIPT,
    "event handler attribute (onclick=…)": EVENT_HANDLER,
    "javascript: URL": re.compile(r"javascript:", re.I),
    "hx-on attribute": re.compile(r"\bhx-on", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "<style> element": re.compile(r"<style", re.I),
    "eval-based htmx (js: / javascript: in hx-vals or hx-headers)": re.compile(
        r"hx-(?:vals|headers)\s*=\s*['\"]\s*js:", re.I
    ),
}


def template_files():
    return sorted(TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("name", list(FORBIDDEN))
def test_no_template_holds_what_the_policy_refuses(name):
    pattern = FORBIDDEN[name]
    found = [
        f"{path.relative_to(TEMPLATES)}:{text[: match.start()].count(chr(10)) + 1}"
        for path in template_files()
        for text in [path.read_text(encoding="utf-8")]
        for match in pattern.finditer(text)
    ]
    assert found == [], f"{name}: {found}"


def test_htmx_is_configured_without_eval():
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    config = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'', base)
    assert config and '"allowEval": false' in config.group(1)
    assert '"includeIndicatorStyles": false' in config.group(1)


def test_no_script_of_ours_uses_eval_or_writes_html_unescaped():
    for path in STATIC_JS.glob("*.js"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\beval\(|new Function\(|setTimeout\(\s*['\"]", text), path
        assert "innerHTML" not in text and "document.write" not in text, path
