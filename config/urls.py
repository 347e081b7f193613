from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from safeguarding.core import views as core_views
from safeguarding.core.api_reference import api_reference

# The admin signs in through allauth, so lockout and MFA apply to it as well.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Safeguarding Partnership Hub administration"

urlpatterns = [
    path("", include("safeguarding.organisations.public_urls", namespace="public")),
    path("home/", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("safeguarding.accounts.urls", namespace="accounts")),
    path("accounts/", include("allauth.urls")),
    path("directory/", include("safeguarding.organisations.urls", namespace="organisations")),
    path("audit/", include("safeguarding.core.urls", namespace="core")),
    path("actions/", include("safeguarding.actionplans.urls", namespace="actionplans")),
    path("meetings/", include("safeguarding.meetings.urls", namespace="meetings")),
    path("training/", include("safeguarding.training.urls", namespace="training")),
    path("inspections/", include("safeguarding.inspections.urls", namespace="inspections")),
    path("returns/", include("safeguarding.returns.urls", namespace="returns")),
    path("reviews/", include("safeguarding.reviews.urls", namespace="reviews")),
    path("api/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_reference, name="api-docs"),
    path("admin/", admin.site.urls),
]

handler403 = "safeguarding.core.views.permission_denied"
handler404 = "safeguarding.core.views.page_not_found"
handler500 = "safeguarding.core.views.server_error"
# allauth's rate limits answer through this (a styled page that says when to try again).
handler429 = "safeguarding.accounts.views.too_many_requests"
