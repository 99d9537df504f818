"""Receipts (票据) kept with each expense, and an expense entered by mistake corrected or
deleted (issue 19: spending "recorded against them by category with receipts").

Receipt scans are photos or PDFs of the 发票/收据, kept SM4-encrypted (core.attachments),
served decrypted and never cached to those who see the allocation; out of scope → 404. A
wrong kind, a renamed file, an empty or oversized one is refused in Chinese and nothing is
saved, what was typed stays. A correction never takes the allocation beyond its balance
(exactly the balance is accepted, one fen more refused); a deletion gives the balance back,
and the finance export follows; both are in the audit log."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from liangxin.core.services import OutOfScope
from liangxin.funding import services
from liangxin.funding.exports import LEDGER
from liangxin.funding.models import Allocation, Expense, ExpenseCategory, ExpenseReceipt
from tests.funding.conftest import YEAR, budget, generate, pay, spend

D = Decimal
pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0" + b"JFIF receipt photo " * 20
PDF = b"%PDF-1.4\n% a scanned fapiao\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Receipts are written under MEDIA_ROOT: keep them out of the dev folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(YEAR, 12, 1))


@pytest.fixture
def paid(world, per_org):
    budget(world, "1000")
    (allocation,) = generate(world, per_org)
    return pay(world, allocation)


@pytest.fixture
def town_b_paid(world, per_org):
    """Town B's (开发区) own allocation, paid: outside every town A account's scope."""
    budget(world, "1000", region=world.town_b, actor="town_b_admin")
    (allocation,) = generate(world, per_org, region=world.town_b, actor="town_b_admin")
    return pay(world, allocation)


def photo(name="fapiao.jpg", data=JPEG, kind="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=kind)


def stored_files(media: Path) -> list[Path]:
    folder = media / "attachments"
    return sorted(folder.iterdir()) if folder.exists() else []


def form_data(**changes) -> dict:
    data = {
        "spent_on": f"{YEAR}-03-01",
        "category": ExpenseCategory.objects.get(code="study").pk,
        "amount": "120.50",
        "payee": "新华书店",
        "receipt_number": "FP2026001",
        "description": "学习用书",
    }
    return {**data, **changes}


def balance_shown(client, allocation) -> str:
    text = client.get(reverse("funding:allocation", args=[allocation.pk])).content.decode()
    return text.split('id="allocation-balance">')[1].split("</dd>")[0]


# --- receipts on the expense form ------------------------------------------------------


def test_an_expense_with_two_receipts_kept_encrypted_and_served_decrypted(
    world, login, paid, media
):
    client = login("secretary")
    url = reverse("funding:expense-create", args=[paid.pk])
    response = client.post(
        url, form_data(receipts=[photo(), photo("扫描件.pdf", PDF, "application/pdf")])
    )
    assert response.status_code == 302
    expense = Expense.objects.get()
    receipts = list(expense.receipts.order_by("id"))
    assert [(r.file_name, r.content_type, r.size) for r in receipts] == [
        ("fapiao.jpg", "image/jpeg", len(JPEG)),
        ("扫描件.pdf", "application/pdf", len(PDF)),
    ]
    assert receipts[0].uploaded_by == world.user("secretary")
    # encrypted at rest: the bytes on disk are not the photo
    on_disk = stored_files(media)
    assert len(on_disk) == 2
    assert all(JPEG not in p.read_bytes() and b"%PDF" not in p.read_bytes() for p in on_disk)

    page = client.get(reverse("funding:allocation", args=[paid.pk])).content.decode()
    link = reverse("funding:receipt", args=[paid.pk, receipts[0].pk])
    assert link in page and "fapiao.jpg" in page and "扫描件.pdf" in page
    got = client.get(link)
    assert got.status_code == 200 and got.content == JPEG
    assert got["Content-Type"] == "image/jpeg" and got["Cache-Control"] == "no-store"
    pdf = client.get(reverse("funding:receipt", args=[paid.pk, receipts[1].pk]))
    assert pdf.content == PDF and pdf["Content-Disposition"].startswith("attachment;")
    # the town and the leader (in scope) read it as well
    assert login("town_a_admin").get(link).content == JPEG
    assert login("leader").get(link).status_code == 200
    kind = ContentType.objects.get_for_model(ExpenseReceipt)
    assert LogEntry.objects.filter(content_type=kind, action=LogEntry.Action.CREATE).count() == 2


def test_the_expense_form_is_multipart_and_asks_for_photos(world, login, paid):
    text = login("secretary").get(reverse("funding:expense-create", args=[paid.pk])).content
    text = text.decode()
    assert 'enctype="multipart/form-data"' in text
    assert 'name="receipts"' in text and "multiple" in text and ".jpg" in text


@pytest.mark.parametrize(
    "upload, message",
    [
        (photo("fapiao.docx", b"PK\x03\x04word"), "类型“docx”不支持"),
        (photo("setup.exe", b"MZ\x90\x00"), "类型“exe”不支持"),
        (photo("fapiao", JPEG), "类型“无扩展名”不支持"),
        (photo("fapiao.jpg", b"<html>not a photo</html>"), "的内容与扩展名 .jpg 不符"),
        (photo("fapiao.pdf", JPEG), "的内容与扩展名 .pdf 不符"),
        (photo("fapiao.png", b""), "是空的"),
    ],
    ids=["word", "program", "no-extension", "renamed-html", "renamed-photo", "empty"],
)
def test_a_bad_receipt_is_refused_in_chinese_and_nothing_is_lost(
    world, login, paid, media, upload, message
):
    client = login("secretary")
    url = reverse("funding:expense-create", args=[paid.pk])
    response = client.post(url, form_data(payee="城南文印店", receipts=[photo(), upload]))
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert "请重新选择票据文件" in text
    assert 'value="城南文印店"' in text and 'value="120.50"' in text  # what was typed stays
    assert not Expense.objects.exists() and not ExpenseReceipt.objects.exists()
    assert stored_files(media) == []  # not even the good photo beside it


def test_an_oversized_receipt_is_refused(world, login, paid, media, settings):
    settings.ATTACHMENT_MAX_MB = 1
    big = photo("fapiao.jpg", JPEG + b"\0" * (1024 * 1024))
    response = login("secretary").post(
        reverse("funding:expense-create", args=[paid.pk]), form_data(receipts=[big])
    )
    assert "超过 1 MB 的上限" in response.content.decode()
    assert not Expense.objects.exists() and stored_files(media) == []


def test_an_expense_without_receipts_is_still_recorded(world, login, paid):
    response = login("secretary").post(
        reverse("funding:expense-create", args=[paid.pk]), form_data()
    )
    assert response.status_code == 302
    assert Expense.objects.get().receipts.count() == 0


# --- scope ------------------------------------------------------------------------------


def test_another_towns_allocation_its_expenses_and_receipts_are_404(
    world, login, town_b_paid, paid
):
    b_admin = world.user("town_b_admin")
    expense = services.expense_record(
        actor=b_admin, allocation=town_b_paid, spent_on=datetime.date(YEAR, 3, 1),
        category=ExpenseCategory.objects.get(code="activity"), amount="100", payee="开发区书店",
        receipt_number="FPB001", receipts=[photo()],
    )  # fmt: skip
    receipt = expense.receipts.get()
    urls = [
        reverse("funding:allocation", args=[town_b_paid.pk]),
        reverse("funding:expense-create", args=[town_b_paid.pk]),
        reverse("funding:receipt", args=[town_b_paid.pk, receipt.pk]),
        reverse("funding:expense-update", args=[town_b_paid.pk, expense.pk]),
        reverse("funding:expense-delete", args=[town_b_paid.pk, expense.pk]),
        # the receipt under town A's own allocation number: still not theirs
        reverse("funding:receipt", args=[paid.pk, receipt.pk]),
        reverse("funding:expense-update", args=[paid.pk, expense.pk]),
    ]
    for user in ("town_a_admin", "secretary"):
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(urls[3], form_data(amount="1")).status_code == 404
        assert client.post(urls[4]).status_code == 404
    expense.refresh_from_db()
    assert expense.amount == D("100.00") and ExpenseReceipt.objects.count() == 1
    assert login("town_b_admin").get(urls[2]).status_code == 200
    with pytest.raises(OutOfScope):
        services.expense_delete(actor=world.user("town_a_admin"), expense=expense)
    with pytest.raises(OutOfScope):
        services.expense_update(
            actor=world.user("secretary"), expense=expense, spent_on=expense.spent_on,
            category=expense.category, amount="1", payee="x", receipt_number="x",
        )  # fmt: skip


def test_a_leader_reads_but_neither_corrects_nor_deletes(world, login, paid):
    expense = spend(world, paid, "100")
    client = login("leader")
    assert (
        client.get(reverse("funding:expense-update", args=[paid.pk, expense.pk])).status_code == 403
    )
    assert (
        client.post(reverse("funding:expense-delete", args=[paid.pk, expense.pk])).status_code
        == 403
    )
    assert Expense.objects.filter(pk=expense.pk).exists()


# --- correction -------------------------------------------------------------------------


def test_a_correction_reaches_the_balance_exactly_and_not_one_fen_beyond(world, login, paid):
    spend(world, paid, "300.00")
    mistaken = spend(world, paid, "200.00", code="study")
    client = login("secretary")
    url = reverse("funding:expense-update", args=[paid.pk, mistaken.pk])
    form = client.get(url).content.decode()
    assert 'value="200.00"' in form and 'value="FP0001"' in form  # the expense as it is

    refused = client.post(url, form_data(amount="700.01"))
    assert "支出 700.01 元超过该笔经费余额 700.00 元" in refused.content.decode()
    mistaken.refresh_from_db()
    assert mistaken.amount == D("200.00") and mistaken.payee == "新华书店"
    assert balance_shown(client, paid) == "500.00 元"

    assert client.post(url, form_data(amount="700.00", payee="城南文印店")).status_code == 302
    mistaken.refresh_from_db()
    assert (mistaken.amount, mistaken.payee, mistaken.category.code) == (
        D("700.00"), "城南文印店", "study",
    )  # fmt: skip
    assert balance_shown(client, paid) == "0.00 元"
    assert Allocation.objects.count() == 1 and Expense.objects.count() == 2
    kind = ContentType.objects.get_for_model(Expense)
    assert LogEntry.objects.filter(
        content_type=kind, object_pk=str(mistaken.pk), action=LogEntry.Action.UPDATE
    ).exists()


def test_a_correction_refuses_bad_input_and_keeps_the_expense(world, paid):
    expense = spend(world, paid, "100")
    user = world.user("secretary")
    fields = dict(
        spent_on=expense.spent_on, category=expense.category, payee="x", receipt_number="x"
    )
    with pytest.raises(ValidationError, match="最多精确到分"):
        services.expense_update(actor=user, expense=expense, amount="1.005", **fields)
    with pytest.raises(ValidationError, match="须大于 0"):
        services.expense_update(actor=user, expense=expense, amount="0", **fields)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.expense_update(
            actor=user, expense=expense, amount="1",
            **{**fields, "spent_on": datetime.date(YEAR, 12, 2)},
        )  # fmt: skip
    expense.refresh_from_db()
    assert expense.amount == D("100.00") and expense.payee == "新华书店"


def test_a_correction_adds_a_receipt_and_takes_a_wrong_one_off(world, login, paid, media):
    client = login("secretary")
    client.post(
        reverse("funding:expense-create", args=[paid.pk]),
        form_data(receipts=[photo("错传的.jpg")]),
    )
    expense = Expense.objects.get()
    wrong = expense.receipts.get()
    url = reverse("funding:expense-update", args=[paid.pk, expense.pk])
    assert "错传的.jpg" in client.get(url).content.decode()
    bad = client.post(url, form_data(remove_receipts=[wrong.pk], receipts=[photo("x.gif")]))
    assert "类型“gif”不支持" in bad.content.decode()
    assert list(expense.receipts.all()) == [wrong]  # nothing taken off when refused
    response = client.post(
        url,
        form_data(remove_receipts=[wrong.pk], receipts=[photo("发票.pdf", PDF)]),
    )
    assert response.status_code == 302
    assert [r.file_name for r in expense.receipts.all()] == ["发票.pdf"]


# --- deletion ---------------------------------------------------------------------------


def test_deleting_a_mistaken_expense_asks_first_then_gives_the_balance_back(
    world, login, paid, media, django_capture_on_commit_callbacks
):
    spend(world, paid, "300.00")
    client = login("secretary")
    client.post(
        reverse("funding:expense-create", args=[paid.pk]),
        form_data(amount="700.00", receipts=[photo()]),
    )
    mistaken = Expense.objects.get(amount=D("700.00"))
    assert balance_shown(client, paid) == "0.00 元"
    url = reverse("funding:expense-delete", args=[paid.pk, mistaken.pk])
    assert url in client.get(reverse("funding:allocation", args=[paid.pk])).content.decode()

    question = client.get(url).content.decode()
    assert "确定删除" in question and "票据附件：fapiao.jpg" in question
    assert Expense.objects.filter(pk=mistaken.pk).exists()  # asking changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not Expense.objects.filter(pk=mistaken.pk).exists()
    assert not ExpenseReceipt.objects.exists() and stored_files(media) == []
    assert balance_shown(client, paid) == "700.00 元"
    for model, pk in ((Expense, mistaken.pk), (ExpenseReceipt, None)):
        entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), action=LogEntry.Action.DELETE
        )
        if pk:
            entries = entries.filter(object_pk=str(pk))
        assert entries.exists(), model
    assert client.get(url).status_code == 404


# --- the finance export -----------------------------------------------------------------


def workbook(response) -> dict[str, list]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_the_finance_export_counts_receipts_in_its_last_column_and_follows_changes(
    world, login, paid
):
    user = world.user("secretary")
    kept = spend(world, paid, "300.00")
    services.expense_update(
        actor=user, expense=kept, spent_on=kept.spent_on, category=kept.category,
        amount="250.00", payee=kept.payee, receipt_number=kept.receipt_number,
        receipts=[photo(), photo("b.png", b"\x89PNG\r\n\x1a\n....", "image/png")],
    )  # fmt: skip
    gone = spend(world, paid, "100.00")
    services.expense_delete(actor=user, expense=gone)

    ledger = workbook(login("town_a_admin").get(reverse("funding:summary-export"), {"year": YEAR}))[
        "台账"
    ]
    header = ledger[1]
    assert header[:15] == [
        "日期",
        "类型",
        "拨付编号",
        "对象",
        "所属区域",
        "经费规则",
        "资金来源",
        "状态",
        "支出类别",
        "收款方",
        "票据号",
        "用途",
        "拨付金额",
        "支出金额",
        "余额",
    ]  # fmt: skip  (the headers the finance office knows, unchanged)
    assert header[-1] == "票据附件" and header == LEDGER
    lines, total = ledger[2:-1], ledger[-1]
    assert [row[1] for row in lines] == ["拨付", "支出"]  # the deleted one is gone
    expense_row = lines[1]
    assert expense_row[-1] == 2
    assert float(expense_row[header.index("支出金额")]) == 250.0
    assert float(expense_row[header.index("余额")]) == 750.0
    assert float(total[header.index("余额")]) == 750.0 and total[-1] == 2
