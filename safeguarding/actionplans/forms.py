"""Action-plan forms: they collect and tidy input; the services decide and write."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from safeguarding.core.concurrency import SubmitOnceForm, track_version
from safeguarding.core.forms import HubDateField
from safeguarding.core.uploads import SPREADSHEETS, UploadField
from safeguarding.core.workdays import add_working_days
from safeguarding.organisations.models import Agency, Area, Person

from .models import ActionPlan, Status
from .selectors import challenge_addressees

# A challenge's reply-by date unless the chair sets another: two working weeks.
REPLY_DAYS = 10


def _localities():
    return Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("name")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        agency = f" ({person.agency.name})" if person.agency_id else ""
        return f"{person.full_name}{agency}"


class PlanForm(SubmitOnceForm):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the plan's title"})
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    origin_kind = forms.ChoiceField(
        label="Where the plan came from",
        choices=ActionPlan.Origin.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the plan came from"},
    )
    origin_reference = forms.CharField(
        label="Reference",
        max_length=200,
        required=False,
        help_text="The inspection, review or meeting it came from, for example 'MASPI Burnley'",
    )
    period_start = HubDateField(label="Start date", required=False)
    period_end = HubDateField(label="End date", required=False)
    shared_with = forms.ModelMultipleChoiceField(
        label="Locality boards (CPBs) monitoring the plan",
        queryset=_localities(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, plan: ActionPlan | None = None, **kwargs):
        if plan is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": plan.title,
                "purpose": plan.purpose,
                "origin_kind": plan.origin_kind,
                "origin_reference": plan.origin_reference,
                "period_start": plan.period_start,
                "period_end": plan.period_end,
                "shared_with": list(plan.shared_with.all()),
            }
        super().__init__(*args, **kwargs)
        if plan is not None:
            track_version(self, plan)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "Enter an end date the same as or after the start date")
        return cleaned


class ActionForm(SubmitOnceForm):
    what = forms.CharField(
        label="What will be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what will be done"},
    )
    outcome = forms.CharField(
        label="Outcome sought", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    owner_agency = forms.ModelChoiceField(
        label="Agency responsible",
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        error_messages={"required": "Choose the agency responsible"},
    )
    owner_person = PersonChoiceField(
        label="Person responsible",
        queryset=Person.objects.filter(is_active=True).select_related("agency"),
        required=False,
        help_text="Optional. They are reminded before the due date",
    )
    localities = forms.ModelMultipleChoiceField(
        label="Localities it applies to",
        queryset=_localities(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for a county-wide action",
    )
    due_date = HubDateField(
        label="Due date",
        error_messages={
            "required": "Enter the due date",
            "invalid": "Enter the due date as a real date, like 30/06/2015",
        },
    )
    measure_of_success = forms.CharField(
        label="Measure of success", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, action=None, **kwargs):
        if action is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "what": action.what,
                "outcome": action.outcome,
                "owner_agency": action.owner_agency,
                "owner_person": action.owner_person,
                "localities": list(action.localities.all()),
                "due_date": action.due_date,
                "measure_of_success": action.measure_of_success,
            }
        super().__init__(*args, **kwargs)
        if action is not None:
            track_version(self, action)


class UpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the action's status"},
    )
    narrative = forms.CharField(
        label="Progress and reasons",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Describe the progress made, or why there is none"},
    )
    file = UploadField(
        label="Evidence file (optional)",
        required=False,
    )
    link = forms.URLField(
        label="Link to evidence (optional)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://www.example.org/report"},
    )
    evidence_description = forms.CharField(
        label="Describe the evidence (optional)", max_length=500, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    accepted = forms.TypedChoiceField(
        choices=[("yes", "Accept"), ("no", "Do not accept")],
        coerce=lambda value: value == "yes",
    )
    note = forms.CharField(required=False)


class ChallengeForm(SubmitOnceForm):
    question = forms.CharField(
        label="Your question or challenge",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the question you are asking"},
    )
    addressed_to_agency = forms.ModelChoiceField(
        label="Agency asked to respond",
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        error_messages={"required": "Choose the agency asked to respond"},
    )
    addressed_to_person = PersonChoiceField(
        label="Person asked to respond (optional)",
        queryset=Person.objects.none(),
        required=False,
        help_text="The action's owner, a safeguarding lead of the owner agency or the board's "
        "business unit. Leave it empty to ask the safeguarding leads of the agency you chose",
    )
    locality = forms.ModelChoiceField(
        label="Raised for the locality board",
        queryset=_localities(),
        required=False,
        empty_label="No particular locality",
    )
    respond_by = HubDateField(
        label="Reply by",
        help_text="Ten working days from today unless you change it",
        error_messages={
            "required": "Enter the date to reply by",
            "invalid": "Enter the reply-by date as a real date, like 30/06/2015",
        },
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressed_to_person"].queryset = challenge_addressees(action)
        self.fields["respond_by"].initial = add_working_days(timezone.localdate(), REPLY_DAYS)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Your answer",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter your answer to the challenge"},
    )


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label="Outcome",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the locality board concluded",
        error_messages={"required": "Enter the outcome of the challenge"},
    )


class BulkStatusForm(forms.Form):
    actions = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one action"},
    )
    status = forms.ChoiceField(
        label="New status",
        choices=Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the new status"},
    )
    narrative = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for the change"},
    )

    def __init__(self, *args, actions_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = actions_queryset


class ImportForm(forms.Form):
    upload = UploadField(
        accepted=SPREADSHEETS,
        label="Upload a file",
        help_text="A CSV (.csv) or Excel (.xlsx) file with one action per row, in the "
        "template's columns",
        error_messages={"required": "Choose a CSV or Excel file to upload"},
    )
