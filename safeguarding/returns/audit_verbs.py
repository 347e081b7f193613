"""The verbs requests to agencies write to the audit trail."""

AUDIT_VERBS = {
    "questionnaire created": "A new questionnaire template or version of one",
    "request sent": "A questionnaire sent to agencies with a deadline",
    "return answered": "Answers saved on an agency's return",
    "return colleague invited": "A colleague from the agency invited to help answer a return",
    "return evidence added": "A file or link added as evidence to a return",
    "return evidence downloaded": "A return's evidence file downloaded",
    "request report downloaded": "The report attached to a request downloaded",
    "return signed off": "An agency's return signed off and locked",
    "return reopened": "A signed-off return reopened by the business unit",
    "return reminded": "An agency reminded or chased about its return",
    "return escalated": "A late return raised with the board member for the agency",
    "return moderated": "A moderated score set beside the agency's own",
    "return evidence asked": "More evidence asked of the agency, with its own deadline",
    "return challenge recorded": "The outcome of a challenge event recorded",
    "return actions raised": "Areas for improvement made into actions in the agency's plan",
}
