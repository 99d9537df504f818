"""Forms of the annual report pages: they collect input only; the services validate it
(year, scope, the template's content) and their errors come back onto these forms."""

from django import forms

from liangxin.annualreports import drafting, selectors
from liangxin.core.forms import style_form


class ReportForm(forms.Form):
    region = forms.CharField(
        label="区域", widget=forms.Select, error_messages={"required": "请选择区域"}
    )
    year = forms.CharField(
        label="年度", max_length=8, error_messages={"required": "请填写年度，如 2025"}
    )
    want_pdf = forms.BooleanField(label="同时生成 PDF", required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The region is a code checked by the view against the scope (outside it: 404), so
        # the choices only offer; an unknown code is not a form error.
        self.fields["region"].widget.choices = [
            (region.code, region.name) for region in selectors.region_choices(user)
        ]
        style_form(self)


class SectionsForm(forms.Form):
    """One textarea per section, in the report's order; 明年工作打算 typed by hand."""

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        for key in drafting.SECTION_ORDER:
            self.fields[key] = forms.CharField(
                label=drafting.SECTION_TITLES[key],
                required=False,
                max_length=5000,
                initial=report.sections.get(key, ""),
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"max_length": "每段不超过 %(limit_value)d 字"},
            )
        style_form(self)


class TemplateForm(forms.Form):
    name = forms.CharField(
        label="模板名称", max_length=100, error_messages={"required": "请填写模板名称"}
    )
    file = forms.FileField(
        label="Word 模板（.docx）",
        error_messages={"required": "请选择要上传的 .docx 文件", "empty": "上传的文件是空的"},
        help_text="不超过 5 MB；可用的占位符见默认模板",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)
