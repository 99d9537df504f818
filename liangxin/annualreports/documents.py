"""The report's Word and PDF files: the default template (built here with python-docx, so
the app ships its own), its rendering with docxtpl, and LibreOffice's PDF conversion.

Template context (what a district's own template may use):
``title``, ``region``, ``year``, ``as_of``, ``state``, ``sections`` (a list of
``{number, key, title, text, chart}``; ``chart`` an image or ""), ``figures`` (a list of
``{label, value, base, as_of, query}``) and ``f`` (``f["members.new"]``: a figure's text).
"""

import io
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from django.core.exceptions import ValidationError

DEFAULT_TEMPLATE = Path(__file__).parent / "docx" / "default.docx"
NUMBERS = "一二三四五六七八九十"
NO_SOFFICE = "服务器未安装 LibreOffice（soffice），无法生成 PDF；Word 文件已生成，可下载后自行转换"
PDF_TIMEOUT_SECONDS = 180


def build_default_template() -> bytes:
    """The app's own template: title, as-of line, the sections with their charts, the
    figures' appendix (each with its base, date and query)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Noto Serif CJK SC"
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    for name in ("Title", "Heading 1", "Heading 2"):
        style = document.styles[name]
        style.font.name = "Noto Sans CJK SC"
        style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")

    title = document.add_paragraph("{{ title }}", style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line = document.add_paragraph("{{ region }} · 数据截至 {{ as_of }} · {{ state }}")
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("{%p for s in sections %}")
    document.add_paragraph("{{ s.number }}、{{ s.title }}", style="Heading 1")
    document.add_paragraph("{{ s.text }}")
    document.add_paragraph("{%p if s.chart %}")
    document.add_paragraph("{{ s.chart }}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("附：数据来源", style="Heading 1")
    document.add_paragraph("下表每个数字均取自两新党建平台，列出其口径、统计日期和取数方式。")
    table = document.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("指标", "数值", "口径", "取数方式"), strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for x in figures %}"
    for cell, text in zip(
        table.rows[2].cells,
        ("{{ x.label }}", "{{ x.value }}", "{{ x.base }}", "{{ x.query }}（{{ x.as_of }}）"),
        strict=True,
    ):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def default_template_bytes() -> bytes:
    if DEFAULT_TEMPLATE.is_file():
        return DEFAULT_TEMPLATE.read_bytes()
    return build_default_template()


def render(template: bytes, context: dict, charts: dict[str, bytes]) -> bytes:
    """The Word file: ``template`` filled with ``context``; each section whose key has a
    chart in ``charts`` gets it as an inline image. Raises ValidationError (Chinese) when
    the template cannot be filled."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    try:
        document = DocxTemplate(io.BytesIO(template))
        sections = []
        for section in context["sections"]:
            chart = charts.get(section["key"])
            image = InlineImage(document, io.BytesIO(chart), width=Mm(150)) if chart else ""
            sections.append({**section, "chart": image})
        document.render({**context, "sections": sections}, autoescape=True)
        buffer = io.BytesIO()
        document.save(buffer)
    except ValidationError:
        raise
    except Exception as exc:  # jinja syntax, undefined names, a broken package: all the user's
        raise ValidationError(f"模板无法套用报告内容：{type(exc).__name__}：{exc}") from exc
    return buffer.getvalue()


def to_pdf(docx: bytes, *, timeout: int = PDF_TIMEOUT_SECONDS) -> bytes:
    """LibreOffice converts the Word file, in a throwaway profile (two conversions at once
    would otherwise fight over one user profile's lock)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ValidationError(NO_SOFFICE)
    with tempfile.TemporaryDirectory(prefix="lx-report-") as folder:
        work = Path(folder)
        source = work / "report.docx"
        source.write_bytes(docx)
        profile = work / f"profile-{uuid.uuid4().hex}"
        command = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ValidationError(f"PDF 转换超时（超过 {timeout} 秒），请稍后重试") from exc
        output = work / "report.pdf"
        if not output.is_file():
            raise ValidationError("LibreOffice 未能把 Word 文件转换为 PDF，请检查模板后重试")
        return output.read_bytes()


def section_numbers(count: int) -> list[str]:
    return [NUMBERS[i] if i < len(NUMBERS) else str(i + 1) for i in range(count)]
