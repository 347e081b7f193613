"""Directory forms. They collect and tidy input; the services decide and write."""

from __future__ import annotations

from django import forms

from safeguarding.core.concurrency import SubmitOnceForm, track_version
from safeguarding.core.uploads import SPREADSHEETS, UploadField

from .models import ROLE_SCOPES, Agency, Area, Board, Person, Role
from .rules import grantable_scopes
from .services import clean_domains


class BoardForm(forms.ModelForm):
    """What a board's business unit keeps up to date: how to reach the board, what its public
    page says, and its own rule for approving newsflashes."""

    class Meta:
        model = Board
        fields = ["address", "phone", "email", "introduction", "newsflash_second_approver"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 4}),
            "introduction": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "email": {"invalid": "Enter the board's e-mail address, like lscb@example.org"}
        }


class AgencyForm(SubmitOnceForm):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the agency's name"})
    sector = forms.ChoiceField(
        choices=Agency.Sector.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the agency's sector"},
    )
    contribution_status = forms.ChoiceField(
        label="Contribution status",
        choices=Agency.ContributionStatus.choices,
        widget=forms.RadioSelect,
        help_text="Decides the fees the agency's staff pay for training",
        error_messages={"required": "Choose whether the agency contributes to the board"},
    )
    email_domains = forms.CharField(
        label="Work e-mail domains",
        required=False,
        help_text="Separate domains with commas, for example lancashire.police.uk, "
        "lancashire.pnn.police.uk. People who register with one of these are placed in the agency.",
    )
    boards = forms.ModelMultipleChoiceField(
        queryset=Board.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The boards the agency is a partner of",
    )
    districts = forms.ModelMultipleChoiceField(
        queryset=Area.objects.filter(kind=Area.Kind.DISTRICT).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The districts the agency serves",
    )

    def __init__(self, *args, agency: Agency | None = None, **kwargs):
        self.agency = agency
        if agency is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": agency.name,
                "sector": agency.sector,
                "contribution_status": agency.contribution_status,
                "email_domains": ", ".join(d.domain for d in agency.email_domains.all()),
                "boards": list(agency.boards.all()),
                "districts": list(agency.districts.all()),
            }
        super().__init__(*args, **kwargs)
        if agency is not None:
            track_version(self, agency)
        self.fields["name"].widget.attrs["autocomplete"] = "organization"

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        clash = Agency.objects.filter(name__iexact=name)
        if self.agency is not None:
            clash = clash.exclude(pk=self.agency.pk)
        if clash.exists():
            raise forms.ValidationError(f"There is already an agency called '{name}'")
        return name

    def clean_email_domains(self):
        try:
            return clean_domains(self.cleaned_data["email_domains"], self.agency)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.message_dict["email_domains"]) from None


class PersonForm(SubmitOnceForm):
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter the person's name"}
    )
    email = forms.EmailField(
        label="Work e-mail address",
        error_messages={
            "required": "Enter the person's work e-mail address",
            "invalid": "Enter a work e-mail address like name@agency.example",
        },
    )
    job_title = forms.CharField(label="Job title", max_length=200, required=False)
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.only("id", "name"), required=False, empty_label="No agency"
    )
    line_manager_email = forms.EmailField(
        label="Line manager's work e-mail address",
        required=False,
        help_text="They approve the person's training applications. Leave empty if none.",
        error_messages={
            "invalid": "Enter the line manager's e-mail address like name@agency.example"
        },
    )
    phone = forms.CharField(label="Phone number", max_length=50, required=False)
    is_active = forms.BooleanField(
        label="Active",
        required=False,
        initial=True,
        help_text="Untick to stop the person signing in. Their record and history stay.",
    )

    def __init__(self, *args, person: Person | None = None, **kwargs):
        self.person = person
        if person is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "full_name": person.full_name,
                "email": person.email,
                "job_title": person.job_title,
                "agency": person.agency_id,
                "line_manager_email": person.line_manager.email if person.line_manager else "",
                "phone": person.phone,
                "is_active": person.is_active,
            }
        super().__init__(*args, **kwargs)
        if person is not None:
            track_version(self, person)
        self.fields["email"].widget.attrs.update(autocomplete="email", spellcheck="false")
        self.fields["phone"].widget.attrs.update(autocomplete="tel")
        self.fields["phone"].widget.input_type = "tel"
        self.fields["full_name"].widget.attrs.update(autocomplete="name", spellcheck="false")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        clash = Person.objects.filter(email__iexact=email)
        if self.person is not None:
            clash = clash.exclude(pk=self.person.pk)
        if clash.exists():
            raise forms.ValidationError(f"Someone in the directory already uses {email}")
        return email

    def clean_line_manager_email(self):
        email = self.cleaned_data["line_manager_email"].strip().lower()
        if not email:
            return None
        manager = Person.objects.filter(email__iexact=email).first()
        if manager is None:
            raise forms.ValidationError(
                f"Nobody in the directory has the e-mail address {email}: add them first"
            )
        if self.person is not None and manager.pk == self.person.pk:
            raise forms.ValidationError("A person cannot be their own line manager")
        return manager

    # The service names the line manager; the form asks for their e-mail address.
    SERVICE_ALIASES = {"line_manager": "line_manager_email"}

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["line_manager"] = data.pop("line_manager_email")
        return data


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        choices=[("", "Choose a role"), *Role.choices],
        error_messages={"required": "Choose a role"},
    )
    board = forms.ModelChoiceField(
        queryset=Board.objects.all(),
        required=False,
        empty_label="Not for a board",
        help_text="For business-unit staff and board members",
    )
    area = forms.ModelChoiceField(
        label="Locality board (CPB)",
        queryset=Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("name"),
        required=False,
        empty_label="Not for a locality board",
        help_text="For locality board chairs and members",
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.only("id", "name"),
        required=False,
        empty_label="Not for an agency",
        help_text="For agency safeguarding leads; for a board member, the agency they represent",
    )

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the scopes the person may give roles for are offered (the service checks again),
        # and only the roles with at least one of them.
        scopes = grantable_scopes(acting_user)
        for field, queryset in scopes.items():
            self.fields[field].queryset = queryset
        empty = {field for field, queryset in scopes.items() if not queryset.exists()}
        may_admin = acting_user.has_perm("organisations.assign_administrator")
        self.fields["role"].choices = [
            (value, label)
            for value, label in self.fields["role"].choices
            if not value
            or (
                ROLE_SCOPES[Role(value)] not in empty and (value != Role.ADMINISTRATOR or may_admin)
            )
        ]


class ImportForm(forms.Form):
    KINDS = [("agencies", "Agencies"), ("people", "People")]

    kind = forms.ChoiceField(
        label="What the file holds",
        choices=KINDS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the file holds agencies or people"},
    )
    upload = UploadField(
        accepted=SPREADSHEETS,
        label="Upload a file",
        help_text="A CSV or Excel (.xlsx) file with the template's columns",
        error_messages={"required": "Choose a CSV or Excel file to upload"},
    )
