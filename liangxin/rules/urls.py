from django.urls import path

from liangxin.rules import views

app_name = "rules"

urlpatterns = [
    path("", views.RulesView.as_view(), name="list"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
]
