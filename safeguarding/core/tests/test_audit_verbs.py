"""Audit verbs: one style ("<thing> <past participle>"), each declared once by the app that
records it, and the trail refusing any other so that a misspelt verb fails its test."""

import pytest

from safeguarding.core.audit import UndeclaredVerb, record_change, record_changes, record_view
from safeguarding.core.models import AuditEvent
from safeguarding.core.registry import (
    VERB_STYLE,
    RegistryError,
    audit_verbs,
    audit_verbs_by_app,
    register_audit_verbs,
)
from safeguarding.core.selectors import audited_verbs
from safeguarding.training.audit_verbs import STATUS_VERBS
from safeguarding.training.models import ALLOWED_TRANSITIONS


def test_every_app_declares_its_verbs_in_one_style():
    assert {
        "core",
        "accounts",
        "organisations",
        "actionplans",
        "meetings",
        "training",
        "inspections",
    } <= set(audit_verbs_by_app())
    for verb, description in audit_verbs().items():
        assert VERB_STYLE.match(verb), verb
        assert description


def test_every_status_an_application_can_reach_has_a_declared_verb():
    reachable = {status for targets in ALLOWED_TRANSITIONS.values() for status in targets}
    assert reachable == set(STATUS_VERBS)
    assert set(STATUS_VERBS.values()) <= set(audit_verbs())


def test_a_verb_of_another_style_or_another_apps_is_refused():
    with pytest.raises(RegistryError, match="'<thing> <past participle>'"):
        register_audit_verbs("training", {"created": "A bare verb"})
    with pytest.raises(RegistryError, match="<thing> <past participle>"):
        register_audit_verbs("training", {"Course Created": "Capitals"})
    with pytest.raises(RegistryError, match="already declared by actionplans"):
        register_audit_verbs("meetings", {"plan created": "A plan, again"})
    with pytest.raises(RegistryError, match="needs a description"):
        register_audit_verbs("training", {"course reopened": ""})
    assert "course reopened" not in audit_verbs()


def test_the_trail_refuses_an_undeclared_verb(business_unit, children_board):
    message = "'plan craeted' is not declared: add it.*to AUDIT_VERBS in the recording app's"
    with pytest.raises(UndeclaredVerb, match=message):
        record_change(business_unit, "plan craeted", children_board)
    with pytest.raises(UndeclaredVerb, match="'changed'"):
        record_changes(business_unit, "changed", [(children_board, {})])
    with pytest.raises(UndeclaredVerb, match="'viewed'"):
        record_view(business_unit, business_unit, "a look", verb="viewed")
    assert not AuditEvent.objects.exists()

    record_change(business_unit, "person updated", business_unit)
    assert AuditEvent.objects.get().verb == "person updated"


def test_the_filters_verbs_come_from_the_declarations_not_the_table(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        groups = audited_verbs()
    offered = {verb for _, choices in groups for verb, _ in choices}
    assert offered == set(audit_verbs())
