"""The verbs the directory of agencies and people writes to the audit trail."""

AUDIT_VERBS = {
    "board changed": "A board's contact details, introduction or rules changed",
    "agency created": "A new agency in the directory",
    "agency updated": "An agency's details changed",
    "agency imported": "An agency added from an import file",
    "agency updated by import": "An agency's details changed by an import file",
    "agencies imported": "An import file of agencies, with its counts",
    "person created": "A new person in the directory",
    "person updated": "A person's details changed",
    "person deactivated": "A person's account switched off",
    "person imported": "A person added from an import file",
    "person updated by import": "A person's details changed by an import file",
    "people imported": "An import file of people, with its counts",
    "role assigned": "A role given to a person",
    "role removed": "A role taken from a person",
}
