from django import forms

from liangxin.coverage.definitions import INDICATOR_KEYS, INDICATOR_LABELS


class GoalsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in INDICATOR_KEYS:
            self.fields[key] = forms.DecimalField(
                label=INDICATOR_LABELS[key],
                min_value=0,
                max_value=100,
                decimal_places=1,
                max_digits=4,
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.1"}),
                error_messages={"max_value": "目标值不能超过 100", "min_value": "目标值不能为负数"},
            )


class AssignInstructorForm(forms.Form):
    enterprise = forms.CharField(max_length=18)
    instructor = forms.UUIDField()
