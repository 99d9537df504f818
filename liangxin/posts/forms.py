from django import forms

from liangxin.core.forms import style_form
from liangxin.posts.models import PostAssignment


class PostAssignmentForm(forms.ModelForm):
    """The member comes from the page address (a member's page links here), not a giant list."""

    class Meta:
        model = PostAssignment
        fields = ["kind", "title", "started_on", "ended_on"]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}),
            "ended_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)
