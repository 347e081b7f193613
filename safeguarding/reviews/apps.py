from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "safeguarding.reviews"
    label = "reviews"
    verbose_name = "Case reviews"

    def ready(self) -> None:
        from safeguarding.actionplans.apps import DEMO_ACTION_PLANS
        from safeguarding.core import fragments
        from safeguarding.core.audit import register_target_url
        from safeguarding.core.registry import (
            register_audit_verbs,
            register_demo_loader,
            register_email_purposes,
            register_navigation,
            register_public_navigation,
        )

        from . import data_protection, home, rules, sweeps  # noqa: F401 - registers them
        from .audit_verbs import AUDIT_VERBS
        from .emails import Purpose
        from .models import ChronologyRequest, PanelMember, Review

        register_target_url("reviews.review", "reviews:review_detail")
        register_navigation("Reviews", "reviews:register", "reviews.see_register_link", order=85)
        register_public_navigation("Reviews", "reviews:public_learning", order=35)
        # Its recommendations become actions in action plans.
        register_demo_loader("safeguarding.reviews.demo.load_demo", after=DEMO_ACTION_PLANS)
        register_email_purposes("reviews", Purpose)
        register_audit_verbs("reviews", AUDIT_VERBS)

        # The home page's items (home.py) are kept until a review, a panel or a chronology
        # request changes.
        fragments.track("reviews", Review, PanelMember, ChronologyRequest)
