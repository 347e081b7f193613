"""Requests to agencies at county scale (issue 15): one Section 11-style questionnaire of 60
questions (10 standards of 4 scored and 2 written questions), sent in 4 cycles to every
agency: at 1x 150 agencies x 4 cycles = 600 returns, 36,000 answers and 24,000 moderated
scores.
At 10x the agencies are ten times as many, and so are the returns and answers.

Loaded, as the business unit: the latest cycle's compliance page (who answered, the spread by
standard), its triangulation and one agency's return.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time

BATCH = 5000
SEED = 20150320
CYCLES = [2013, 2015, 2017, 2019]
STANDARDS = 10
SCORED, WRITTEN = 4, 2


def _latest_request():
    from safeguarding.returns.models import Request

    request = (
        Request.objects.filter(title__startswith="Bench Section 11").order_by("-sent_on").first()
    )
    if request is None:
        raise LookupError("no benchmark request: was the data set generated?")
    return request


def _compliance() -> str:
    return f"/returns/requests/{_latest_request().pk}/"


def _triangulation() -> str:
    return f"/returns/requests/{_latest_request().pk}/triangulation/"


def _a_return() -> str:
    answered = _latest_request().returns.order_by("pk").first()
    return f"/returns/{answered.pk}/"


PAGES = [
    ("Returns: compliance of a cycle", _compliance, "unit"),
    ("Returns: triangulation of a cycle", _triangulation, "unit"),
    ("Returns: an agency's return", _a_return, "unit"),
]


def definition() -> dict:
    from safeguarding.returns.library import ZERO_TO_THREE

    sections = []
    for number in range(1, STANDARDS + 1):
        questions = [
            {
                "key": f"s{number}-score-{n}",
                "kind": "scale",
                "scale": ZERO_TO_THREE,
                "text": f"Standard {number}, measure {n}: how well is it met?",
                "required": True,
            }
            for n in range(1, SCORED + 1)
        ] + [
            {"key": f"s{number}-how-{n}", "kind": "text", "text": f"Standard {number}: how?"}
            for n in range(1, WRITTEN + 1)
        ]
        sections.append({"title": f"Standard {number}", "questions": questions})
    return {
        "name": "Bench Section 11",
        "kind": "section_11",
        "description": "Benchmark questionnaire",
        "sections": sections,
    }


def generate(scale: int) -> dict[str, int]:
    from django.db import transaction
    from django.utils import timezone

    from safeguarding.organisations.models import Agency, Board
    from safeguarding.returns.models import (
        Answer,
        ModeratedScore,
        Question,
        Request,
        Return,
        Template,
    )
    from safeguarding.returns.services import _write_version

    rng = random.Random(SEED)
    board = Board.objects.get(slug="children")
    agencies = list(Agency.objects.order_by("pk").values_list("pk", flat=True))
    counts = {"return requests": 0, "returns": 0, "answers": 0, "moderated scores": 0}
    with transaction.atomic():
        template = Template.objects.create(board=board, name="Bench Section 11", kind="section_11")
        version = _write_version(template, definition(), 1)
        questions = list(
            Question.objects.filter(section__version=version).values_list("pk", "kind")
        )
        for year in CYCLES:
            sent_on = date(year, 4, 1)
            request = Request.objects.create(
                board=board,
                version=version,
                title=f"Bench Section 11 {year}",
                sent_on=sent_on,
                deadline=date(year, 6, 30),
            )
            counts["return requests"] += 1
            signed_at = timezone.make_aware(datetime.combine(date(year, 6, 20), time(10)))
            Return.objects.bulk_create(
                [
                    Return(
                        request=request,
                        agency_id=agency,
                        template_version=version,
                        status="signed_off" if rng.random() < 0.9 else "draft",
                        moderation="moderated",
                        signed_off_at=signed_at,
                    )
                    for agency in agencies
                ],
                batch_size=BATCH,
            )
            returns = list(request.returns.values_list("pk", flat=True))
            counts["returns"] += len(returns)
            answers, moderated = [], []
            for return_id in returns:
                for question_id, kind in questions:
                    if kind == "scale":
                        score = rng.randint(0, 3)
                        answers.append(
                            Answer(
                                answered_return_id=return_id, question_id=question_id, score=score
                            )
                        )
                        moderated.append(
                            ModeratedScore(
                                moderated_return_id=return_id,
                                question_id=question_id,
                                score=max(0, score - rng.randint(0, 1)),
                                reason="Benchmark moderation",
                            )
                        )
                    else:
                        answers.append(
                            Answer(
                                answered_return_id=return_id,
                                question_id=question_id,
                                text="Benchmark answer text for this standard.",
                            )
                        )
                if len(answers) >= BATCH:
                    Answer.objects.bulk_create(answers, batch_size=BATCH)
                    ModeratedScore.objects.bulk_create(moderated, batch_size=BATCH)
                    counts["answers"] += len(answers)
                    counts["moderated scores"] += len(moderated)
                    answers, moderated = [], []
            Answer.objects.bulk_create(answers, batch_size=BATCH)
            ModeratedScore.objects.bulk_create(moderated, batch_size=BATCH)
            counts["answers"] += len(answers)
            counts["moderated scores"] += len(moderated)
    return counts
