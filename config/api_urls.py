"""Every app's API routes, under /api/."""

from rest_framework.routers import DefaultRouter

from safeguarding.actionplans import api as actionplans_api
from safeguarding.organisations import api as organisations_api

router = DefaultRouter()
organisations_api.register(router)
actionplans_api.register(router)

urlpatterns = router.urls
