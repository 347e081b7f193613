"""Every app's API routes, under /api/."""

from rest_framework.routers import DefaultRouter

from safeguarding.accounts import api as accounts_api
from safeguarding.actionplans import api as actionplans_api
from safeguarding.inspections import api as inspections_api
from safeguarding.meetings import api as meetings_api
from safeguarding.organisations import api as organisations_api
from safeguarding.returns import api as returns_api
from safeguarding.reviews import api as reviews_api
from safeguarding.training import api as training_api

router = DefaultRouter()
organisations_api.register(router)
accounts_api.register(router)
actionplans_api.register(router)
meetings_api.register(router)
training_api.register(router)
inspections_api.register(router)
returns_api.register(router)
reviews_api.register(router)

urlpatterns = router.urls
