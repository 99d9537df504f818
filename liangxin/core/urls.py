from django.urls import path

from liangxin.core.views import PickerView

urlpatterns = [path("<slug:key>/", PickerView.as_view(), name="picker")]
