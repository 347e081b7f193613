"""The compliance reads: scores by standard (self-assessed beside moderated), their spread
across agencies, an agency's scores over cycles, and triangulation with the practice
inspections' case-audit grades. Each is a fixed number of grouped queries, whatever the number
of agencies, cycles or questions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from safeguarding.inspections.models import Grade
from safeguarding.inspections.selectors import (
    agreed_grades_by_agency,
    improvement_findings_by_agency,
)

from .models import Answer, Question, Request, Return
from .selectors import section_scores

# The Ofsted grades on a 0 to 3 scale, to set beside self-assessed scores.
GRADE_SCORE = {
    Grade.OUTSTANDING: 3,
    Grade.GOOD: 2,
    Grade.REQUIRES_IMPROVEMENT: 1,
    Grade.INADEQUATE: 0,
}
# Scores a point or more apart (on 0 to 3) disagree.
DISAGREE_BY = 1


def _on_three(value, top) -> float | None:
    if value is None or not top:
        return None
    return round(value * 3 / top, 1)


def _top_score(version_id: int) -> int:
    scales = Question.objects.filter(
        section__version_id=version_id, kind=Question.Kind.SCALE
    ).values_list("scale", flat=True)
    return max((row[0] for scale in scales for row in scale), default=0)


def spread(request: Request) -> list[dict]:
    """Per standard (section): the agencies' self-assessed and moderated mean scores, lowest
    and highest, over the request's returns."""
    returns = list(request.returns.values_list("pk", flat=True))
    scores = section_scores(returns)
    by_section: dict[str, dict] = defaultdict(lambda: {"self": [], "moderated": []})
    for (_return_id, title), values in scores.items():
        for kind in ("self", "moderated"):
            if values.get(kind) is not None:
                by_section[title][kind].append(values[kind])
    rows = []
    for section in request.version.sections.order_by("position", "id"):
        found = by_section.get(section.title, {"self": [], "moderated": []})
        row = {"standard": section.title}
        for kind in ("self", "moderated"):
            values = found[kind]
            row[kind] = round(sum(values) / len(values), 1) if values else None
            row[f"{kind}_low"] = min(values) if values else None
            row[f"{kind}_high"] = max(values) if values else None
            row[f"{kind}_n"] = len(values)
        rows.append(row)
    return rows


def agency_cycles(agency_id: int, board_ids) -> tuple[list[Return], dict]:
    """The agency's scored returns (cycles, oldest first) and their scores by standard."""
    returns = list(
        Return.objects.filter(agency_id=agency_id, request__board_id__in=sorted(board_ids))
        .filter(template_version__sections__questions__kind=Question.Kind.SCALE)
        .distinct()
        .select_related("request", "template_version__template")
        .order_by("request__sent_on", "pk")
    )
    return returns, section_scores([answered.pk for answered in returns])


@dataclass
class Triangle:
    agency: str
    agency_id: int
    theme: str
    self_assessed: float | None
    moderated: float | None
    audit: float | None
    audits: int

    @property
    def disagreements(self) -> list[str]:
        said = []
        own, moderated, audit = self.self_assessed, self.moderated, self.audit
        if own is not None and moderated is not None and abs(own - moderated) >= DISAGREE_BY:
            said.append("self-assessed and moderated scores disagree")
        if own is not None and audit is not None and own - audit >= DISAGREE_BY:
            said.append("case audits grade the agency lower than it scores itself")
        return said

    @property
    def flagged(self) -> bool:
        return bool(self.disagreements)


def triangulation_returns(request: Request, *, agency_id: int | None = None):
    """The request's returns in the triangulation's order (by agency), one agency's if given."""
    returns = request.returns.select_related("agency").order_by("agency__name", "pk")
    if agency_id is not None:
        returns = returns.filter(agency_id=agency_id)
    return returns


def triangulation(
    request: Request, *, agency_id: int | None = None, returns=None
) -> list[Triangle]:
    """For each agency of the request and each standard: what the agency said of itself, what
    moderation found and the agency's agreed case-audit grades (on 0 to 3). `returns`, a page
    of `triangulation_returns`, limits the work to those agencies."""
    if returns is None:
        returns = triangulation_returns(request, agency_id=agency_id)
    returns = list(returns)
    top = _top_score(request.version_id)
    scores = section_scores([answered.pk for answered in returns])
    grades = agreed_grades_by_agency(request.board_id, {r.agency_id for r in returns})
    sections = list(request.version.sections.order_by("position", "id"))
    rows = []
    for answered in returns:
        counts = grades.get(answered.agency_id, {}).get("counts", {})
        audits = sum(counts.values())
        audit = (
            round(sum(GRADE_SCORE[Grade(g)] * n for g, n in counts.items()) / audits, 1)
            if audits
            else None
        )
        for section in sections:
            values = scores.get((answered.pk, section.title), {})
            rows.append(
                Triangle(
                    agency=answered.agency.name,
                    agency_id=answered.agency_id,
                    theme=section.title,
                    self_assessed=_on_three(values.get("self"), top),
                    moderated=_on_three(values.get("moderated"), top),
                    audit=audit,
                    audits=audits,
                )
            )
    return rows


def restructuring_beside_findings(request: Request) -> list[dict]:
    """Each agency's dated restructuring answers beside the areas for improvement later
    practice inspections found for it."""
    returns = list(request.returns.select_related("agency").order_by("agency__name", "pk"))
    answers = defaultdict(list)
    for answer in (
        Answer.objects.filter(answered_return__in=returns)
        .select_related("question")
        .order_by("question__section__position", "question__position")
    ):
        answers[answer.answered_return_id].append(answer)
    findings = improvement_findings_by_agency(request.board_id, {r.agency_id for r in returns})
    rows = []
    for answered in returns:
        later = [
            finding
            for finding in findings.get(answered.agency_id, [])
            if finding.inspection.fieldwork_start >= request.sent_on
        ]
        impact = next(
            (a.choice for a in answers[answered.pk] if a.question.kind == Question.Kind.CHOICE),
            "",
        )
        rows.append(
            {
                "return": answered,
                "answers": answers[answered.pk],
                "impact": impact,
                "answered_on": answered.signed_off_at,
                "findings": later,
            }
        )
    return rows
