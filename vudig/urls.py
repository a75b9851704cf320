from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from vudig.core.auth_views import LoginView
from vudig.core.identity.views import LogoutView

admin.site.site_header = _("VUDIG – administration")
admin.site.site_title = _("VUDIG")
admin.site.index_title = _("Grunddata, planer och roller")

urlpatterns = [
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("admin/", admin.site.urls),
    path("oidc/", include("vudig.core.identity.urls")),
    path("open-data/", include("vudig.core.opendata_urls")),
    path("notiser/", include("vudig.core.notices_urls")),
    path("atgarder/", include("measures.urls")),
    path("ramprojekt/", include("projects.urls")),
    path("styrgrupper/", include("steeringgroups.urls")),
    path("mognad/", include("maturity.urls")),
    path("forum/", include("forums.urls")),
    path("rapporter/", include("reports.urls")),
    path("", include("vudig.portal.urls")),
]
