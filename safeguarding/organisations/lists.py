"""The directory's list pages: what each shows, how it sorts and what its download holds.

The downloads carry the import's columns first, under the import's headings, then what the
hub keeps itself (`imports.EXPORT_ONLY`, which the import passes over): a download imports
again unchanged.
"""

from __future__ import annotations

from safeguarding.core.listing import Column, ListDefinition, export_only

from .filters import AgencyFilter, PersonFilter
from .imports import LABELS


def _joined(values) -> str:
    return "; ".join(values)


AGENCIES = ListDefinition(
    columns=[
        Column(
            "Agency",
            "name",
            value=lambda agency: agency.name,
            download_heading=LABELS["name"],
        ),
        Column("Sector", "sector", value=lambda agency: agency.get_sector_display()),
        Column(
            "Contribution status",
            "status",
            ("contribution_status",),
            value=lambda agency: agency.get_contribution_status_display(),
        ),
        export_only(
            LABELS["email_domains"],
            lambda agency: _joined(d.domain for d in agency.email_domains.all()),
        ),
        Column(
            "Boards",
            value=lambda agency: _joined(b.short_name for b in agency.boards.all()),
            download_heading=LABELS["boards"],
        ),
        export_only(
            LABELS["districts"], lambda agency: _joined(d.name for d in agency.districts.all())
        ),
        Column(
            "Active people",
            "people",
            ("people_count",),
            numeric=True,
            value=lambda agency: agency.people_count,
        ),
    ],
    filterset_class=AgencyFilter,
    default_sort="name",
    download_name="agencies",
    cached_as="directory",
    download_prefetch=("districts", "email_domains"),
)


def role_text(assignment) -> str:
    """A role as the import reads it: "Agency lead: Lancashire Constabulary"."""
    scope = assignment.board or assignment.area or assignment.agency
    label = assignment.get_role_display()
    return f"{label}: {scope}" if scope else label


PEOPLE = ListDefinition(
    columns=[
        Column(
            "Name",
            "name",
            ("full_name",),
            value=lambda person: person.full_name,
            download_heading=LABELS["full_name"],
        ),
        # The import reads the e-mail second; the page shows it last.
        export_only(LABELS["email"], lambda person: person.email),
        Column("Job title", "job_title", value=lambda person: person.job_title),
        Column(
            "Agency",
            "agency",
            ("agency__name",),
            value=lambda person: person.agency.name if person.agency else "",
        ),
        export_only(
            LABELS["line_manager_email"],
            lambda person: person.line_manager.email if person.line_manager else "",
        ),
        Column(
            "Roles",
            value=lambda person: _joined(role_text(role) for role in person.roles.all()),
        ),
        Column("Work e-mail", "email"),
        export_only("Active", lambda person: "Yes" if person.is_active else "No"),
    ],
    filterset_class=PersonFilter,
    default_sort="name",
    download_name="people",
    cached_as="directory",
)
