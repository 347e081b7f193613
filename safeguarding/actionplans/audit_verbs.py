"""The verbs action plans, evidence and challenge write to the audit trail."""

AUDIT_VERBS = {
    "plan created": "A new action plan",
    "plan changed": "An action plan's details changed",
    "plan report downloaded": "A plan's progress report downloaded as a PDF",
    "action created": "A new action in a plan",
    "action changed": "An action's details changed",
    "progress updated": "A progress update posted on an action",
    "reminder sent": "An action's owners reminded it is due or has stalled",
    "action escalated": "An overdue or stalled action raised with the CPB chair or business unit",
    "evidence added": "A file or link added as evidence to an action",
    "evidence accepted": "Evidence accepted by the locality board",
    "evidence rejected": "Evidence not accepted by the locality board",
    "evidence downloaded": "An evidence file downloaded",
    "challenge raised": "A challenge put to an agency about an action",
    "challenge answered": "A challenge answered by the agency",
    "challenge closed": "A challenge closed",
}
