from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "safeguarding.organisations"
    label = "organisations"
    verbose_name = "Boards, areas, agencies and people"

    def ready(self) -> None:
        from safeguarding.core import fragments
        from safeguarding.core.registry import (
            register_audit_verbs,
            register_demo_loader,
            register_demo_summary,
            register_navigation,
            register_public_navigation,
        )

        from .audit_verbs import AUDIT_VERBS
        from .models import Agency, AgencyEmailDomain, Area, Board, Person, RoleAssignment

        register_navigation("Agencies", "organisations:agency_list", DIRECTORY, order=10)
        register_navigation("People", "organisations:person_list", DIRECTORY, order=20)
        register_navigation("Boards", "organisations:board_list", DIRECTORY, order=30)
        register_public_navigation("Home", "public:home", order=0)
        register_public_navigation("Contact", "public:contact", order=40)
        # The boards, county, agencies and people every other app's demo data builds on.
        register_demo_loader(DEMO_COUNTY)
        register_demo_summary("safeguarding.organisations.demo.loader.demo_summary")
        register_audit_verbs("organisations", AUDIT_VERBS)
        # The directory's lists are cached fragments (core.listing): any change to who is who
        # renders them afresh. Signing in saves the person's last_login, which no list shows.
        fragments.track(
            "directory",
            Board,
            Area,
            Agency,
            AgencyEmailDomain,
            Person,
            RoleAssignment,
            ignore_fields=frozenset({"last_login", "password"}),
        )


DIRECTORY = "organisations.view_directory"
DEMO_COUNTY = "safeguarding.organisations.demo.loader.load_demo_county"
