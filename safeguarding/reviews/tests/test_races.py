"""Two people at once on a review: of two moves of the same review, one is made and the other
refused; a stale edit never undoes someone else's; a notification sent twice is recorded once."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError

from safeguarding.core.concurrency import EditConflict
from safeguarding.core.models import AuditEvent
from safeguarding.core.testing.races import race
from safeguarding.reviews import services
from safeguarding.reviews.models import Review, Stage

D = datetime.date


def _move(bu, review):
    return services.move_review(
        bu, review, Stage.RAPID_REVIEW, notified_on=D(2015, 1, 9), rapid_review_on=D(2015, 1, 22)
    )


def test_a_second_move_from_a_stale_copy_is_refused(review, business_unit):
    stale = Review.objects.get(pk=review.pk)
    _move(business_unit, review)
    with pytest.raises(ValidationError):
        _move(business_unit, stale)
    assert AuditEvent.objects.filter(verb="rapid review opened").count() == 1


def test_a_stale_edit_is_refused(review, business_unit):
    version = review.version
    services.update_review(business_unit, review, pseudonym="Child A", version=version)
    with pytest.raises(EditConflict):
        services.update_review(business_unit, review, pseudonym="Child B", version=version)


def test_the_notification_form_sent_twice_records_one_review(client, business_unit):
    client.force_login(business_unit)
    data = {"kind": "cspr", "learned_on": "05/01/2015", "submission": str(uuid.uuid4())}
    first = client.post("/reviews/new/", data)
    second = client.post("/reviews/new/", data)
    assert first.status_code == second.status_code == 302
    assert Review.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_moves_at_once_one_is_made(review, business_unit):
    outcomes = race(*[lambda: _move(business_unit, review) for _ in range(4)])
    assert sum(outcome is None for outcome in outcomes) == 1
    assert all(isinstance(o, ValidationError) for o in outcomes if o is not None)
    assert AuditEvent.objects.filter(verb="rapid review opened").count() == 1
