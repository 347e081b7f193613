"""Forms for requests and returns: they collect and tidy input; the services decide and write.

A section's form remembers the answers as they were when it was shown (`loaded`), and only
the fields the person changed are saved: a colleague's answer to another question, or to
another part of the same question, saved meanwhile, is kept."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from django import forms

from safeguarding.core.concurrency import SubmitOnceForm
from safeguarding.core.forms import HubDateField
from safeguarding.core.uploads import UploadField
from safeguarding.organisations.models import Agency, Area, Person, Role

from . import library
from .models import Answer, Question, Template

YES_NO = [("yes", "Yes"), ("no", "No")]


def _plain(value) -> str:
    """One spelling of a value, for comparing what was loaded with what was sent."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _initial(question: Question, answer: Answer | None) -> dict[str, object]:
    """The form's fields for a question, named q<pk> (and _owner, _due_date), from an answer."""
    name = f"q{question.pk}"
    if answer is None:
        return {}
    kind = question.kind
    if kind == Question.Kind.YES_NO:
        return {name: _plain(answer.yes_no)}
    if kind == Question.Kind.CHOICE:
        return {name: answer.choice}
    if kind == Question.Kind.NUMBER:
        return {name: answer.number}
    if kind == Question.Kind.DATE:
        return {name: answer.date}
    if kind == Question.Kind.SCALE:
        return {name: _plain(answer.score)}
    values = {name: answer.text}
    if kind == Question.Kind.IMPROVEMENT:
        values[f"{name}_owner"] = answer.owner
        values[f"{name}_due_date"] = answer.due_date
    return values


def _scale_choices(question: Question) -> list[tuple[str, str]]:
    return [
        (str(score), f"{score}: {label}. {descriptor}")
        for score, label, descriptor in question.scale
    ]


class SectionForm(forms.Form):
    loaded = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm_no_names = forms.BooleanField(
        label="These answers name no child",
        required=False,
        help_text="Returns never hold a child's name. Tick this if the hub thought a word was a "
        "name and it is not.",
    )

    def __init__(self, *args, questions: list[Question], answers: dict[int, Answer], **kwargs):
        self.questions = questions
        initial = {}
        for question in questions:
            initial.update(_initial(question, answers.get(question.pk)))
        initial["loaded"] = json.dumps({key: _plain(value) for key, value in initial.items()})
        super().__init__(*args, initial=initial, **kwargs)
        fields = {}
        for question in questions:
            fields.update(self._fields_for(question))
        self.fields = {**fields, **self.fields}

    def _fields_for(self, question: Question) -> dict[str, forms.Field]:
        name = f"q{question.pk}"
        label = question.text
        common = {"label": label, "required": False, "help_text": question.help_text}
        kind = question.kind
        if kind == Question.Kind.YES_NO:
            return {name: forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)}
        if kind == Question.Kind.CHOICE:
            choices = [(option, option) for option in question.options]
            return {name: forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)}
        if kind == Question.Kind.NUMBER:
            return {
                name: forms.DecimalField(
                    max_digits=14,
                    decimal_places=2,
                    error_messages={"invalid": "Enter a number, like 25000 or -1500.50"},
                    **common,
                )
            }
        if kind == Question.Kind.DATE:
            return {name: HubDateField(**common)}
        if kind == Question.Kind.SCALE:
            choices = _scale_choices(question)
            return {name: forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)}
        if kind == Question.Kind.EVIDENCE:
            common["help_text"] = (
                question.help_text
                or "Describe the evidence here; add files and links with 'Add evidence' below"
            )
        fields = {name: forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **common)}
        if kind == Question.Kind.IMPROVEMENT:
            fields[f"{name}_owner"] = forms.CharField(
                label="Who will make the improvement", max_length=200, required=False
            )
            fields[f"{name}_due_date"] = HubDateField(label="By when", required=False)
        return fields

    def clean_loaded(self):
        try:
            loaded = json.loads(self.cleaned_data.get("loaded") or "{}")
        except ValueError:
            loaded = {}
        return loaded if isinstance(loaded, dict) else {}

    def answers(self) -> dict[int, dict]:
        """The changed fields, by question id, as the service takes them."""
        loaded = self.cleaned_data.get("loaded", {})
        result: dict[int, dict] = {}
        for question in self.questions:
            name = f"q{question.pk}"
            parts = {name: _target(question)}
            if question.kind == Question.Kind.IMPROVEMENT:
                parts[f"{name}_owner"] = "owner"
                parts[f"{name}_due_date"] = "due_date"
            for field, target in parts.items():
                value = self.cleaned_data.get(field)
                if _plain(value) == loaded.get(field, ""):
                    continue
                if question.kind == Question.Kind.YES_NO:
                    value = {"yes": True, "no": False}.get(value)
                result.setdefault(question.pk, {})[target] = value
        return result


def _target(question: Question) -> str:
    return {
        Question.Kind.YES_NO: "yes_no",
        Question.Kind.CHOICE: "choice",
        Question.Kind.NUMBER: "number",
        Question.Kind.DATE: "date",
        Question.Kind.SCALE: "score",
    }.get(question.kind, "text")


class RequestForm(SubmitOnceForm):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the title"})
    template = forms.ChoiceField(
        label="Questionnaire",
        widget=forms.RadioSelect,
        help_text="The latest version is sent; returns keep the version they were sent on",
        error_messages={"required": "Choose a questionnaire"},
    )
    message = forms.CharField(
        label="Message to the agencies",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    deadline = HubDateField(error_messages={"required": "Enter the deadline"})
    report = UploadField(
        label="Report to attach (optional)",
        required=False,
        help_text="For example the diagnostic report whose findings agencies answer",
    )
    moderators = forms.ModelMultipleChoiceField(
        label="Moderation panel (optional)",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Board members who moderate with the business unit",
    )
    everyone = forms.BooleanField(label="Every active agency of the board", required=False)
    sectors = forms.MultipleChoiceField(
        label="Or agencies of these sectors",
        choices=Agency.Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    districts = forms.ModelMultipleChoiceField(
        label="Or agencies serving these districts",
        queryset=Area.objects.filter(kind=Area.Kind.DISTRICT).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Or these agencies",
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        # The board's questionnaires, and the ready-made ones it has not used yet (made when
        # the first request on one is sent, never by showing this form).
        made = list(Template.objects.filter(board=board).order_by("name"))
        names = {template.name for template in made}
        self.fields["template"].choices = [(str(t.pk), t.name) for t in made] + [
            (f"ready:{definition['kind']}", definition["name"])
            for definition in library.library()
            if definition["name"] not in names
        ]
        self.fields["moderators"].queryset = (
            Person.objects.filter(
                is_active=True,
                roles__board=board,
                roles__role__in=[Role.BUSINESS_UNIT, Role.BOARD_MEMBER],
            )
            .distinct()
            .order_by("full_name")
        )
        self.fields["agencies"].queryset = Agency.objects.filter(
            boards=board, is_active=True
        ).order_by("name")

    def clean(self):
        data = super().clean()
        if not (
            data.get("everyone")
            or data.get("sectors")
            or data.get("districts")
            or data.get("agencies")
        ):
            self.add_error("agencies", "Choose the agencies: all, by sector, district or by name")
        return data

    def chosen_agencies(self) -> list[Agency]:
        data = self.cleaned_data
        pool = Agency.objects.filter(boards=self.board, is_active=True)
        if data.get("everyone"):
            return list(pool)
        chosen = set(data.get("agencies") or [])
        if data.get("sectors"):
            chosen |= set(pool.filter(sector__in=data["sectors"]))
        if data.get("districts"):
            chosen |= set(pool.filter(districts__in=data["districts"]).distinct())
        return sorted(chosen, key=lambda agency: agency.name)


class FindingsTemplateForm(forms.Form):
    report_title = forms.CharField(
        label="The report's title", max_length=150, error_messages={"required": "Enter the title"}
    )
    findings = forms.CharField(
        label="Its findings, one a line",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the findings, one a line"},
    )


class InviteForm(forms.Form):
    person = forms.ModelChoiceField(
        label="Colleague",
        queryset=None,
        error_messages={"required": "Choose the colleague to invite"},
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = colleagues


class EvidenceForm(forms.Form):
    file = UploadField(required=False)
    link = forms.URLField(label="Or a link", required=False, assume_scheme="https", max_length=1000)
    description = forms.CharField(max_length=500, required=False)
    question = forms.TypedChoiceField(
        label="Evidence for", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [("", "The whole return")] + [
            (question.pk, str(question)) for question in questions
        ]

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("link") and not self.errors:
            self.add_error("file", "Choose a file, or give a link")
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why the return is being reopened",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the return is being reopened"},
    )


class ModerateForm(forms.Form):
    complete = forms.BooleanField(label="Moderation of this return is finished", required=False)
    confirm_no_names = forms.BooleanField(label="These reasons name no child", required=False)

    def __init__(self, *args, questions: list[Question], moderated: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        fields = {}
        for question in questions:
            current = moderated.get(question.pk)
            fields[f"q{question.pk}"] = forms.ChoiceField(
                label=f"{question.section.title}: moderated score",
                choices=[("", "Not moderated")] + _scale_choices(question),
                required=False,
                initial=str(current.score) if current else "",
            )
            fields[f"q{question.pk}_reason"] = forms.CharField(
                label="Reason",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=current.reason if current else "",
            )
        self.fields = {**fields, **self.fields}

    def scores(self) -> dict[int, tuple[int, str]]:
        result = {}
        for question in self.questions:
            score = self.cleaned_data.get(f"q{question.pk}")
            if score not in (None, ""):
                result[question.pk] = (int(score), self.cleaned_data.get(f"q{question.pk}_reason"))
        return result


class AskEvidenceForm(forms.Form):
    note = forms.CharField(
        label="What evidence the agency should add",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what evidence the agency should add"},
    )
    deadline = HubDateField(error_messages={"required": "Enter the deadline for the evidence"})


class ChallengeEventForm(forms.Form):
    held_on = HubDateField(
        label="Date of the challenge event",
        error_messages={"required": "Enter the date of the challenge event"},
    )
    outcome = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the outcome"},
    )


class TemplateForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the name"})
    kind = forms.ChoiceField(
        label="Kind of questionnaire",
        choices=Template.Kind.choices,
        initial=Template.Kind.OTHER,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    questions = forms.CharField(
        label="Sections and questions",
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "true"}),
        help_text="A line '## Title' starts a section. Each question is its type, a colon and "
        "its words, a * after the type if it must be answered: 'text: How do you know?', "
        "'0-3*: How well is it met?', 'rag: Where are you now?', 'yes/no: Is there a policy?', "
        "'choice (Yes; No; Partly): Is it shared?', 'number:', 'date:', 'evidence:' and "
        "'improvement:' (with owner and deadline)",
        error_messages={"required": "Write the sections and questions"},
    )


class VersionForm(forms.Form):
    questions = TemplateForm.base_fields["questions"]
    note = forms.CharField(
        label="What changed in this version",
        max_length=300,
        error_messages={"required": "Say what changed in this version"},
    )
