"""Two colleagues saving the same return at once never lose each other's answers; sign-off
racing a save either takes the save with it or refuses it."""

import pytest

from safeguarding.core.testing.races import race
from safeguarding.returns import services
from safeguarding.returns.models import Answer, Return

from .conftest import by_key


def test_saving_one_question_keeps_a_colleagues_other_answer(
    police_lead, police_colleague, police_return
):
    services.invite_colleague(police_lead, police_return, police_colleague)
    questions = by_key(police_return)
    services.save_answers(
        police_lead, police_return, {questions["training-score"].pk: {"score": 3}}
    )
    services.save_answers(
        police_colleague, police_return, {questions["training-how"].pk: {"text": "E-learning"}}
    )
    answers = {a.question.key: a for a in police_return.answers.select_related("question")}
    assert answers["training-score"].score == 3
    assert answers["training-how"].text == "E-learning"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_colleagues_saving_at_once_both_keep_their_answers(
    police_lead, police_colleague, police_return
):
    services.invite_colleague(police_lead, police_return, police_colleague)
    questions = by_key(police_return)
    improve = questions["training-improve"]
    outcomes = race(
        lambda: services.save_answers(
            police_lead,
            police_return,
            {questions["training-score"].pk: {"score": 2}, improve.pk: {"text": "Refresh"}},
        ),
        lambda: services.save_answers(
            police_colleague,
            police_return,
            {questions["training-how"].pk: {"text": "E-learning"}, improve.pk: {"owner": "HR"}},
        ),
    )
    assert outcomes == [None, None]
    answers = {a.question.key: a for a in Answer.objects.select_related("question")}
    assert answers["training-score"].score == 2
    assert answers["training-how"].text == "E-learning"
    assert (answers["training-improve"].text, answers["training-improve"].owner) == (
        "Refresh",
        "HR",
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_many_colleagues_saving_the_same_question_leave_one_answer(police_lead, police_return):
    question = by_key(police_return)["training-score"]
    outcomes = race(
        *[
            (
                lambda score=score: services.save_answers(
                    police_lead, police_return, {question.pk: {"score": score}}
                )
            )
            for score in (0, 1, 2, 3)
        ]
    )
    assert outcomes == [None] * 4
    assert Answer.objects.filter(question=question).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_save_racing_the_sign_off_is_kept_or_refused_never_lost_after(
    police_lead, police_colleague, police_return
):
    services.invite_colleague(police_lead, police_return, police_colleague)
    questions = by_key(police_return)
    scores = {q.pk: {"score": 2} for q in questions.values() if q.kind == "scale"}
    services.save_answers(police_lead, police_return, scores)
    late = questions["training-how"]
    outcomes = race(
        lambda: services.sign_off(police_lead, police_return),
        lambda: services.save_answers(
            police_colleague, police_return, {late.pk: {"text": "Just in time"}}
        ),
    )
    assert outcomes[0] is None
    answered = Return.objects.get(pk=police_return.pk)
    assert answered.is_locked
    saved = Answer.objects.filter(question=late).exists()
    # Saved before the sign-off took the lock, or refused after it: never saved after.
    assert saved == (outcomes[1] is None)
