"""The upload and confirm forms of a ledger import."""

from django import forms
from django.conf import settings

from liangxin.core.forms import style_form

ACCEPTED_SUFFIXES = (".xlsx", ".csv")


class UploadForm(forms.Form):
    file = forms.FileField(
        label="台账文件",
        help_text="支持 .xlsx 和 .csv（UTF-8 或 GBK 编码）；第一行为表头。",
        error_messages={"required": "请选择要上传的文件", "empty": "上传的文件是空的"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)
        self.fields["file"].widget.attrs["accept"] = ",".join(ACCEPTED_SUFFIXES)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit_mb = settings.LEDGER_MAX_UPLOAD_MB
        if upload.size > limit_mb * 1024 * 1024:
            size_mb = upload.size / 1024 / 1024
            raise forms.ValidationError(
                f"文件过大（{size_mb:.1f} MB），最大 {limit_mb} MB；请拆分后分批上传"
            )
        # The type is read from the content, not the name (reader.open_table): a .png
        # renamed .xlsx gets the same clear sentence as any other unreadable file.
        return upload


class ConfirmForm(forms.Form):
    keep_good = forms.BooleanField(
        label="仅导入正确的行（错误行不导入，可下载错误行文件修改后再上传）",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)
