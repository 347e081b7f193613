"""Case review forms: they collect and tidy input; the services decide and write."""

from __future__ import annotations

from django import forms

from safeguarding.core.concurrency import SubmitOnceForm, VersionField
from safeguarding.core.forms import HubDateField
from safeguarding.core.uploads import UploadField
from safeguarding.inspections.forms import NoNamesForm
from safeguarding.organisations.models import Agency, Area, Board, Person

from .models import Review, Stage, Theme
from .services import STAGE_FIELDS

TEXT = {"rows": 3}
NO_NAMES = "Never a child's or family member's name."


def _agencies():
    return Agency.objects.filter(is_active=True).only("id", "name").order_by("name")


def _localities():
    return Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("name")


# Every field a review's forms may show, by name, so the details form and each stage's form
# ask in the same words.
def _field(name: str) -> forms.Field:
    label = str(Review._meta.get_field(name).verbose_name)
    label = label[:1].upper() + label[1:]
    dates = {
        "learned_on",
        "notified_on",
        "rapid_review_on",
        "decided_on",
        "panel_view_on",
        "started_on",
        "draft_received_on",
        "signed_off_on",
        "publication_expected",
        "published_on",
        "embargo_until",
        "their_publication_expected",
    }
    if name in dates:
        return HubDateField(label=label, required=False)
    if name == "decision":
        return forms.ChoiceField(
            label=label, choices=[("", "Not decided yet"), *Review.Decision.choices], required=False
        )
    if name == "budget":
        return forms.DecimalField(
            label="Budget (£)", required=False, min_value=0, max_digits=9, decimal_places=2
        )
    if name == "report_url":
        return forms.URLField(label=label, required=False, assume_scheme="https")
    if name == "locality":
        return forms.ModelChoiceField(
            label="Locality board (CPB) area",
            queryset=_localities(),
            required=False,
            empty_label="County-wide or not known",
        )
    if name in ("reviewer", "lead_area", "pseudonym"):
        help_text = {
            "pseudonym": "The name chosen for publication, such as 'Child A'. " + NO_NAMES,
            "lead_area": "For example, Tameside",
        }.get(name, "")
        return forms.CharField(label=label, required=False, help_text=help_text)
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs=TEXT), help_text=NO_NAMES
    )


class NotificationForm(NoNamesForm, SubmitOnceForm):
    kind = forms.ChoiceField(
        label="Type of review",
        choices=Review.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of review"},
    )
    learned_on = HubDateField(
        label="Date the board learned of the incident",
        error_messages={"required": "Enter the date the board learned of the incident"},
    )
    notified_on = HubDateField(
        label="Date notified to the national panel and Ofsted",
        required=False,
        help_text="Within 5 working days of learning of the incident. Leave empty if not yet.",
    )
    locality = _field("locality")
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies involved",
        queryset=_agencies(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Up to three",
    )
    summary = forms.CharField(
        label="What happened", required=False, widget=forms.Textarea(attrs=TEXT), help_text=NO_NAMES
    )
    pseudonym = _field("pseudonym")
    led_elsewhere = forms.BooleanField(
        label="Another area leads this review; our agencies took part", required=False
    )
    lead_area = _field("lead_area")
    our_involvement = _field("our_involvement")
    their_publication_expected = _field("their_publication_expected")
    our_actions = _field("our_actions")

    def __init__(self, *args, board: Board | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if board is not None and board.kind == Board.Kind.ADULTS:
            self.fields["kind"].choices = [(Review.Kind.SAR, Review.Kind.SAR.label)]
        elif board is not None:
            self.fields["kind"].choices = [
                choice for choice in Review.Kind.choices if choice[0] != Review.Kind.SAR
            ]
        self.keep_confirmation_last()


class ReviewForm(NoNamesForm):
    """A review's details and the fields of the stages it has reached."""

    version = VersionField()

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        from .services import DETAIL_FIELDS

        for name in DETAIL_FIELDS:
            if not review.led_elsewhere and name in (
                "lead_area",
                "our_involvement",
                "their_publication_expected",
                "our_actions",
            ):
                continue
            self.fields[name] = _field(name)
            self.initial[name] = getattr(review, name)
        self.fields["agencies"] = forms.ModelMultipleChoiceField(
            label="Agencies involved",
            queryset=_agencies(),
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 8}),
        )
        self.fields["themes"] = forms.ModelMultipleChoiceField(
            label="Themes",
            queryset=Theme.objects.all(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="Up to three",
        )
        from safeguarding.training.models import Course

        self.fields["courses"] = forms.ModelMultipleChoiceField(
            label="Training courses that teach its learning",
            queryset=Course.objects.filter(board_id=review.board_id).only("id", "title"),
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 6}),
        )
        self.initial["courses"] = list(review.courses.all())
        self.initial["agencies"] = list(review.agencies.all())
        self.initial["themes"] = list(review.themes.all())
        self.initial["version"] = review.version
        self.keep_confirmation_last()

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("pseudonym", "summary", "lead_area", "reviewer", "report_url"):
            if name in data and data[name] is None:
                data[name] = ""
        return data


class StageForm(NoNamesForm):
    """The fields of the stage a review moves into."""

    def __init__(self, *args, review: Review, stage: str, **kwargs):
        super().__init__(*args, **kwargs)
        for name in STAGE_FIELDS.get(stage, []):
            self.fields[name] = _field(name)
            self.initial[name] = getattr(review, name)
        self.keep_confirmation_last()


class PanelForm(forms.Form):
    """The person by their work e-mail address: the directory holds thousands of people, too
    many to choose from a list."""

    email = forms.EmailField(
        label="Their work e-mail address",
        help_text="As it is in the directory",
        error_messages={
            "required": "Enter the work e-mail address of the person to add",
            "invalid": "Enter an e-mail address like name@agency.nhs.uk",
        },
    )
    role = forms.CharField(
        label="Role on the panel", required=False, help_text="For example, chair"
    )

    def clean(self):
        cleaned = super().clean()
        email = cleaned.pop("email", None)
        if email:
            person = Person.objects.filter(email__iexact=email, is_active=True).first()
            if person is None:
                self.add_error("email", "No one in the directory has this e-mail address")
            cleaned["person"] = person
        return cleaned


class ChronologyRequestForm(NoNamesForm):
    agency = forms.ModelChoiceField(
        label="Agency", queryset=_agencies(), error_messages={"required": "Choose the agency"}
    )
    due_on = HubDateField(label="Deadline", error_messages={"required": "Enter the deadline"})
    note = forms.CharField(
        label="What is asked for",
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        help_text=NO_NAMES,
    )


class ChronologyUploadForm(forms.Form):
    upload = UploadField(label="Chronology", error_messages={"required": "Choose the file"})


class RecommendationForm(NoNamesForm):
    text = forms.CharField(
        label="Recommendation",
        widget=forms.Textarea(attrs=TEXT),
        error_messages={"required": "Enter the recommendation"},
        help_text=NO_NAMES,
    )
    agency = forms.ModelChoiceField(
        label="Agency that will own the action",
        queryset=_agencies(),
        error_messages={"required": "Choose the agency that will own the action"},
    )
    due_date = HubDateField(
        label="Action due", error_messages={"required": "Enter the date the action is due"}
    )


class BriefForm(NoNamesForm):
    title = forms.CharField(label="Title", error_messages={"required": "Enter the brief's title"})
    body = forms.CharField(
        label="The brief",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Enter the brief"},
        help_text=NO_NAMES,
    )


class ThemeForm(forms.Form):
    name = forms.CharField(label="New theme", error_messages={"required": "Enter the theme"})


STAGE_TITLES = {
    Stage.RAPID_REVIEW: "Start the rapid review",
    Stage.DECISION: "Record the decision",
    Stage.COMMISSIONING: "Commission the review",
    Stage.IN_PROGRESS: "Start the review",
    Stage.DRAFT_REPORT: "Record the draft report",
    Stage.SIGN_OFF: "Record the panel's sign-off",
    Stage.PUBLICATION: "Plan the publication",
    Stage.LEARNING: "Record the publication and share the learning",
    Stage.CLOSED: "Close the review",
}


class ClocksForm(forms.Form):
    decision_working_days = forms.IntegerField(
        label="Working days to decide whether to hold a review",
        min_value=1,
        max_value=100,
        help_text="From the referral. Weekends and England bank holidays are not counted.",
        error_messages={"required": "Enter the number of working days"},
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )
    publication_months = forms.IntegerField(
        label="Months from the review starting to publication",
        min_value=1,
        max_value=36,
        error_messages={"required": "Enter the number of months"},
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )


class YearForm(forms.Form):
    year = forms.IntegerField(
        label="Year the report covers, from April",
        min_value=2000,
        max_value=2100,
        required=False,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )
