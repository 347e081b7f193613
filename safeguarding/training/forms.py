"""Training forms: they collect and tidy input; the services decide and write."""

from __future__ import annotations

from django import forms

from safeguarding.core.concurrency import SubmitOnceForm
from safeguarding.core.forms import HubDateField
from safeguarding.organisations.models import Area, Person

from .models import COURSE_FIELDS, Course, Feedback
from .selectors import line_managers_for


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        agency = f" ({person.agency.name})" if person.agency_id else ""
        return f"{person.full_name}{agency}"


class ApplyForm(SubmitOnceForm):
    reason = forms.CharField(
        label="Why do you want to attend?",
        help_text="How the course will help you in your work",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why you want to attend"},
    )
    access_needs = forms.CharField(
        label="Accessibility needs (optional)",
        help_text="For example, a hearing loop, step-free access or large-print handouts",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    dietary_needs = forms.CharField(
        label="Dietary needs (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    line_manager = PersonChoiceField(
        label="Your line manager",
        help_text="They will be asked to approve your application. Leave empty if you have none;"
        " the training team will decide instead.",
        queryset=Person.objects.none(),
        required=False,
        empty_label="I have no line manager",
    )
    confirm = forms.BooleanField(
        label="I confirm the line manager above is correct",
        required=False,
    )

    def __init__(self, *args, applicant: Person, **kwargs):
        super().__init__(*args, **kwargs)
        people = line_managers_for(applicant)
        self.fields["line_manager"].queryset = people.select_related("agency").order_by("full_name")
        if applicant.line_manager_id and not self.is_bound:
            self.initial.setdefault("line_manager", applicant.line_manager_id)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("line_manager") and not cleaned.get("confirm"):
            self.add_error("confirm", "Confirm that the line manager is correct")
        return cleaned


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve"), ("decline", "Decline")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose approve or decline"},
    )
    note = forms.CharField(
        label="Note for the applicant",
        help_text="Needed when you decline: say why",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not cleaned.get("note", "").strip():
            self.add_error("note", "Enter the reason for declining, for the applicant")
        return cleaned


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Reason for cancelling (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["overall", "outcomes_met", "will_change_practice", "comments"]
        widgets = {
            "overall": forms.RadioSelect,
            "outcomes_met": forms.RadioSelect,
            "comments": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "overall": {"required": "Choose an overall rating from 1 to 5"},
            "outcomes_met": {"required": "Choose how well the outcomes were met, from 1 to 5"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("overall", "outcomes_met"):
            self.fields[name].choices = Feedback.RATINGS


TIME_FORMATS = ["%H:%M", "%H.%M", "%I:%M%p", "%I:%M %p", "%I%p", "%I %p", "%I.%M%p"]


class TimeOfDayField(forms.TimeField):
    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", TIME_FORMATS)
        kwargs.setdefault("help_text", "For example, 9:30 or 2pm")
        kwargs.setdefault(
            "widget", forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"})
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().lower().replace("am", "AM").replace("pm", "PM")
        return super().to_python(value)


class CourseForm(SubmitOnceForm, forms.ModelForm):
    class Meta:
        model = Course
        fields = [name for name in COURSE_FIELDS if name != "is_published"]
        widgets = {
            "audience": forms.Textarea(attrs={"rows": 2}),
            "learning_outcomes": forms.Textarea(attrs={"rows": 4}),
            "prerequisites": forms.Textarea(attrs={"rows": 2}),
            "level": forms.RadioSelect,
        }
        error_messages = {
            "title": {"required": "Enter the course title"},
            "topic": {"required": "Enter the topic"},
            "audience": {"required": "Enter who the course is for"},
            "level": {"required": "Choose the level"},
            "learning_outcomes": {"required": "Enter the learning outcomes"},
            "duration": {"required": "Enter how long the course lasts"},
        }


class SessionForm(SubmitOnceForm):
    date = HubDateField(label="Date", error_messages={"required": "Enter the date of the session"})
    start_time = TimeOfDayField(
        label="Start time",
        error_messages={
            "required": "Enter the start time",
            "invalid": "Enter the start time like 9:30 or 2pm",
        },
    )
    end_time = TimeOfDayField(
        label="End time",
        error_messages={
            "required": "Enter the end time",
            "invalid": "Enter the end time like 12:30 or 4pm",
        },
    )
    venue = forms.CharField(
        max_length=300, required=False, help_text="Leave empty for an online session"
    )
    online_link = forms.URLField(
        label="Online joining link",
        assume_scheme="https",
        max_length=500,
        required=False,
        error_messages={"invalid": "Enter the joining link as a full web address"},
    )
    area = forms.ModelChoiceField(
        label="District",
        queryset=Area.objects.filter(kind=Area.Kind.DISTRICT).order_by("name"),
        required=False,
        empty_label="Online, or not in one district",
    )
    trainer = forms.CharField(
        max_length=200,
        required=False,
        help_text="As the catalogue shows it. Leave empty to use the name of the trainer's "
        "hub account below",
    )
    trained_by = forms.CharField(
        label="Trainer's hub account (optional)",
        max_length=254,
        required=False,
        help_text="Their e-mail address or full name. They can then mark the register and "
        "print the sign-in sheet. Leave empty for an external trainer",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=1000,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the number of places",
            "min_value": "Enter the number of places, 1 or more",
        },
    )
    booking_closes = HubDateField(
        label="Booking closes",
        required=False,
        help_text="Leave empty for 3 working days before the session",
    )
    joining_instructions = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean_trained_by(self) -> Person | None:
        """Finds the account by e-mail address, or by full name when only one person has it."""
        text = " ".join(self.cleaned_data.get("trained_by", "").split())
        if not text:
            return None
        people = Person.objects.filter(is_active=True)
        if "@" in text:
            found = list(people.filter(email__iexact=text)[:2])
            if not found:
                raise forms.ValidationError(
                    f"Nobody in the hub has the e-mail address {text}: check it, or leave "
                    "empty for an external trainer"
                )
            return found[0]
        found = list(people.filter(full_name__iexact=text)[:2])
        if not found:
            raise forms.ValidationError(
                f"Nobody in the hub is called {text}: enter their e-mail address, or leave "
                "empty for an external trainer"
            )
        if len(found) > 1:
            raise forms.ValidationError(
                f"More than one person is called {text}: enter their e-mail address instead"
            )
        return found[0]

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("trainer")
            and not cleaned.get("trained_by")
            and not self.errors.get("trained_by")
        ):
            self.add_error("trainer", "Enter the trainer")
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "Enter an end time after the start time")
        if (
            not cleaned.get("venue")
            and not cleaned.get("online_link")
            and not self.errors.get("online_link")
        ):
            self.add_error("venue", "Enter the venue, or an online joining link")
        return cleaned


class ReportPeriodForm(forms.Form):
    date_from = HubDateField(
        label="Sessions from", required=False, help_text="For example, 1 4 2015"
    )
    date_to = HubDateField(label="Sessions to", required=False, help_text="For example, 31 3 2016")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "Enter a 'to' date the same as or after the 'from' date")
        return cleaned


class PublicationForm(forms.Form):
    """Confirms taking a course off the public pages, or putting it back."""

    publish = forms.ChoiceField(
        choices=[("yes", "Put back"), ("no", "Take off")], widget=forms.HiddenInput
    )


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label="Why is the session cancelled?",
        help_text="Everyone with an application is told this, and not charged",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the session is cancelled, for the applicants"},
    )
