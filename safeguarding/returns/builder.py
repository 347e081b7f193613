"""The questionnaire builder's plain-text form: one line a section heading or a question.

    ## Training
    0-3*: How well does your agency train its staff?
    text: How do you know it works?
    choice (Yes; No; Partly): Is there a training plan?
    evidence: Attach the plan
    improvement: What will you do, who will do it and by when?

A question line is "<type>: <text>", a "*" after the type for a required question. The types:
text, yes/no, number, date, evidence, improvement, rag (red, amber, green), 0-3, and
choice (one; two; three). A question's key comes from its wording, so an answer carries
forward to the next version wherever the question's words and type are unchanged.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from . import library

TYPES = {
    "text": "text",
    "yes/no": "yes_no",
    "number": "number",
    "date": "date",
    "evidence": "evidence",
    "improvement": "improvement",
    "rag": "scale",
    "0-3": "scale",
    "choice": "choice",
}
SCALES = {"rag": library.RAG, "0-3": library.ZERO_TO_THREE}
LINE = re.compile(
    r"^(?P<type>[a-z0-9/-]+)\s*(?:\((?P<options>[^)]*)\))?\s*(?P<required>\*)?\s*:\s*(?P<text>.+)$",
    re.IGNORECASE,
)
TYPE_WORDS = "text, yes/no, number, date, evidence, improvement, rag, 0-3 or choice (a; b)"


def parse(text: str) -> list[dict]:
    """The sections and questions written in `text`; a ValidationError on "questions" naming
    the first line at fault."""
    sections: list[dict] = []
    keys: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("##"):
            title = line.lstrip("#").strip()
            if not title:
                raise ValidationError({"questions": f"Line {number}: give the section a title"})
            sections.append({"title": title, "questions": []})
            continue
        match = LINE.match(line)
        if match is None or match["type"].lower() not in TYPES:
            raise ValidationError(
                {
                    "questions": f"Line {number}: start the question with its type and a colon, "
                    f"one of {TYPE_WORDS}, like 'text: How do you know?'"
                }
            )
        if not sections:
            raise ValidationError(
                {"questions": f"Line {number}: start with a section heading, like '## Training'"}
            )
        kind_word = match["type"].lower()
        question = {
            "kind": TYPES[kind_word],
            "text": match["text"].strip(),
            "required": bool(match["required"]),
        }
        if kind_word == "choice":
            options = [o.strip() for o in (match["options"] or "").split(";") if o.strip()]
            if len(options) < 2:
                raise ValidationError(
                    {
                        "questions": f"Line {number}: list at least two choices, "
                        "like 'choice (Yes; No)'"
                    }
                )
            question["options"] = options
        if kind_word in SCALES:
            question["scale"] = SCALES[kind_word]
        key = slugify(f"{kind_word} {question['text']}")[:55] or f"q{number}"
        while key in keys:
            key = f"{key[:52]}-{number}"
        keys.add(key)
        question["key"] = key
        sections[-1]["questions"].append(question)
    if not any(section["questions"] for section in sections):
        raise ValidationError({"questions": "Write at least one section with a question"})
    return sections


def write(sections) -> str:
    """A version's sections and questions in the builder's text, to start the next version."""
    back = {value: word for word, value in TYPES.items() if word not in ("rag", "0-3")}
    lines = []
    for section in sections:
        lines.append(f"## {section.title}")
        for question in section.questions.all():
            if question.kind == "scale":
                word = "rag" if question.scale == library.RAG else "0-3"
            elif question.kind == "choice":
                word = f"choice ({'; '.join(question.options)})"
            else:
                word = back[question.kind]
            lines.append(f"{word}{'*' if question.required else ''}: {question.text}")
        lines.append("")
    return "\n".join(lines).strip() + "\n"
