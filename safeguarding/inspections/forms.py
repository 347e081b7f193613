"""Inspection forms: they collect and tidy input; the services decide and write."""

from __future__ import annotations

from django import forms

from safeguarding.core.concurrency import SubmitOnceForm, VersionField
from safeguarding.core.forms import HubDateField
from safeguarding.organisations.models import Agency, Area, Person, Role

from .models import Case, CaseRecord, Engagement, Finding, Grade

GRADE_CHOICES = Grade.choices
TEXT = {"rows": 3}


WORKING_DAY = "A working day: not a weekend or a bank holiday"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        agency = f" ({person.agency.name})" if person.agency_id else ""
        return f"{person.full_name}{agency}"


class NoNamesForm(forms.Form):
    """A form with free text about an inspection. The service refuses a likely child's name with
    a date of birth, and a likely name alone unless this box is ticked (the audit trail records
    that it was)."""

    confirm_no_names = forms.BooleanField(
        label="I have checked: what looks like a name above is not a child's name",
        help_text="Tick this only if the hub asks you to",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.keep_confirmation_last()

    def keep_confirmation_last(self):
        """The box sits by the button, after the text it vouches for."""
        self.fields["confirm_no_names"] = self.fields.pop("confirm_no_names")


class GenerateForm(NoNamesForm):
    year = forms.IntegerField(
        label="Year the programme starts",
        help_text="The programme runs from April of this year to March of the next, e.g. 2015",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "Enter the year the programme starts, for example 2015"},
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )
    criteria = forms.CharField(
        label="Cases to submit",
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        help_text="For example: children at risk of sexual exploitation or missing from home",
    )


class InspectionForm(NoNamesForm, SubmitOnceForm):
    locality = forms.ModelChoiceField(
        label="Locality board (CPB) area",
        queryset=Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("name"),
        error_messages={"required": "Choose the locality to inspect"},
    )
    fieldwork_start = HubDateField(
        label="Fieldwork starts",
        help_text=WORKING_DAY,
        error_messages={"required": "Enter the date fieldwork starts"},
    )
    fieldwork_end = HubDateField(
        label="Fieldwork ends",
        help_text=WORKING_DAY,
        error_messages={"required": "Enter the date fieldwork ends"},
    )
    criteria = forms.CharField(
        label="Cases to submit", required=False, widget=forms.Textarea(attrs=TEXT)
    )
    override_reason = forms.CharField(
        label="Reason for visiting this locality again (if it has had its inspection this round)",
        required=False,
        widget=forms.Textarea(attrs=TEXT),
    )


class MoveForm(NoNamesForm):
    fieldwork_start = HubDateField(
        label="Fieldwork starts",
        help_text=WORKING_DAY,
        error_messages={"required": "Enter the date fieldwork starts"},
    )
    fieldwork_end = HubDateField(
        label="Fieldwork ends",
        help_text=WORKING_DAY,
        error_messages={"required": "Enter the date fieldwork ends"},
    )
    criteria = forms.CharField(
        label="Cases to submit", required=False, widget=forms.Textarea(attrs=TEXT)
    )
    version = VersionField()


class TeamForm(forms.Form):
    person = PersonChoiceField(
        label="Reviewer",
        queryset=Person.objects.none(),
        error_messages={"required": "Choose a reviewer"},
    )
    is_lead = forms.BooleanField(label="Lead reviewer", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.filter(is_active=True, roles__role=Role.INSPECTION_REVIEWER)
            .select_related("agency")
            .distinct()
            .order_by("full_name")
        )


class CaseForm(NoNamesForm, SubmitOnceForm):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), error_messages={"required": "Choose the agency"}
    )
    record_number = forms.CharField(
        label="Your agency's record number",
        max_length=60,
        help_text="Your own case or record number: never the child's name",
        error_messages={"required": "Enter your agency's record number for the case"},
    )
    reference = forms.CharField(
        label="Case reference, if another agency has submitted this child already",
        max_length=40,
        required=False,
        help_text="For example MASPI-2015-B-007. Leave empty for a new case",
    )
    notes = forms.CharField(
        label="Why the case meets the criteria",
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        help_text="Do not write the child's name or date of birth",
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()
        only = list(self.fields["agency"].queryset[:2])
        if len(only) == 1:  # an agency lead submits for their own agency
            self.fields["agency"].initial = only[0].pk


class SampleForm(forms.Form):
    size = forms.IntegerField(
        label="How many cases to sample",
        min_value=1,
        error_messages={"required": "Enter how many cases to sample"},
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )
    seed = forms.IntegerField(
        label="Seed (optional)",
        required=False,
        min_value=0,
        help_text="Leave empty for a new random sample; enter a recorded seed to draw it again",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-10"}),
    )


class AssignForm(forms.Form):
    record = forms.ModelChoiceField(
        label="Case record",
        queryset=CaseRecord.objects.none(),
        error_messages={"required": "Choose the case record"},
    )
    reviewer = PersonChoiceField(
        queryset=Person.objects.none(), error_messages={"required": "Choose the reviewer"}
    )

    def __init__(self, *args, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"].queryset = CaseRecord.objects.filter(
            inspection=inspection, case__in_sample=True
        ).select_related("case", "agency")
        self.fields["reviewer"].queryset = Person.objects.filter(
            inspection_teams__inspection=inspection
        ).select_related("agency")


class AuditForm(NoNamesForm):
    """The audit tool: one answer per question, a grade and reasons per theme and for the
    case, good practice and areas for improvement."""

    grade = forms.ChoiceField(
        label="Grade for the case", choices=GRADE_CHOICES, widget=forms.RadioSelect, required=False
    )
    grade_reason = forms.CharField(
        label="Reasons for the case's grade", required=False, widget=forms.Textarea(attrs=TEXT)
    )
    good_practice = forms.CharField(required=False, widget=forms.Textarea(attrs=TEXT))
    areas_for_improvement = forms.CharField(required=False, widget=forms.Textarea(attrs=TEXT))

    def __init__(self, *args, audit, **kwargs):
        self.themes = list(audit.inspection.template.themes.prefetch_related("questions"))
        answers = {a.question_id: a.text for a in audit.answers.all()}
        grades = {g.theme_id: g for g in audit.theme_grades.all()}
        initial = {
            "grade": audit.grade,
            "grade_reason": audit.grade_reason,
            "good_practice": audit.good_practice,
            "areas_for_improvement": audit.areas_for_improvement,
        }
        super().__init__(*args, initial=initial, **kwargs)
        for theme in self.themes:
            for question in theme.questions.all():
                self.fields[f"answer_{question.pk}"] = forms.CharField(
                    label=question.text,
                    required=False,
                    widget=forms.Textarea(attrs=TEXT),
                    initial=answers.get(question.pk, ""),
                )
            entry = grades.get(theme.pk)
            self.fields[f"theme_{theme.pk}"] = forms.ChoiceField(
                label=f"Grade for {theme.title.lower()}",
                choices=GRADE_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                initial=entry.grade if entry else "",
            )
            self.fields[f"reason_{theme.pk}"] = forms.CharField(
                label=f"Reasons for the grade: {theme.title}",
                required=False,
                widget=forms.Textarea(attrs=TEXT),
                initial=entry.reason if entry else "",
            )

    def sections(self):
        for theme in self.themes:
            fields = [self[f"answer_{q.pk}"] for q in theme.questions.all()]
            fields += [self[f"theme_{theme.pk}"], self[f"reason_{theme.pk}"]]
            yield theme, fields

    def overall(self):
        return [
            self[name]
            for name in (
                "grade",
                "grade_reason",
                "good_practice",
                "areas_for_improvement",
                "confirm_no_names",
            )
        ]

    def service_data(self) -> dict:
        data = self.cleaned_data
        answers, theme_grades = {}, {}
        for theme in self.themes:
            for question in theme.questions.all():
                answers[question.pk] = data.get(f"answer_{question.pk}", "")
            theme_grades[theme.pk] = (
                data.get(f"theme_{theme.pk}", ""),
                data.get(f"reason_{theme.pk}", ""),
            )
        return {
            "answers": answers,
            "theme_grades": theme_grades,
            "grade": data.get("grade", ""),
            "grade_reason": data.get("grade_reason", ""),
            "good_practice": data.get("good_practice", ""),
            "areas_for_improvement": data.get("areas_for_improvement", ""),
            "confirm_no_names": data.get("confirm_no_names", False),
        }


def _reviewers(grade: str, reason: str) -> str:
    label = dict(GRADE_CHOICES).get(grade) or "not graded"
    return f"The reviewer's grade: {label}." + (f" Their reasons: {reason}" if reason else "")


class ModerateForm(NoNamesForm):
    final_grade = forms.ChoiceField(
        label="Agreed grade for the case",
        choices=GRADE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the agreed grade for the case"},
    )
    note = forms.CharField(
        label="Moderation note",
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        help_text="Needed when the agreed grade differs from the reviewer's",
    )

    def __init__(self, *args, audit, **kwargs):
        self.grades = list(audit.theme_grades.select_related("theme"))
        super().__init__(*args, initial={"final_grade": audit.final_grade or audit.grade}, **kwargs)
        # The moderator agrees grades against the reviewer's, so each field shows them.
        self.fields["final_grade"].help_text = _reviewers(audit.grade, audit.grade_reason)
        for entry in self.grades:
            self.fields[f"final_{entry.theme_id}"] = forms.ChoiceField(
                label=f"Agreed grade for {entry.theme.title.lower()}",
                choices=GRADE_CHOICES,
                initial=entry.final_grade or entry.grade,
                help_text=_reviewers(entry.grade, entry.reason),
            )
        self.keep_confirmation_last()

    def theme_finals(self) -> dict[int, str]:
        return {e.theme_id: self.cleaned_data.get(f"final_{e.theme_id}", "") for e in self.grades}


class EngagementForm(NoNamesForm, SubmitOnceForm):
    kind = forms.ChoiceField(
        label="What was it",
        choices=Engagement.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose interview or work shadowing"},
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), error_messages={"required": "Choose the agency"}
    )
    practitioner_role = forms.CharField(
        label="Practitioner's role",
        max_length=200,
        help_text="Their job, for example 'Social worker' (not their name)",
        error_messages={"required": "Enter the practitioner's role"},
    )
    date = HubDateField(error_messages={"required": "Enter the date"})
    case = forms.ModelChoiceField(
        label="Case (optional)", queryset=Case.objects.none(), required=False
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    observations = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="No child's name",
        error_messages={"required": "Enter what was observed or said"},
    )

    def __init__(self, *args, inspection, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["case"].queryset = inspection.cases.filter(in_sample=True)
        self.fields["themes"].queryset = inspection.template.themes.all()


class FindingForm(NoNamesForm, SubmitOnceForm):
    kind = forms.ChoiceField(
        label="Kind of finding",
        choices=Finding.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose good practice or area for improvement"},
    )
    text = forms.CharField(
        label="Finding",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the finding"},
    )
    agency = forms.ModelChoiceField(
        label="Agency (the owner of the action, for an area for improvement)",
        queryset=Agency.objects.none(),
        required=False,
    )
    theme = forms.ModelChoiceField(queryset=None, required=False)
    due_date = HubDateField(label="Action due by (optional)", required=False)

    def __init__(self, *args, inspection, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["theme"].queryset = inspection.template.themes.all()


class PublishForm(NoNamesForm):
    summary = forms.CharField(
        label="Summary of the findings",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the report's summary"},
    )
    board_received_on = HubDateField(label="Date the board received the report", required=False)
    plan_end = HubDateField(
        label="Action plan ends",
        help_text="Reviewers keep sight of the inspection until then",
        error_messages={"required": "Enter the date the action plan ends"},
    )


class TemplateForm(forms.Form):
    text = forms.CharField(
        label="Themes and questions",
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text="One theme per line starting '## ', then its questions, one per line",
        error_messages={"required": "Enter at least one theme and its questions"},
    )


class CancelForm(NoNamesForm):
    reason = forms.CharField(
        label="Why is the inspection cancelled?",
        widget=forms.Textarea(attrs=TEXT),
        error_messages={"required": "Say why the inspection is cancelled"},
    )
