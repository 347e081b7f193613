"""The demo county's requests to agencies (idempotent: a second run adds nothing).

- The CSE diagnostic's findings: its final report agreed by the board on 20 March 2015 and sent
  to the agencies to respond to its findings; most answered (and were moderated), some late,
  one still in moderation.
- The spring 2015 restructuring-and-cuts return: whether planned cuts will affect safeguarding.
- Two Section 11 cycles, 2013 and 2015, with self-assessed and moderated scores.
- The present, dated from the day the demo is loaded: this cycle's Section 11 self-assessment,
  sent ten days ago with the 2015 answers carried forward for the agencies to start from.

Records are written directly (as the other apps' demos do), through the same helpers the
services use for the questionnaires, so their shape is the services' own.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from safeguarding.core.workdays import add_working_days
from safeguarding.organisations.demo.loader import load_boards_and_areas
from safeguarding.organisations.models import Agency

from . import library
from .models import Answer, ChallengeEvent, ModeratedScore, Question, Request, Return, Template
from .selectors import structure
from .services import _carry_forward, _write_version

CSE_FINDINGS = [
    "There is no shared understanding across agencies of how many children are at risk of "
    "sexual exploitation.",
    "Strategy meetings for children at risk of exploitation are not always held, or not "
    "attended by every agency involved.",
    "Return interviews after a child goes missing are not consistently offered or recorded.",
    "Practitioners are not confident in using the CSE risk assessment tool.",
    "Information about perpetrators and hotspots is not shared routinely with the police.",
]
FALLBACK_AGENCIES = [
    ("Lancashire Constabulary", "police"),
    ("East Pennine Hospitals NHS Trust", "health"),
    ("Lancashire County Council Children's Services", "childrens_services"),
    ("Pendle Moor Academy", "education"),
    ("Lancashire Youth Offending Team", "youth_justice"),
    ("Red Rose Family Support", "voluntary"),
]
DEMO_AGENCY_COUNT = 12
IMPACTS = ["Will impact safeguarding", "May impact safeguarding", "Will not impact safeguarding"]


def _at(day: date, hour: int = 11):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _agencies(board) -> list[Agency]:
    agencies = list(
        Agency.objects.filter(
            boards=board, is_active=True, contribution_status="contributing"
        ).order_by("pk")[:DEMO_AGENCY_COUNT]
    )
    if agencies:
        return sorted(agencies, key=lambda agency: agency.name)
    made = []
    for name, sector in FALLBACK_AGENCIES:
        agency, _ = Agency.objects.get_or_create(
            name=name, defaults={"slug": name.lower().replace(" ", "-")[:50], "sector": sector}
        )
        agency.boards.add(board)
        made.append(agency)
    return made


def _template(board, definition):
    template = Template.objects.filter(board=board, name=definition["name"]).first()
    if template is None:
        template = Template.objects.create(
            board=board,
            name=definition["name"],
            kind=definition["kind"],
            description=definition["description"],
        )
        _write_version(template, definition, 1)
    return template.versions.order_by("-number").first()


def _request(board, version, title, sent_on, deadline, agencies, message="") -> list[Return]:
    request = Request.objects.create(
        board=board,
        version=version,
        title=title,
        sent_on=sent_on,
        deadline=deadline,
        message=message,
        created_at=_at(sent_on),
    )
    return [
        Return.objects.create(
            request=request, agency=agency, template_version=version, created_at=_at(sent_on)
        )
        for agency in agencies
    ]


def _questions(version) -> list[Question]:
    return [q for section in structure(version.pk) for q in section.questions.all()]


def _sign(answered: Return, day: date, moderation: str = "") -> None:
    Return.objects.filter(pk=answered.pk).update(
        status=Return.Status.SIGNED_OFF, signed_off_at=_at(day), moderation=moderation
    )


def _answer_findings(answered, questions, rng, day) -> None:
    rows = []
    for question in questions:
        fields = {}
        if question.kind == Question.Kind.TEXT:
            fields["text"] = rng.choice(
                [
                    "Agreed. We have briefed our managers and will report progress to the CPB.",
                    "Agreed in part: our own audit shows this is improving since January.",
                    "Agreed. A named lead now attends every strategy meeting.",
                ]
            )
        elif question.kind == Question.Kind.SCALE:
            fields["score"] = rng.choice([1, 2, 2, 3])
        elif question.kind == Question.Kind.IMPROVEMENT and rng.random() < 0.4:
            fields.update(
                text="Deliver refresher training on the CSE risk assessment tool",
                owner="Named safeguarding lead",
                due_date=day + timedelta(days=120),
            )
        if fields:
            rows.append(
                Answer(answered_return=answered, question=question, updated_at=_at(day), **fields)
            )
    Answer.objects.bulk_create(rows)


def _cse(board, agencies, rng) -> int:
    version = _template(board, library.findings("CSE diagnostic", CSE_FINDINGS))
    sent_on, deadline = date(2015, 3, 23), date(2015, 5, 1)
    returns = _request(
        board,
        version,
        "Respond to the findings of the CSE diagnostic",
        sent_on,
        deadline,
        agencies,
        message="The board agreed the final report of the CSE diagnostic on 20 March 2015. "
        "Please say how your agency responds to each finding.",
    )
    questions = _questions(version)
    late = {answered.pk for answered in returns[-3:]}  # the last three have not answered
    for index, answered in enumerate(returns):
        if answered.pk in late:
            if index == len(returns) - 1:
                continue  # not started
            _answer_findings(answered, questions[:3], rng, deadline)
            Return.objects.filter(pk=answered.pk).update(status=Return.Status.DRAFT)
            continue
        day = deadline - timedelta(days=rng.randint(1, 10))
        _answer_findings(answered, questions, rng, day)
        in_moderation = index == 0
        _sign(
            answered,
            day,
            Return.Moderation.IN_MODERATION if in_moderation else Return.Moderation.MODERATED,
        )
        if not in_moderation:
            _moderate(answered, questions, rng, day + timedelta(days=21))
    return len(returns)


def _restructuring(board, agencies, rng) -> int:
    version = _template(board, library.restructuring())
    sent_on, deadline = date(2015, 4, 7), date(2015, 5, 29)
    returns = _request(
        board,
        version,
        "Restructuring and cuts, spring 2015",
        sent_on,
        deadline,
        agencies,
        message="Please report your restructuring activity and whether any planned cuts will "
        "impact on safeguarding work.",
    )
    by_key = {q.key: q for q in _questions(version)}
    for index, answered in enumerate(returns):
        if index % 5 == 4:
            continue  # late: not answered
        cutting = index % 3 != 2
        impact = IMPACTS[index % 3] if cutting else IMPACTS[2]
        day = deadline - timedelta(days=rng.randint(0, 14))
        rows = [
            Answer(answered_return=answered, question=by_key["restructuring"], yes_no=cutting),
            Answer(answered_return=answered, question=by_key["impact"], choice=impact),
        ]
        if cutting:
            rows += [
                Answer(
                    answered_return=answered,
                    question=by_key["what-changes"],
                    text="Teams merged into locality hubs; two manager posts deleted.",
                ),
                Answer(
                    answered_return=answered,
                    question=by_key["budget-change"],
                    number=-rng.randint(5, 60) * 10000,
                ),
                Answer(
                    answered_return=answered,
                    question=by_key["takes-effect"],
                    date=date(2015, 10, 1),
                ),
            ]
        for row in rows:
            row.updated_at = _at(day)
        Answer.objects.bulk_create(rows)
        _sign(answered, day)
    return len(returns)


def _moderate(answered, questions, rng, day) -> None:
    own = {
        answer.question_id: answer.score
        for answer in Answer.objects.filter(answered_return=answered, score__isnull=False)
    }
    scores = []
    for question in questions:
        if question.kind != Question.Kind.SCALE or question.pk not in own:
            continue
        lower = own[question.pk] > 1 and rng.random() < 0.3
        scores.append(
            ModeratedScore(
                moderated_return=answered,
                question=question,
                score=own[question.pk] - 1 if lower else own[question.pk],
                reason="The evidence supplied did not show this across the agency"
                if lower
                else "Agreed: the evidence supports the agency's score",
                moderated_at=_at(day),
            )
        )
    ModeratedScore.objects.bulk_create(scores)


def _section_11(board, agencies, rng, title, sent_on, deadline, previous_scores) -> list[Return]:
    version = _template(board, library.section_11())
    returns = _request(board, version, title, sent_on, deadline, agencies)
    questions = _questions(version)
    for index, answered in enumerate(returns):
        day = deadline - timedelta(days=rng.randint(0, 20))
        rows = []
        for question in questions:
            if question.kind == Question.Kind.SCALE:
                base = previous_scores.get((answered.agency_id, question.key), rng.choice([1, 2]))
                score = min(3, base + (1 if rng.random() < 0.4 else 0))
                previous_scores[(answered.agency_id, question.key)] = score
                rows.append(Answer(answered_return=answered, question=question, score=score))
            elif question.kind == Question.Kind.TEXT:
                rows.append(
                    Answer(
                        answered_return=answered,
                        question=question,
                        text="A named senior lead reports to our board every quarter; policies "
                        "are reviewed yearly.",
                    )
                )
        for row in rows:
            row.updated_at = _at(day)
        Answer.objects.bulk_create(rows)
        _sign(answered, day, Return.Moderation.MODERATED)
        _moderate(answered, questions, rng, day + timedelta(days=30))
        if index == 0:
            ChallengeEvent.objects.create(
                challenged_return=answered,
                held_on=deadline + timedelta(days=45),
                outcome="The agency presented its self-assessment; the panel agreed the "
                "moderated scores and asked for a training plan.",
            )
    return returns


def _present(board, agencies, today) -> int:
    version = _template(board, library.section_11())
    sent_on = add_working_days(today, -10)
    returns = _request(
        board,
        version,
        f"Section 11 self-assessment {today.year}",
        sent_on,
        add_working_days(today, 30),
        agencies,
        message="Your 2015 answers are carried forward: check them, update what has changed "
        "and add your evidence.",
    )
    questions = _questions(version)
    for answered in returns:
        _carry_forward(answered, questions)
    return len(returns)


@transaction.atomic
def load_demo_returns() -> int:
    """Loads the demo requests; returns how many returns were added (0 when already loaded)."""
    boards = load_boards_and_areas()
    board = boards["children"]
    if Request.objects.filter(
        board=board, title__startswith="Respond to the findings of the CSE"
    ).exists():
        return 0
    agencies = _agencies(board)
    rng = random.Random(2015)
    added = _cse(board, agencies, rng) + _restructuring(board, agencies, rng)
    scores: dict = {}
    added += len(
        _section_11(
            board,
            agencies,
            rng,
            "Section 11 self-assessment 2013",
            date(2013, 4, 2),
            date(2013, 6, 28),
            scores,
        )
    )
    added += len(
        _section_11(
            board,
            agencies,
            rng,
            "Section 11 self-assessment 2015",
            date(2015, 4, 13),
            date(2015, 7, 31),
            scores,
        )
    )
    added += _present(board, agencies, timezone.localdate())
    return added
