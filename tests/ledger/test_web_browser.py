"""In a real browser: a town admin uploads a CSV with one bad row, reads the preview, downloads
the error file (Debian's Chromium driven by Playwright, flags as in tests/browser.py)."""

import io
from pathlib import Path

import pytest
import python_calamine
from django.db import connections

from tests.browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, pytestmark  # noqa: F401
from tests.factories import PASSWORD
from tests.ledger.helpers import csv_bytes

HEADERS = ["统一社会信用代码", "企业名称", "所属区域代码", "经营状态", "职工人数"]


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(
            locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        yield context.new_page()
        browser.close()


def test_town_admin_previews_a_file_and_downloads_its_bad_rows(live_server, world, page):
    data = csv_bytes(
        [
            HEADERS,
            ["91350100M000100Y43", "新建科技有限公司", "CJ-A1-01", "在营", "12"],
            ["91350100M000100Y43X", "坏行有限公司", "CJ-A1-01", "在营", "-3"],
        ]
    )
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "town_a")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=镇/园区管理员")

    page.goto(f"{live_server.url}/enterprises/")
    page.click("main a[href='/ledger/enterprises/import/']")
    page.wait_for_selector("text=导入市场主体台账")
    page.set_input_files(
        "#id_file", files=[{"name": "川姜台账.csv", "mimeType": "text/csv", "buffer": data}]
    )
    page.click("button:has-text('上传并预览')")
    page.wait_for_selector("#bad-rows")

    assert page.locator("[data-count=created]").inner_text() == "1"
    assert page.locator("[data-count=bad]").inner_text() == "1"
    report = page.locator("#bad-rows table").inner_text()
    assert "3" in report and "职工人数" in report and "不能为负数" in report
    page.screenshot(path=str(SCREENSHOTS / "liangxin_ledger_preview.png"), full_page=True)

    with page.expect_download() as info:
        page.click("#error-file-link")
    download = info.value
    assert download.suggested_filename == "川姜台账_错误行.xlsx"
    book = python_calamine.CalamineWorkbook.from_filelike(
        io.BytesIO(Path(download.path()).read_bytes())
    )
    header, *rows = book.get_sheet_by_index(0).to_python()
    assert header == [*HEADERS, "错误原因"]
    assert len(rows) == 1 and rows[0][1] == "坏行有限公司" and "职工人数：不能为负数" in rows[0][-1]


def test_the_progress_page_follows_the_job_and_shows_the_result_when_it_ends(
    live_server, world, page
):
    from liangxin.ledger.models import ImportJob, JobStatus

    job = ImportJob.objects.create(
        kind="enterprises",
        user=world.user("town_a_admin"),
        file_name="大文件.csv",
        sha256="0" * 64,
        dry_run=True,
        status=JobStatus.RUNNING,
        stage="读取",
        rows_done=10_000,
    )
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "town_a")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=镇/园区管理员")
    page.goto(f"{live_server.url}/ledger/jobs/{job.pk}/")
    page.wait_for_selector("#job-progress >> text=读取")

    ImportJob.objects.filter(pk=job.pk).update(stage="校验", rows_done=40_000, rows_total=80_000)
    page.wait_for_selector("#job-progress >> text=50%")
    page.screenshot(path=str(SCREENSHOTS / "liangxin_ledger_progress.png"), full_page=True)

    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, created=80_000, message="预览（未写入）：新增 80000"
    )
    page.wait_for_selector("#confirm-card")  # the poller reloaded the page into the preview
    assert page.locator("[data-count=created]").inner_text() == "80000"
    # The updates above leave this thread's connection open while the live server lives on;
    # closed here, PostgreSQL can drop the test database at the end of the session.
    connections.close_all()
