from django.urls import path

from liangxin.servicelists import views

app_name = "servicelists"

needs, needs_export = views.list_views("needs")
resources, resources_export = views.list_views("resources")
menu_list, menu_export = views.list_views("menu")
activities, activities_export = views.list_views("activities")
events, events_export = views.list_views("events")

urlpatterns = [
    path("", needs, name="needs"),
    path("export/", needs_export, name="needs-export"),
    path("needs/new/", views.NeedCreateView.as_view(), name="need-create"),
    path("needs/<int:pk>/", views.NeedDetailView.as_view(), name="need"),
    path("needs/<int:pk>/<slug:step>/", views.NeedStepView.as_view(), name="need-step"),
    path("resources/", resources, name="resources"),
    path("resources/export/", resources_export, name="resources-export"),
    path("resources/new/", views.ResourceFormView.as_view(), name="resource-create"),
    path("resources/<int:pk>/", views.ResourceFormView.as_view(), name="resource-edit"),
    path("menu/", views.MenuView.as_view(), name="menu"),
    path("menu/list/", menu_list, name="menu-list"),
    path("menu/export/", menu_export, name="menu-export"),
    path("menu/new/", views.ServiceItemFormView.as_view(), name="item-create"),
    path("menu/<int:pk>/", views.ServiceItemFormView.as_view(), name="item-edit"),
    path("activities/", activities, name="activities"),
    path("activities/export/", activities_export, name="activities-export"),
    path("activities/new/", views.ActivityCreateView.as_view(), name="activity-create"),
    path("activities/<int:pk>/", views.ActivityEditView.as_view(), name="activity-edit"),
    path("activities/<int:pk>/delete/", views.ActivityDeleteView.as_view(), name="activity-delete"),
    path("events/", events, name="events"),
    path("events/export/", events_export, name="events-export"),
    path("events/new/", views.EventCreateView.as_view(), name="event-create"),
    path("events/figures/", views.EventFiguresView.as_view(), name="event-figures"),
    path(
        "events/figures/export/",
        views.EventFiguresExportView.as_view(),
        name="event-figures-export",
    ),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="event"),
    path("events/<int:pk>/edit/", views.EventEditView.as_view(), name="event-edit"),
    path("events/<int:pk>/delete/", views.EventDeleteView.as_view(), name="event-delete"),
    path("figures/", views.NeedFiguresView.as_view(), name="figures"),
    path("figures/export/", views.NeedFiguresExportView.as_view(), name="figures-export"),
    path("types/", views.TypesView.as_view(), name="types"),
    path("categories/", views.CategoriesView.as_view(), name="categories"),
]
