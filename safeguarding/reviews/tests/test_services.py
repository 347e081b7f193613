import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safeguarding.core.models import AuditEvent
from safeguarding.reviews import services
from safeguarding.reviews.models import Review, Stage

D = datetime.date


def test_a_notification_gets_a_generated_reference_and_is_audited(review):
    assert review.reference == "LSCB-CSR-2015-01"
    event = AuditEvent.objects.filter(verb="review notified").get()
    assert event.target_id == str(review.pk)
    assert review.next_due == D(2015, 1, 12)  # 5 working days after Monday 5 January


def test_references_count_on_per_board_and_year(review, business_unit, children_board):
    second = services.record_notification(
        business_unit, board=children_board, kind="scr", learned_on=D(2015, 2, 2)
    )
    assert second.reference == "LSCB-CSR-2015-02"


def test_more_than_three_themes_are_refused(business_unit, children_board, themes):
    with pytest.raises(ValidationError) as error:
        services.record_notification(
            business_unit,
            board=children_board,
            kind="cspr",
            learned_on=D(2015, 1, 5),
            themes=themes,
        )
    assert "themes" in error.value.message_dict


def test_a_childs_name_with_a_date_of_birth_is_refused(business_unit, children_board):
    with pytest.raises(ValidationError) as error:
        services.record_notification(
            business_unit,
            board=children_board,
            kind="cspr",
            learned_on=D(2015, 1, 5),
            summary="Jayden Smith, date of birth 04/05/2012, was found alone",
        )
    assert "summary" in error.value.message_dict
    assert not Review.objects.exists()


def test_a_sar_belongs_to_the_adults_board(
    business_unit, children_board, adults_board, make_person
):
    with pytest.raises(ValidationError):
        services.record_notification(
            business_unit, board=children_board, kind="sar", learned_on=D(2015, 1, 5)
        )
    adults_bu = make_person("business_unit", board=adults_board)
    sar = services.record_notification(
        adults_bu, board=adults_board, kind="sar", learned_on=D(2015, 1, 5)
    )
    assert "SAR" in sar.reference
    with pytest.raises(PermissionDenied):
        services.record_notification(
            adults_bu, board=children_board, kind="cspr", learned_on=D(2015, 1, 5)
        )


def test_the_stages_cannot_skip_what_the_law_requires(review, business_unit):
    # No rapid review before the notification.
    with pytest.raises(ValidationError) as error:
        services.move_review(business_unit, review, Stage.RAPID_REVIEW)
    assert "notified_on" in error.value.message_dict
    # No decision straight from the notification for a children's review.
    with pytest.raises(ValidationError):
        services.move_review(
            business_unit, review, Stage.DECISION, decision="local", decided_on=D(2015, 1, 20)
        )
    # Not published straight from the notification at all.
    with pytest.raises(ValidationError):
        services.move_review(business_unit, review, Stage.PUBLICATION)
    review.refresh_from_db()
    assert review.stage == Stage.NOTIFIED


def test_a_rapid_review_that_converts_runs_to_closure(review, business_unit):
    bu = business_unit
    services.move_review(
        bu, review, Stage.RAPID_REVIEW, notified_on=D(2015, 1, 9), rapid_review_on=D(2015, 1, 22)
    )
    services.move_review(
        bu,
        review,
        Stage.DECISION,
        rapid_review_decision="Criteria met",
        decision="converted",
        decided_on=D(2015, 1, 26),
        panel_view="Agrees",
        panel_view_on=D(2015, 2, 2),
    )
    review.refresh_from_db()
    assert review.kind == Review.Kind.CSPR
    services.move_review(bu, review, Stage.COMMISSIONING, reviewer="An independent reviewer")
    with pytest.raises(ValidationError) as error:
        services.move_review(bu, review, Stage.IN_PROGRESS, started_on=D(2015, 2, 9))
    assert "terms_of_reference" in error.value.message_dict
    services.move_review(
        bu,
        review,
        Stage.IN_PROGRESS,
        terms_of_reference="Practice 2013-14",
        started_on=D(2015, 2, 9),
    )
    review.refresh_from_db()
    assert review.next_due == D(2015, 8, 7)  # 9 August 2015 is a Sunday
    services.move_review(bu, review, Stage.DRAFT_REPORT, draft_received_on=D(2015, 5, 1))
    with pytest.raises(ValidationError):
        services.move_review(bu, review, Stage.PUBLICATION, publication_expected=D(2015, 7, 1))
    services.move_review(bu, review, Stage.SIGN_OFF, signed_off_on=D(2015, 6, 1))
    services.move_review(bu, review, Stage.PUBLICATION, publication_expected=D(2015, 7, 1))
    with pytest.raises(ValidationError):
        services.move_review(bu, review, Stage.LEARNING)
    services.move_review(
        bu,
        review,
        Stage.LEARNING,
        published_on=D(2015, 7, 1),
        report_url="https://example.org/report.pdf",
    )
    services.move_review(bu, review, Stage.CLOSED, learning_note="Seven-minute briefing")
    review.refresh_from_db()
    assert review.stage == Stage.CLOSED
    assert review.next_due is None
    verbs = list(AuditEvent.objects.filter(target_id=str(review.pk)).values_list("verb", flat=True))
    for verb in (
        "rapid review opened",
        "review decision recorded",
        "review begun",
        "review report signed off",
        "review closed",
    ):
        assert verb in verbs


def test_a_review_led_elsewhere_follows_the_lead_area(business_unit, children_board, agency):
    review = services.record_notification(
        business_unit,
        board=children_board,
        kind="scr",
        learned_on=D(2014, 3, 3),
        led_elsewhere=True,
        lead_area="Tameside",
        our_involvement="Lancashire health visiting",
        their_publication_expected=D(2015, 3, 31),
        agencies=[agency],
    )
    assert review.next_due == D(2015, 3, 31)
    with pytest.raises(ValidationError):
        services.move_review(business_unit, review, Stage.RAPID_REVIEW, notified_on=D(2014, 3, 5))
    services.move_review(business_unit, review, Stage.IN_PROGRESS)
    services.move_review(business_unit, review, Stage.PUBLICATION)


def test_only_the_boards_business_unit_changes_a_review(review, make_person, adults_board):
    other = make_person("business_unit", board=adults_board)
    with pytest.raises(PermissionDenied):
        services.update_review(other, review, pseudonym="Child A")
    with pytest.raises(PermissionDenied):
        services.move_review(other, review, Stage.RAPID_REVIEW, notified_on=D(2015, 1, 9))


def test_an_edit_is_audited_and_checked_for_names(review, business_unit):
    services.update_review(business_unit, review, pseudonym="Child A", notified_on=D(2015, 1, 9))
    event = AuditEvent.objects.filter(verb="review changed").get()
    assert event.payload["pseudonym"] == ["", "Child A"]
    review.refresh_from_db()
    assert str(review) == "LSCB-CSR-2015-01 (Child A)"
    assert review.next_due == D(2015, 1, 26)  # the rapid review clock now
    with pytest.raises(ValidationError):
        services.update_review(business_unit, review, summary="Known as Kayden, born on 3 May 2012")


def test_the_adults_board_sets_its_own_clocks_and_counts_its_sars(make_person, adults_board):
    from safeguarding.organisations.tests.factories import AgencyFactory
    from safeguarding.reviews.clocks import clocks_for
    from safeguarding.reviews.selectors import sar_annual_counts

    bu = make_person("business_unit", board=adults_board)
    sar = services.record_notification(bu, board=adults_board, kind="sar", learned_on=D(2015, 3, 2))
    assert clocks_for(sar, D(2015, 3, 2))[0].due == D(2015, 3, 23)  # 15 working days
    services.set_clocks(bu, adults_board, decision_working_days=20, publication_months=9)
    assert clocks_for(sar, D(2015, 3, 2))[0].due == D(2015, 3, 30)
    services.move_review(bu, sar, Stage.DECISION, decision="local", decided_on=D(2015, 3, 20))
    services.move_review(bu, sar, Stage.COMMISSIONING, reviewer="An independent reviewer")
    services.move_review(
        bu, sar, Stage.IN_PROGRESS, terms_of_reference="Care in 2014", started_on=D(2015, 4, 1)
    )
    services.add_recommendation(
        bu,
        sar,
        text="Check that self-neglect is escalated",
        agency=AgencyFactory(),
        due_date=D(2030, 1, 1),
    )
    services.record_notification(bu, board=adults_board, kind="sar", learned_on=D(2015, 6, 1))
    assert sar_annual_counts(adults_board, 2015) == {
        "concluded": 0,
        "ongoing": 2,
        "findings": 1,
        "findings_implemented": 0,
    }
    assert sar_annual_counts(adults_board, 2014) == {
        "concluded": 0,
        "ongoing": 1,
        "findings": 1,
        "findings_implemented": 0,
    }


def test_the_subject_access_report_lists_a_persons_panels(review, business_unit, make_person):
    from safeguarding.reviews.data_protection import case_reviews

    member = make_person("practitioner")
    services.add_panel_member(business_unit, review, person=member, role="Chair")
    report = case_reviews(member)
    assert report["review_panels"][0]["review"] == review.reference
    assert report["review_panels"][0]["role"] == "Chair"
