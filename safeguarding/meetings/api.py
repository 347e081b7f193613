"""The meetings API, under /api/: meetings, agenda items, decisions and newsflashes.

Everything the meeting pages change, the API changes too, through the same services: a
meeting is scheduled, changed and cancelled, its agenda built and published, attendance,
declarations of interest and actions arising recorded, its minutes circulated and approved,
and its newsflash drafted, changed, approved and published. Papers are files, which the API
does not carry (as with action evidence).

Reads are scoped by the same selectors as the pages (a record outside the reader's scope is a
404); writes go through the same services, so rules and the audit trail are identical.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action as detail_action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from safeguarding.core.api_views import ScopedAPIMixin
from safeguarding.core.concurrency import IdempotentCreateMixin, version_from_request
from safeguarding.core.permissions import bu_board_ids
from safeguarding.organisations.models import Agency, Area, Board, Person

from . import services
from .models import ActionArising, AgendaItem, Attendance, Declaration, Meeting, Newsflash
from .selectors import (
    decisions_visible_to,
    items_visible_to,
    meetings_visible_to,
    member_groups,
    newsflashes_visible_to,
)


class MeetingSerializer(serializers.ModelSerializer):
    board = serializers.PrimaryKeyRelatedField(queryset=Board.objects.all())
    area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.filter(kind=Area.Kind.LOCALITY), required=False, allow_null=True
    )
    members = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Person.objects.filter(is_active=True)
    )
    groups = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        write_only=True,
        help_text=(
            "Members to add by group, by key: `standing` (the board's members for a board"
            " meeting, the CPB's chair and members for a CPB meeting), or a key listed by"
            " /api/meetings/member-groups/, such as `board:1`, `cpb:4` or `agency:12`"
        ),
    )
    repeat_weeks = serializers.IntegerField(
        min_value=1,
        max_value=52,
        required=False,
        allow_null=True,
        write_only=True,
        help_text="When scheduling: repeat every this many weeks, up to and including `until`",
    )
    until = serializers.DateField(
        required=False,
        allow_null=True,
        write_only=True,
        help_text="When scheduling a series: the last date it may fall on",
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "board",
            "kind",
            "title",
            "area",
            "date",
            "start_time",
            "end_time",
            "venue",
            "online_link",
            "members",
            "groups",
            "repeat_weeks",
            "until",
            "series",
            "agenda_published_at",
            "quorate",
            "minutes_state",
            "minutes_approved_at",
            "cancelled_at",
            "version",
        ]
        read_only_fields = [
            "series",
            "agenda_published_at",
            "quorate",
            "minutes_state",
            "minutes_approved_at",
            "cancelled_at",
            "version",
        ]


class MemberGroupSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    size = serializers.IntegerField(help_text="How many people the group holds")


class NewsflashSerializer(serializers.ModelSerializer):
    class Meta:
        model = Newsflash
        fields = [
            "id",
            "board",
            "meeting",
            "title",
            "body",
            "state",
            "approved_at",
            "published_at",
            "version",
        ]
        read_only_fields = [
            "board",
            "meeting",
            "state",
            "approved_at",
            "published_at",
            "version",
        ]


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the meeting is cancelled: every member is told")


class AttendanceRowSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(),
        error_messages={"does_not_exist": "Choose a member of this meeting"},
    )

    class Meta:
        model = Attendance
        fields = ["person", "status", "substitute"]


class MeetingAttendanceSerializer(serializers.Serializer):
    """Who came, and whether the meeting was quorate. Members left out keep their row."""

    attendance = AttendanceRowSerializer(many=True)
    quorate = serializers.BooleanField(
        allow_null=True, required=False, help_text="null: not recorded; left out: unchanged"
    )


class DeclarationSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(),
        error_messages={"does_not_exist": "Choose a member of this meeting"},
    )
    item = serializers.PrimaryKeyRelatedField(
        queryset=AgendaItem.objects.none(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": "Choose an item on this meeting's agenda"},
    )

    class Meta:
        model = Declaration
        fields = ["id", "person", "item", "interest"]


class ActionArisingSerializer(serializers.ModelSerializer):
    """An action arising from an item: it becomes an action in the meeting's action plan."""

    item = serializers.PrimaryKeyRelatedField(
        queryset=AgendaItem.objects.none(),
        error_messages={"does_not_exist": "Choose an item on this meeting's agenda"},
    )
    what = serializers.CharField(write_only=True)
    owner_agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.filter(is_active=True), write_only=True
    )
    owner_person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(),
        required=False,
        allow_null=True,
        write_only=True,
        error_messages={"does_not_exist": "Choose a member of this meeting"},
    )
    due_date = serializers.DateField(write_only=True)
    plan = serializers.IntegerField(source="action.plan_id", read_only=True)

    class Meta:
        model = ActionArising
        fields = [
            "id",
            "item",
            "action",
            "plan",
            "what",
            "owner_agency",
            "owner_person",
            "due_date",
        ]
        read_only_fields = ["action"]


class MeetingViewSet(
    ScopedAPIMixin, IdempotentCreateMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Meetings you may see. The business unit of the meeting's board schedules (POST), changes
    (PUT or PATCH, with `version` or If-Match) and cancels them, and runs them from agenda to
    approved minutes with the actions below."""

    serializer_class = MeetingSerializer

    def scope(self, user):
        return (
            meetings_visible_to(user)
            .prefetch_related("members")
            .order_by("-date", "-start_time", "-pk")
        )

    def perform_create(self, serializer):
        meeting = services.schedule_meeting(self.request.user, **serializer.validated_data)[0]
        serializer.instance = self.get_queryset().get(pk=meeting.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "board" in data and data.pop("board") != serializer.instance.board:
            raise serializers.ValidationError({"board": "A meeting cannot move to another board"})
        for name in ("repeat_weeks", "until"):
            if data.pop(name, None) is not None:
                raise serializers.ValidationError(
                    {name: "A series is made when its first meeting is scheduled"}
                )
        meeting = services.update_meeting(
            self.request.user,
            serializer.instance,
            members=data.pop("members", None),
            groups=data.pop("groups", ()),
            version=version_from_request(self.request),
            **data,
        )
        serializer.instance = self.get_queryset().get(pk=meeting.pk)

    def _step(self, service):
        """A step in the meeting's life that takes nothing but the meeting."""
        meeting = self.get_object()
        service(self.request.user, meeting)
        return self.reread(meeting)

    @extend_schema(responses=MemberGroupSerializer(many=True))
    @detail_action(detail=False, methods=["get"], url_path="member-groups")
    def member_groups(self, request, **kwargs):
        """The groups members can be added by (`groups` when scheduling or changing a
        meeting), with how many people each holds. For the business unit."""
        if not (request.user.is_superuser or bu_board_ids(request.user)):
            raise PermissionDenied("Only the business unit schedules meetings")
        boards_and_cpbs, agencies = member_groups()
        return Response(MemberGroupSerializer([*boards_and_cpbs, *agencies], many=True).data)

    @extend_schema(request=CancelSerializer, responses=MeetingSerializer)
    @detail_action(detail=True, methods=["post"])
    def cancel(self, request, pk=None, **kwargs):
        """Call the meeting off: each member is e-mailed why, with the calendar cancellation."""
        meeting = self.get_object()
        services.cancel_meeting(request.user, meeting, **self.body(CancelSerializer))
        return self.reread(meeting)

    @extend_schema(request=None, responses=MeetingSerializer)
    @detail_action(detail=True, methods=["post"], url_path="publish-agenda")
    def publish_agenda(self, request, pk=None, **kwargs):
        """E-mail the members the agenda, the papers and the calendar invitation."""
        return self._step(services.publish_agenda)

    @extend_schema(request=MeetingAttendanceSerializer, responses=MeetingAttendanceSerializer)
    @detail_action(detail=True, methods=["post"])
    def attendance(self, request, pk=None, **kwargs):
        meeting = self.get_object()
        body = MeetingAttendanceSerializer(data=request.data)
        body.fields["attendance"].child.fields["person"].queryset = meeting.members.all()
        body.is_valid(raise_exception=True)
        data = body.validated_data
        services.record_attendance(
            request.user,
            meeting,
            rows={
                row["person"]: (row["status"], row.get("substitute", ""))
                for row in data["attendance"]
            },
            quorate=data.get("quorate", meeting.quorate),
        )
        meeting.refresh_from_db()
        record = {"quorate": meeting.quorate, "attendance": meeting.attendance.all()}
        return Response(MeetingAttendanceSerializer(record).data)

    @extend_schema(request=DeclarationSerializer, responses={201: DeclarationSerializer})
    @detail_action(detail=True, methods=["post"])
    def declarations(self, request, pk=None, **kwargs):
        """Record a member's declaration of interest, for the meeting or one item."""
        meeting = self.get_object()
        data = self.body(
            DeclarationSerializer, person=meeting.members.all(), item=meeting.items.all()
        )
        declaration = services.add_declaration(request.user, meeting, **data)
        return Response(DeclarationSerializer(declaration).data, status=201)

    @extend_schema(request=ActionArisingSerializer, responses={201: ActionArisingSerializer})
    @detail_action(detail=True, methods=["post"])
    def actions(self, request, pk=None, **kwargs):
        """Record an action arising from an item, in the meeting's action plan."""
        meeting = self.get_object()
        data = dict(
            self.body(
                ActionArisingSerializer,
                item=meeting.items.all(),
                owner_person=meeting.members.all(),
            )
        )
        link = services.add_action_arising(request.user, data.pop("item"), **data)
        return Response(ActionArisingSerializer(link).data, status=201)

    @extend_schema(request=None, responses=MeetingSerializer)
    @detail_action(detail=True, methods=["post"], url_path="circulate-minutes")
    def circulate_minutes(self, request, pk=None, **kwargs):
        """Send the draft minutes to the members for comment."""
        return self._step(services.circulate_minutes)

    @extend_schema(request=None, responses=MeetingSerializer)
    @detail_action(detail=True, methods=["post"], url_path="approve-minutes")
    def approve_minutes(self, request, pk=None, **kwargs):
        """Approve the circulated minutes: from then on the meeting's record is locked."""
        return self._step(services.approve_minutes)

    @extend_schema(request=None, responses=NewsflashSerializer)
    @detail_action(detail=True, methods=["post"], url_path="draft-newsflash")
    def draft_newsflash(self, request, pk=None, **kwargs):
        """Draft the meeting's newsflash from its items marked for the summary (or draft it
        again, while it is still a draft); change it at /api/newsflashes/{id}/."""
        newsflash = services.draft_newsflash(request.user, self.get_object())
        return Response(NewsflashSerializer(newsflash).data)


class AgendaItemSerializer(serializers.ModelSerializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all())

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "order",
            "title",
            "purpose",
            "presenter",
            "minutes_allowed",
            "include_in_summary",
            "discussion",
            "decision",
            "version",
        ]
        read_only_fields = ["version"]
        # The minutes of the item: written here, read (once shared) from /api/decisions/.
        extra_kwargs = {"discussion": {"write_only": True}, "decision": {"write_only": True}}


class AgendaItemViewSet(
    ScopedAPIMixin,
    IdempotentCreateMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Agenda items of meetings you may see. The business unit adds them (POST), changes them
    and writes their minutes (PUT or PATCH, with `version` or If-Match) and takes them off the
    agenda (DELETE)."""

    serializer_class = AgendaItemSerializer

    def scope(self, user):
        return items_visible_to(user).order_by("meeting_id", "order", "pk")

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        # A meeting the writer cannot see is "not found", as on the pages.
        user = getattr(self.request, "user", None)
        if user is not None and "meeting" in getattr(serializer, "fields", {}):
            serializer.fields["meeting"].queryset = meetings_visible_to(user)
        return serializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        meeting = data.pop("meeting")
        # A meeting outside the writer's scope: the service refuses it (403).
        item = services.add_item(self.request.user, meeting, **data)
        serializer.instance = item

    def perform_update(self, serializer):
        self.update_through(
            serializer,
            services.update_item,
            fixed="meeting",
            message="An item cannot move to another meeting",
        )

    def perform_destroy(self, instance):
        services.remove_item(self.request.user, instance)


class DecisionSerializer(serializers.ModelSerializer):
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    meeting_date = serializers.DateField(source="meeting.date", read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "meeting", "meeting_title", "meeting_date", "title", "decision"]


class DecisionViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """What was agreed, item by item, from minutes the reader may see."""

    serializer_class = DecisionSerializer

    def scope(self, user):
        return decisions_visible_to(user).order_by("-meeting__date", "order", "pk")


class NewsflashViewSet(ScopedAPIMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Published newsflashes, and for the business unit their board's drafts. A meeting's
    newsflash is drafted with POST /api/meetings/{id}/draft-newsflash/; the business unit
    changes it (PUT or PATCH, with `version` or If-Match: a change after approval needs
    approving again), approves and publishes it."""

    serializer_class = NewsflashSerializer

    def scope(self, user):
        return newsflashes_visible_to(user).order_by("-published_at", "-pk")

    def perform_update(self, serializer):
        newsflash, data = serializer.instance, serializer.validated_data
        services.update_newsflash(
            self.request.user,
            newsflash,
            title=data.get("title", newsflash.title),
            body=data.get("body", newsflash.body),
            version=version_from_request(self.request),
        )
        serializer.instance = self.get_queryset().get(pk=newsflash.pk)

    def _step(self, service):
        newsflash = self.get_object()
        service(self.request.user, newsflash)
        return self.reread(newsflash)

    @extend_schema(request=None, responses=NewsflashSerializer)
    @detail_action(detail=True, methods=["post"])
    def approve(self, request, pk=None, **kwargs):
        return self._step(services.approve_newsflash)

    @extend_schema(request=None, responses=NewsflashSerializer)
    @detail_action(detail=True, methods=["post"])
    def publish(self, request, pk=None, **kwargs):
        """Publish the approved newsflash: its public page, feed and PDF, an e-mail to every
        subscriber and an item on the next agenda of each locality board."""
        return self._step(services.publish_newsflash)


def register(router) -> None:
    """Adds this app's viewsets to the project's router."""
    router.register("meetings", MeetingViewSet, basename="meeting")
    router.register("agenda-items", AgendaItemViewSet, basename="agendaitem")
    router.register("decisions", DecisionViewSet, basename="decision")
    router.register("newsflashes", NewsflashViewSet, basename="newsflash")
