"""Server-rendered pages (Chinese UI): login, home, registries, trees, audit log."""

from django.urls import include, path

urlpatterns = [
    path("", include("liangxin.accounts.urls")),
    path("regions/", include("liangxin.regions.urls")),
    path("enterprises/", include("liangxin.enterprises.urls")),
    path("organizations/", include("liangxin.organizations.urls")),
    path("members/", include("liangxin.members.urls")),
    path("instructors/", include("liangxin.workforce.urls")),
    path("ledger/", include("liangxin.ledger.urls")),
    path("dashboard/", include("liangxin.coverage.urls")),
    path("rules/", include("liangxin.rules.urls")),
    path("development/", include("liangxin.development.urls")),
    path("mobility/", include("liangxin.mobility.urls")),
    path("dues/", include("liangxin.dues.urls")),
    path("posts/", include("liangxin.posts.urls")),
    path("audit/", include("liangxin.audit.urls")),  # the log itself: accounts.urls "audit"
]
