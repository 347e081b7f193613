"""The ready-made questionnaires: the 8 Section 11 standards, the restructuring-and-cuts
return and "respond to the findings" of a report. `services.ensure_library(board)` creates
them for a board (once; the demo and a new board's set-up call it)."""

from __future__ import annotations

RAG = [
    [1, "Red", "Not in place: significant gaps, no plan yet to close them"],
    [2, "Amber", "Partly in place: gaps known and a plan to close them"],
    [3, "Green", "Fully in place and evidenced"],
]

ZERO_TO_THREE = [
    [0, "Not met", "No arrangements in place"],
    [1, "Partly met", "Some arrangements, not consistent across the agency"],
    [2, "Mostly met", "Arrangements in place with minor gaps"],
    [3, "Fully met", "Arrangements in place, evidenced and reviewed"],
]

SECTION_11_STANDARDS = [
    (
        "senior-management",
        "Senior management commitment to the importance of safeguarding and promoting "
        "children's welfare",
    ),
    (
        "responsibilities",
        "A clear statement of the agency's responsibilities towards children, available to "
        "all staff",
    ),
    (
        "accountability",
        "A clear line of accountability for the commissioning and provision of services to "
        "safeguard children",
    ),
    (
        "childrens-views",
        "Service development that takes account of the need to safeguard children and is "
        "informed by their views",
    ),
    ("training", "Training on safeguarding children for all staff working with them"),
    ("safer-recruitment", "Safer recruitment, vetting and managing allegations"),
    ("inter-agency", "Effective inter-agency working to safeguard children"),
    ("information-sharing", "Information sharing"),
]


def section_11() -> dict:
    sections = []
    for number, (key, title) in enumerate(SECTION_11_STANDARDS, start=1):
        sections.append(
            {
                "title": f"Standard {number}: {title}",
                "questions": [
                    {
                        "key": f"{key}-score",
                        "kind": "scale",
                        "scale": ZERO_TO_THREE,
                        "text": "How well does your agency meet this standard?",
                        "required": True,
                    },
                    {
                        "key": f"{key}-how",
                        "kind": "text",
                        "text": "How do you meet it? Say what is in place and how you know "
                        "it works.",
                    },
                    {
                        "key": f"{key}-evidence",
                        "kind": "evidence",
                        "text": "Evidence: attach documents or give links",
                    },
                    {
                        "key": f"{key}-improve",
                        "kind": "improvement",
                        "text": "Area for improvement, if any: what will you do, who will do "
                        "it and by when?",
                    },
                ],
            }
        )
    return {
        "name": "Section 11 self-assessment",
        "kind": "section_11",
        "description": "The 8 standards of section 11 of the Children Act 2004, usually "
        "every two years.",
        "sections": sections,
    }


def restructuring() -> dict:
    return {
        "name": "Restructuring and cuts return",
        "kind": "restructuring",
        "description": "What each agency is restructuring or cutting, and whether that will "
        "affect its safeguarding work.",
        "sections": [
            {
                "title": "Restructuring and planned cuts",
                "questions": [
                    {
                        "key": "restructuring",
                        "kind": "yes_no",
                        "text": "Is your agency restructuring, or planning cuts, this year?",
                        "required": True,
                    },
                    {
                        "key": "what-changes",
                        "kind": "text",
                        "text": "What is changing, and in which services?",
                    },
                    {
                        "key": "budget-change",
                        "kind": "number",
                        "text": "The change to your budget for services to children, in "
                        "pounds (negative for a cut)",
                    },
                    {
                        "key": "takes-effect",
                        "kind": "date",
                        "text": "When the changes take effect",
                    },
                    {
                        "key": "impact",
                        "kind": "choice",
                        "options": [
                            "Will impact safeguarding",
                            "May impact safeguarding",
                            "Will not impact safeguarding",
                        ],
                        "text": "Will the changes impact on safeguarding work?",
                        "required": True,
                    },
                    {
                        "key": "mitigation",
                        "kind": "improvement",
                        "text": "What will you do to reduce the impact, who will do it and by "
                        "when?",
                    },
                ],
            }
        ],
    }


def findings(report_title: str, findings_list: list[str]) -> dict:
    """A "respond to the findings" questionnaire: one question per finding of the report."""
    questions = []
    for number, finding in enumerate(findings_list, start=1):
        questions.append(
            {
                "key": f"finding-{number}",
                "kind": "text",
                "text": f"Finding {number}: {finding} What is your agency's response?",
                "required": True,
            }
        )
        questions.append(
            {
                "key": f"finding-{number}-rag",
                "kind": "scale",
                "scale": RAG,
                "text": f"Finding {number}: how far has your agency already addressed it?",
            }
        )
        questions.append(
            {
                "key": f"finding-{number}-action",
                "kind": "improvement",
                "text": f"Finding {number}: what will you do, who will do it and by when?",
            }
        )
    return {
        "name": f"Respond to the findings: {report_title}",
        "kind": "findings",
        "description": f"Each agency's response to the findings of {report_title}.",
        "sections": [{"title": "The findings", "questions": questions}],
    }


def library() -> list[dict]:
    return [section_11(), restructuring()]
