"""Meeting forms: they collect and tidy input; the services decide and write."""

from __future__ import annotations

from django import forms

from safeguarding.core.concurrency import SubmitOnceForm, VersionField, track_version
from safeguarding.core.forms import HubDateField
from safeguarding.core.uploads import UploadField
from safeguarding.organisations.models import Agency, Area, Board, Person, Role

from .models import AgendaItem, Attendance, Meeting
from .selectors import REPRESENTATIVE_ROLES, STANDING, member_groups

TIME_FORMATS = ["%H:%M", "%H.%M", "%I:%M%p", "%I:%M %p", "%I%p", "%I %p", "%I.%M%p"]


class HubTimeField(forms.TimeField):
    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", TIME_FORMATS)
        kwargs.setdefault("help_text", "For example, 10:00 or 2:30pm")
        kwargs.setdefault(
            "widget", forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"})
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().lower().replace("am", "AM").replace("pm", "PM")
        return super().to_python(value)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        agency = f" ({person.agency.name})" if person.agency_id else ""
        return f"{person.full_name}{agency}"


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        agency = f" ({person.agency.name})" if person.agency_id else ""
        return f"{person.full_name}{agency}"


def member_candidates(meeting: Meeting | None = None):
    """People of the partnership who may be invited one by one: the business unit, board and
    CPB members and agency leads, leaving out those already members."""
    roles = [Role.BUSINESS_UNIT, *REPRESENTATIVE_ROLES]
    people = Person.objects.filter(is_active=True, roles__role__in=roles)
    if meeting is not None:
        people = people.exclude(meetings=meeting)
    return people.distinct().select_related("agency").order_by("full_name", "pk")


def _group_choices(groups) -> list[tuple[str, str]]:
    return [
        (group.key, f"{group.label} ({group.size} {'person' if group.size == 1 else 'people'})")
        for group in groups
    ]


class MeetingForm(SubmitOnceForm):
    kind = forms.ChoiceField(
        label="Type of meeting",
        choices=Meeting.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of meeting"},
    )
    title = forms.CharField(
        max_length=200,
        error_messages={"required": "Enter the meeting's title"},
        help_text="For example, LSCB or Burnley and Pendle CPB",
    )
    area = forms.ModelChoiceField(
        label="Locality board (CPB)",
        queryset=Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("name"),
        required=False,
        help_text="Only for a locality board (CPB) meeting",
    )
    date = HubDateField(
        label="Date",
        error_messages={
            "required": "Enter the date of the meeting",
            "invalid": "Enter the date as a real date, like 20/03/2015",
        },
    )
    start_time = HubTimeField(
        label="Start time",
        error_messages={
            "required": "Enter the start time",
            "invalid": "Enter the start time like 10:00 or 2:30pm",
        },
    )
    end_time = HubTimeField(
        label="End time",
        required=False,
        error_messages={"invalid": "Enter the end time like 12:30 or 4pm"},
    )
    venue = forms.CharField(max_length=300, required=False)
    online_link = forms.URLField(
        assume_scheme="https",
        label="Online meeting link",
        max_length=500,
        required=False,
        error_messages={"invalid": "Enter the online meeting link as a full web address"},
    )
    members = PeopleChoiceField(
        label="Members",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="They receive the agenda, papers and minutes. Untick anyone who has left",
    )
    groups = forms.MultipleChoiceField(
        label="Add members by group",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "The standing membership is kept in the directory: the people with the board member"
            " role for a board, or the CPB chair or member role for a locality"
        ),
    )
    agencies = forms.MultipleChoiceField(
        label="Add an agency's representatives",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Its staff on a board or CPB, its safeguarding lead, and who sits for it",
    )
    add_people = PeopleChoiceField(
        label="Add people one by one",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    repeat_weeks = forms.IntegerField(
        label="Repeat every (weeks)",
        required=False,
        min_value=1,
        max_value=52,
        help_text="Optional. Leave empty for a single meeting",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={"invalid": "Enter the number of weeks as a whole number"},
    )
    until = HubDateField(
        label="Repeat until",
        required=False,
        error_messages={"invalid": "Enter the last date of the series as a real date"},
    )

    def __init__(self, *args, meeting: Meeting | None = None, **kwargs):
        if meeting is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": meeting.kind,
                "title": meeting.title,
                "area": meeting.area,
                "date": meeting.date,
                "start_time": meeting.start_time,
                "end_time": meeting.end_time,
                "venue": meeting.venue,
                "online_link": meeting.online_link,
                "members": list(meeting.members.all()),
            }
        super().__init__(*args, **kwargs)
        boards_and_cpbs, agencies = member_groups()
        standing = [
            (
                STANDING,
                "The standing membership: the board's members for a board meeting,"
                " the CPB's chair and members for a CPB meeting",
            )
        ]
        self.fields["groups"].choices = standing + _group_choices(boards_and_cpbs)
        self.fields["agencies"].choices = _group_choices(agencies)
        self.fields["add_people"].queryset = member_candidates(meeting)
        if meeting is None:
            del self.fields["members"]
            self.fields["groups"].initial = [STANDING]
        else:
            self.fields["members"].queryset = meeting.members.select_related("agency").order_by(
                "full_name", "pk"
            )
            track_version(self, meeting)
            del self.fields["repeat_weeks"]
            del self.fields["until"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("repeat_weeks") and not cleaned.get("until"):
            self.add_error("until", "Enter the date the series ends")
        # The service takes the people and the group keys; which box a key came from is the
        # form's business.
        cleaned["groups"] = [*cleaned.get("groups", []), *cleaned.pop("agencies", [])]
        added = list(cleaned.pop("add_people", []))
        if "members" in self.fields:
            cleaned["members"] = [*cleaned.get("members", []), *added]
        else:
            cleaned["members"] = added
        return cleaned


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        help_text="Every member is told this by e-mail",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the meeting is cancelled, for the members"},
    )


class ItemForm(SubmitOnceForm):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the item's title"})
    purpose = forms.ChoiceField(
        choices=AgendaItem.Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the item is for information, discussion or decision"
        },
    )
    presenter = forms.CharField(max_length=200, required=False)
    minutes_allowed = forms.IntegerField(
        label="Time allowed (minutes)",
        required=False,
        min_value=1,
        max_value=480,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={"invalid": "Enter the time allowed as a whole number of minutes"},
    )
    order = forms.IntegerField(
        label="Position on the agenda",
        required=False,
        min_value=0,
        max_value=999,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        help_text="Optional. New items go at the end",
    )
    include_in_summary = forms.BooleanField(
        label="Include in the newsflash",
        required=False,
        help_text="Tick items partners should hear about, usually those with a decision: their "
        "heading and what was agreed appear in the public summary",
    )
    discussion = forms.CharField(
        label="Discussion summary", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    decision = forms.CharField(
        label="What was agreed",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For example, 'The Board agreed a new Business Plan for 2015/16'",
    )

    def __init__(self, *args, item: AgendaItem | None = None, **kwargs):
        if item is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                name: getattr(item, name)
                for name in (
                    "title",
                    "purpose",
                    "presenter",
                    "minutes_allowed",
                    "order",
                    "include_in_summary",
                    "discussion",
                    "decision",
                )
            }
        super().__init__(*args, **kwargs)
        if item is not None:
            track_version(self, item)
        else:
            del self.fields["discussion"]
            del self.fields["decision"]


class PaperForm(forms.Form):
    file = UploadField(
        error_messages={"required": "Choose the paper's file"},
    )
    title = forms.CharField(
        max_length=200, required=False, help_text="Optional. The file name otherwise"
    )
    is_public = forms.BooleanField(
        label="Public paper",
        required=False,
        help_text="Leave unticked to restrict the paper to the meeting's members",
    )


class ActionArisingForm(SubmitOnceForm):
    item = forms.ModelChoiceField(
        label="Agenda item",
        queryset=AgendaItem.objects.none(),
        error_messages={"required": "Choose the agenda item the action arose from"},
    )
    what = forms.CharField(
        label="What will be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what will be done"},
    )
    owner_agency = forms.ModelChoiceField(
        label="Agency responsible",
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        error_messages={"required": "Choose the agency responsible"},
    )
    owner_person = PersonChoiceField(
        label="Person responsible",
        queryset=Person.objects.none(),
        required=False,
        help_text="Optional. A member of the meeting",
    )
    due_date = HubDateField(
        label="Due date",
        error_messages={
            "required": "Enter the due date",
            "invalid": "Enter the due date as a real date, like 30/06/2015",
        },
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.all()
        self.fields["owner_person"].queryset = meeting.members.select_related("agency")


class DeclarationForm(SubmitOnceForm):
    person = PersonChoiceField(
        label="Who declared it",
        queryset=Person.objects.none(),
        error_messages={"required": "Choose who declared the interest"},
    )
    item = forms.ModelChoiceField(
        label="Agenda item", queryset=AgendaItem.objects.none(), required=False
    )
    interest = forms.CharField(
        label="Interest declared",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the interest declared"},
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = meeting.members.select_related("agency")
        self.fields["item"].queryset = meeting.items.all()


QUORATE_CHOICES = [("yes", "Yes"), ("no", "No"), ("", "Not recorded")]


class AttendanceForm(forms.Form):
    quorate = forms.ChoiceField(
        label="Was the meeting quorate?",
        choices=QUORATE_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(meeting.members.select_related("agency"))
        current = {row.person_id: row for row in meeting.attendance.all()}
        if not self.is_bound:
            self.initial["quorate"] = {True: "yes", False: "no", None: ""}[meeting.quorate]
        for person in self.members:
            row = current.get(person.pk)
            self.fields[f"status_{person.pk}"] = forms.ChoiceField(
                label=f"{person.full_name}",
                choices=[("", "Choose")] + list(Attendance.Status.choices),
                initial=row.status if row else "",
                required=False,
            )
            self.fields[f"substitute_{person.pk}"] = forms.CharField(
                label=f"Substitute for {person.full_name}",
                max_length=200,
                required=False,
                initial=row.substitute if row else "",
            )

    def rows(self) -> dict:
        rows = {}
        for person in self.members:
            status = self.cleaned_data.get(f"status_{person.pk}")
            if status:
                rows[person] = (status, self.cleaned_data.get(f"substitute_{person.pk}", ""))
        return rows

    def quorate_value(self):
        return {"yes": True, "no": False}.get(self.cleaned_data.get("quorate") or "")


class NewsflashForm(forms.Form):
    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter the newsflash's title"}
    )
    body = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 20}),
        error_messages={"required": "Enter the newsflash's text"},
        help_text="Markdown: start a heading with ##, leave a blank line between paragraphs, "
        "write a link as [words](address)",
    )
    version = VersionField()


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Your e-mail address",
        error_messages={
            "required": "Enter your e-mail address",
            "invalid": "Enter an e-mail address in the right format, like name@example.org",
        },
    )
    board = forms.ModelChoiceField(
        label="Newsflash",
        queryset=Board.objects.all(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which board's newsflash you want"},
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search agendas, decisions, minutes and newsflashes", required=False, max_length=200
    )
