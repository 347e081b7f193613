"""The verbs sign-in and accounts write to the audit trail."""

AUDIT_VERBS = {
    "signed in": "A person signed in",
    "signed out": "A person signed out",
    "sign-in failed": "A sign-in refused: wrong password or code",
    "account registered": "A practitioner signed up with their work e-mail",
    "agency confirmed": "A person's agency confirmed by its safeguarding lead",
    "agency rejected": "A person's claimed agency turned down",
}
