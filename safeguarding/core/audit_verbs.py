"""The verbs the core app writes to the audit trail (its data-protection duties)."""

AUDIT_VERBS = {
    "personal data exported": "All held about a person, for a subject access request",
    "person anonymised": "A person's details replaced, once their retention period ended",
}
