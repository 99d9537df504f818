from liangxin.core.forms import ServiceForm, scoped_code_field
from liangxin.regions.models import Region


class RegionForm(ServiceForm):
    parent = scoped_code_field(
        Region,
        to_field_name="code",
        noun="上级区域代码",
        label="上级区域",
        help_text="新区域挂在此区域之下（须在您的管辖范围内）",
    )

    class Meta:
        model = Region
        fields = ["code", "name", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["parent"]  # moving a subtree is not a page action

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("parent", None)
        return data
