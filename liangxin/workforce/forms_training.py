"""Forms of training sessions, their attendance and the attendance sheet upload."""

from django import forms

from liangxin.core.forms import PickerInput, scoped_code_list_field, style_form
from liangxin.core.scoping import scoped
from liangxin.regions.models import Region
from liangxin.workforce import selectors_training as selectors
from liangxin.workforce.models_people import PartyWorker, Training


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        fields = [
            "title", "level", "kind", "mode", "organizer", "region",
            "starts_on", "ends_on", "hours", "place", "has_test",
        ]  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = scoped(Region.objects.all(), user).order_by("path")
        style_form(self)

    def _post_clean(self):
        """The service validates the model (and tells what is wrong, in Chinese)."""

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


PASSED_CHOICES = [("", "不适用"), ("yes", "合格"), ("no", "不合格")]


class AttendanceForm(forms.Form):
    # The scoped picker (name or pinyin, several): a district holds thousands of workers.
    workers = scoped_code_list_field(
        PartyWorker,
        to_field_name="pk",
        noun="参训人员",
        label="参训人员",
        widget=PickerInput(model=PartyWorker, key="party_workers", multiple=True),
        help_text="输入姓名或拼音首字母，可选多人",
        error_messages={
            "required": "请选择参训人员",
            "invalid_choice": "所选人员已在本班次登记参训，或不在您管辖范围内的在岗党务工作者中",
            "invalid_pk_value": "所选人员无效",
        },
    )
    hours = forms.DecimalField(
        label="学时",
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=1,
        help_text="留空按本班次学时；可少于、不得多于本班次学时",
    )
    passed = forms.ChoiceField(label="结业测试", choices=PASSED_CHOICES, required=False)

    def __init__(self, *args, user, training: Training, **kwargs):
        super().__init__(*args, **kwargs)
        recorded = training.attendance.values("worker_id")
        # The picker offers everyone in scope; who may still be recorded is checked here.
        workers = selectors.eligible_workers(user=user).exclude(pk__in=recorded)
        self.fields["workers"].queryset = workers
        if not training.has_test:
            del self.fields["passed"]
        style_form(self)

    def entries(self) -> list:
        passed = {"yes": True, "no": False}.get(self.cleaned_data.get("passed") or "")
        hours = self.cleaned_data.get("hours")
        return [(worker, hours, passed) for worker in self.cleaned_data["workers"]]


class SheetForm(forms.Form):
    file = forms.FileField(
        label="签到表（.xlsx）",
        error_messages={"required": "请选择要上传的文件", "empty": "上传的文件是空的"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx"
        style_form(self)
