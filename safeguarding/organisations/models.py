"""Who is who: the boards, the county's areas, partner agencies, people and their roles.

A person is also the sign-in account (AUTH_USER_MODEL): someone in the directory who has never
signed in simply has no usable password. Roles are scoped assignments (a board, a locality or an
agency), so later capabilities add their own scoped memberships (e.g. a review panel) beside
them without changing this model.
"""

from __future__ import annotations

from functools import cached_property

import rules
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safeguarding.core.concurrency import Versioned


class Board(models.Model):
    """A statutory partnership the business unit runs: a children's board, an adults' board, a
    community safety partnership. A team may run any number, of any kinds."""

    class Kind(models.TextChoices):
        CHILDREN = "children", "Children's board"
        ADULTS = "adults", "Adults' board"
        COMMUNITY_SAFETY = "community_safety", "Community safety partnership"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=20, help_text="For example, LSCB or LSAB.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    is_default = models.BooleanField(
        default=False,
        help_text="Shown first, to the public and to anyone who has not chosen a board.",
    )
    address = models.TextField(blank=True, help_text="Postal address, one line per line.")
    phone = models.CharField(max_length=50, blank=True)
    email = models.EmailField(blank=True)
    introduction = models.TextField(blank=True, help_text="Shown on the board's public home page.")
    newsflash_second_approver = models.BooleanField(
        "newsflash approved by a second person",
        default=False,
        help_text="Someone other than the person who drafted or last changed a newsflash must "
        "approve it before it can be published, e-mailed or carried to CPB agendas.",
    )

    class Meta:
        # The default board first, then the others by name: switcher, lists and choices alike.
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_board"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """The county, its districts and the locality boards (CPBs) that each cover some districts."""

    class Kind(models.TextChoices):
        COUNTY = "county", "County"
        DISTRICT = "district", "District"
        LOCALITY = "locality", "Locality board (CPB)"

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    districts = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="localities",
        limit_choices_to={"kind": "district"},
        help_text="For a locality board: the districts it covers.",
    )
    boards = models.ManyToManyField(Board, related_name="areas", blank=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="area_unique_name_per_kind")
        ]

    def __str__(self) -> str:
        return self.name


class Agency(Versioned):
    class Sector(models.TextChoices):
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        CHILDRENS_SERVICES = "childrens_services", "Local authority children's services"
        ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
        EDUCATION = "education", "Education"
        PROBATION = "probation", "Probation"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"
        VOLUNTARY = "voluntary", "Voluntary and community"
        OTHER = "other", "Other"

    class ContributionStatus(models.TextChoices):
        CONTRIBUTING = "contributing", "Contributing partner"
        NON_CONTRIBUTING = "non_contributing", "Non-contributing"
        PRIVATE = "private", "Private or out of area"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    sector = models.CharField(max_length=30, choices=Sector.choices)
    contribution_status = models.CharField(
        max_length=20,
        choices=ContributionStatus.choices,
        default=ContributionStatus.CONTRIBUTING,
        help_text="Decides the fees the agency's staff pay for training.",
    )
    boards = models.ManyToManyField(Board, related_name="agencies", blank=True)
    districts = models.ManyToManyField(
        Area,
        related_name="agencies",
        blank=True,
        limit_choices_to={"kind": Area.Kind.DISTRICT},
        help_text="The districts the agency serves.",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class AgencyEmailDomain(models.Model):
    """A work e-mail domain that identifies the agency a self-registering practitioner is from."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="email_domains")
    domain = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class PersonManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> Person:
        person = self.model(email=self.normalize_email(email).lower(), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, email: str, password: str | None = None, **fields) -> Person:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("full_name", email)
        return self.create_user(email, password, **fields)


class Person(Versioned, AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("work e-mail address", unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    agency_confirmed = models.BooleanField(
        default=True,
        help_text="False while a self-registered person's agency waits for its lead to confirm.",
    )
    line_manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    phone = models.CharField(max_length=50, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the admin site.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["agency", "full_name"]),
            # The directory lists people in name order, a page at a time.
            models.Index(fields=["full_name", "id"], name="person_name_order"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def has_perm(self, perm: str, obj=None) -> bool:
        """The hub's own permissions (registered with `rules`) are always decided by their
        predicates, for superusers too: those give a superuser universal authority, but the
        lifecycle conditions beside it (nothing changes after publication, approval or
        closure) hold for everyone. Other permissions (the admin site's) keep Django's
        answer: true for an active superuser."""
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    @cached_property
    def role_assignments(self) -> list[RoleAssignment]:
        """Loaded once per request; every permission check reads from this list."""
        if self.pk is None:
            return []
        # Ids only (no joins): this runs on every signed-in request. Pages that show the roles
        # load their boards, areas and agencies themselves.
        return list(RoleAssignment.objects.filter(person_id=self.pk))

    def has_role(self, role: str, *, board=None, area=None, agency=None) -> bool:
        for assignment in self.role_assignments:
            if assignment.role != role:
                continue
            if board is not None and assignment.board_id != board.pk:
                continue
            if area is not None and assignment.area_id != area.pk:
                continue
            if agency is not None and assignment.agency_id != agency.pk:
                continue
            return True
        return False

    def scope_ids(self, role: str, field: str) -> set[int]:
        """The ids of the boards, areas or agencies this person holds `role` for."""
        return {
            getattr(assignment, f"{field}_id")
            for assignment in self.role_assignments
            if assignment.role == role and getattr(assignment, f"{field}_id") is not None
        }

    def forget_roles(self) -> None:
        self.__dict__.pop("role_assignments", None)


class Role(models.TextChoices):
    BUSINESS_UNIT = "business_unit", "Business-unit staff"
    BOARD_MEMBER = "board_member", "Board member"
    CPB_CHAIR = "cpb_chair", "Locality board (CPB) chair"
    CPB_MEMBER = "cpb_member", "Locality board (CPB) member"
    AGENCY_LEAD = "agency_lead", "Agency safeguarding lead"
    INSPECTION_REVIEWER = "inspection_reviewer", "Inspection reviewer"
    PRACTITIONER = "practitioner", "Practitioner"
    ADMINISTRATOR = "administrator", "Administrator"


# The partnership's contacts: people holding these roles are visible to every signed-in person.
CONTACT_ROLES = [Role.BOARD_MEMBER, Role.CPB_CHAIR, Role.CPB_MEMBER, Role.AGENCY_LEAD]

# Which scope each role needs: a role is held for a board, a locality or an agency, or not scoped.
ROLE_SCOPES = {
    Role.BUSINESS_UNIT: "board",
    Role.BOARD_MEMBER: "board",
    Role.CPB_CHAIR: "area",
    Role.CPB_MEMBER: "area",
    Role.AGENCY_LEAD: "agency",
    Role.INSPECTION_REVIEWER: None,
    Role.PRACTITIONER: None,
    Role.ADMINISTRATOR: None,
}


class RoleAssignment(models.Model):
    # The board is the role's scope, not its owner: roles belong to the person.
    board_path = None

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=30, choices=Role.choices)
    board = models.ForeignKey(
        Board, null=True, blank=True, on_delete=models.CASCADE, related_name="role_assignments"
    )
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        limit_choices_to={"kind": Area.Kind.LOCALITY},
    )
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        help_text="For an agency lead: the agency. For a board member: the agency represented.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["role", "id"]
        constraints = [
            models.CheckConstraint(
                name="role_has_its_scope",
                condition=(
                    (Q(role__in=["business_unit", "board_member"]) & Q(board__isnull=False))
                    | (Q(role__in=["cpb_chair", "cpb_member"]) & Q(area__isnull=False))
                    | (Q(role="agency_lead") & Q(agency__isnull=False))
                    | Q(role__in=["inspection_reviewer", "practitioner", "administrator"])
                ),
            ),
        ]
        indexes = [models.Index(fields=["role", "board"]), models.Index(fields=["role", "area"])]

    def __str__(self) -> str:
        scope = self.board or self.area or self.agency
        label = self.get_role_display()
        return f"{label} ({scope})" if scope else label
