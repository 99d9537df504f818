"""Forms of the rating pages: they collect and shape input, the services validate and save
(their refusals come back onto the form, core.forms.add_service_errors)."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from liangxin.core.forms import style_form
from liangxin.organizations.models import StarCategory
from liangxin.ratings.models import Rubric
from liangxin.ratings.queries import SheetRow

MAX_UPLOAD = 2 << 20


def score_field(row: SheetRow, label: str) -> forms.DecimalField:
    limit = row.item.max_points
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_value=limit,
        max_digits=6,
        decimal_places=2,
        error_messages={
            "max_value": f"得分不能超过该项分值 {limit.normalize():f} 分",
            "min_value": "得分不能为负数",
            "invalid": "请输入数字",
            "max_decimal_places": "得分最多保留两位小数",
            "max_digits": "得分位数过多",
        },
    )


class ScoresForm(forms.Form):
    """One score and comment per item at one level (``self``, ``town`` or ``district``).
    The organization never types a computed auto item (``typed_only``)."""

    def __init__(self, data=None, *, rows: list[SheetRow], level: str, typed_only=False):
        super().__init__(data)
        self.level = level
        self.rows = [row for row in rows if not (typed_only and row.computed)]
        for row in self.rows:
            pk = row.item.pk
            self.fields[f"score_{pk}"] = score_field(row, row.item.text)
            self.fields[f"comment_{pk}"] = forms.CharField(
                label="说明", required=False, max_length=1000
            )
            self.initial[f"score_{pk}"] = self.start_value(row)
            self.initial[f"comment_{pk}"] = row.comment(level)
        style_form(self)

    def start_value(self, row: SheetRow):
        """What the level starts from: its own score, else the level below's (or the
        platform's computation for an auto item)."""
        own = row.value(self.level)
        if own is not None or self.level == "self":
            return own
        below = row.value("self" if self.level == "town" else "town")
        if below is None and row.preview is not None:
            return row.preview.score
        return below

    def bound(self, row: SheetRow):
        return self[f"score_{row.item.pk}"], self[f"comment_{row.item.pk}"]

    def all_scores(self) -> dict:
        """{item: (score, comment)} for every row (the organization's own sheet)."""
        data = self.cleaned_data
        return {
            row.item: (data[f"score_{row.item.pk}"], data[f"comment_{row.item.pk}"])
            for row in self.rows
        }

    def changed_scores(self) -> dict:
        """A reviewer's corrections: the items whose score moved from where it started or
        that carry a comment; the others, and a score left blank, keep the level below's
        (or the platform's)."""
        changed = {}
        for item, (score, comment) in self.all_scores().items():
            if score is None:
                continue
            if score != self.initial[f"score_{item.pk}"] or comment.strip():
                changed[item] = (score, comment)
        return changed


class VetoForm(forms.Form):
    """The rubric's 一票否决 list: whether each applies, with the facts when it does."""

    def __init__(self, data=None, *, rows: list[tuple], prefix="veto"):
        super().__init__(data, prefix=prefix)
        self.rows = rows
        for veto, answer in rows:
            self.fields[f"on_{veto.pk}"] = forms.BooleanField(label=veto.text, required=False)
            self.fields[f"note_{veto.pk}"] = forms.CharField(
                label="情况说明", required=False, max_length=1000
            )
            if answer is not None:
                self.initial[f"on_{veto.pk}"] = answer.triggered
                self.initial[f"note_{veto.pk}"] = answer.note
        style_form(self)

    def clean(self):
        for veto, _answer in self.rows:
            if (
                self.cleaned_data.get(f"on_{veto.pk}")
                and not self.cleaned_data.get(f"note_{veto.pk}", "").strip()
            ):
                self.add_error(f"note_{veto.pk}", "认定存在否决情形须写明情况")
        return self.cleaned_data

    def bound(self, veto):
        return self[f"on_{veto.pk}"], self[f"note_{veto.pk}"]

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            veto: (data[f"on_{veto.pk}"], data[f"note_{veto.pk}"] or "") for veto, _ in self.rows
        }


class ReviewForm(forms.Form):
    satisfaction = forms.DecimalField(
        label="群众满意度（%）",
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        error_messages={
            "max_value": "群众满意度应在 0 到 100 之间",
            "min_value": "群众满意度应在 0 到 100 之间",
            "invalid": "请输入数字",
        },
    )
    comment = forms.CharField(label="审核意见", required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="退回原因",
        max_length=500,
        error_messages={"required": "退回须写明原因"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("退回须写明原因")
        return reason


class CycleOpenForm(forms.Form):
    rubric = forms.ModelChoiceField(label="细则版本", queryset=Rubric.objects.none())
    region = forms.ModelChoiceField(label="评定范围", queryset=None)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    self_due = forms.DateField(label="自评截止", required=False)
    town_due = forms.DateField(label="镇（园区）审核截止", required=False)
    district_due = forms.DateField(label="区审定截止", required=False)
    publicity_days = forms.IntegerField(
        label="公示天数（工作日）", min_value=1, max_value=30, initial=5
    )

    def __init__(self, data=None, *, rubrics, regions):
        super().__init__(data, initial={"year": timezone.localdate().year, "publicity_days": 5})
        self.fields["rubric"].queryset = rubrics
        self.fields["region"].queryset = regions
        style_form(self)


class PublicizeForm(forms.Form):
    start = forms.DateField(label="公示开始日期", required=False, help_text="留空为今天")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class FinalizeForm(forms.Form):
    decision_number = forms.CharField(label="定级文号", required=False, max_length=100)
    on = forms.DateField(label="定级日期", required=False, help_text="留空为今天")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class ObjectionForm(forms.Form):
    text = forms.CharField(
        label="异议内容",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写异议内容"},
    )
    raised_by = forms.CharField(label="反映人", required=False, max_length=100)
    received_on = forms.DateField(label="收到日期", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class AnswerForm(forms.Form):
    """The district's answer; one that changes the result names what changes: an item's
    score, a veto found, or the satisfaction rate."""

    answer = forms.CharField(
        label="答复",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写答复"},
    )
    changes_result = forms.BooleanField(label="改变评定结果", required=False)
    item = forms.TypedChoiceField(label="复核项目", required=False, coerce=int, empty_value=None)
    score = forms.DecimalField(
        label="复核得分", required=False, min_value=0, max_digits=6, decimal_places=2
    )
    veto = forms.TypedChoiceField(label="否决情形", required=False, coerce=int, empty_value=None)
    veto_note = forms.CharField(label="否决情况说明", required=False, max_length=1000)
    satisfaction = forms.DecimalField(
        label="复核满意度（%）",
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
    )

    def __init__(self, data=None, *, rows: list[SheetRow], vetoes, prefix=None):
        super().__init__(data, prefix=prefix)
        self.items = {row.item.pk: row.item for row in rows}
        self.vetoes = {veto.pk: veto for veto, _ in vetoes}
        self.fields["item"].choices = [("", "不调整")] + [
            (pk, f"{item.text}（{item.max_points.normalize():f} 分）")
            for pk, item in self.items.items()
        ]
        self.fields["veto"].choices = [("", "无")] + [(pk, v.text) for pk, v in self.vetoes.items()]
        style_form(self)

    def clean(self):
        data = super().clean()
        item = self.items.get(data.get("item"))
        if item is not None and data.get("score") is None:
            self.add_error("score", "请填写复核得分")
        if item is not None and data.get("score") is not None and data["score"] > item.max_points:
            self.add_error("score", f"得分不能超过该项分值 {item.max_points.normalize():f} 分")
        if data.get("veto") and not (data.get("veto_note") or "").strip():
            self.add_error("veto_note", "认定存在否决情形须写明情况")
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        item, veto = self.items.get(data.get("item")), self.vetoes.get(data.get("veto"))
        return {
            "answer": data["answer"],
            "changes_result": data["changes_result"],
            "scores": {item: (data["score"], "异议复核")} if item is not None else None,
            "vetoes": {veto: (True, data["veto_note"])} if veto is not None else None,
            "satisfaction": data.get("satisfaction"),
        }


class CategoryForm(forms.Form):
    """A category other than the default rule's, with the reason (WORK.md §3 [I])."""

    category = forms.ChoiceField(label="类别", choices=StarCategory.choices)
    reason = forms.CharField(label="调整理由", required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class RubricImportForm(forms.Form):
    file = forms.FileField(
        label="细则文件（.xlsx）",
        error_messages={"required": "请选择要导入的细则文件", "empty": "文件是空的"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("文件过大：细则文件不超过 2 MB")
        return upload


class ChangeForm(forms.Form):
    """摘星 or 降星 between cycles (a rise waits for the next cycle)."""

    kind = forms.ChoiceField(label="变动", choices=[("remove", "摘星"), ("down", "降星")])
    to_level = forms.IntegerField(label="降至星级", required=False, min_value=1, max_value=6)
    reason = forms.CharField(
        label="理由", max_length=500, error_messages={"required": "星级变动须写明理由"}
    )
    evidence = forms.CharField(
        label="依据材料", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)
