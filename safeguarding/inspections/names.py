"""Case audits never hold a child's name: the one check every free-text field of an inspection
goes through (the services call it, so pages and the API share it).

A likely name together with a date of birth is refused outright. A likely name alone (or a
mention of a date of birth alone) may be a false alarm, such as a street or a service's name,
so it needs the writer's explicit confirmation, which the calling service records in the audit
trail (the field's name, never the text).

What is not a name: the words of the hub's own places, agencies and boards (read from the Area,
Agency and Board tables, so a new agency is known at once) and the vocabulary of case work.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from safeguarding.organisations.models import Agency, Area, Board

_MONTHS = "january february march april may june july august september october november december"
_DATE = re.compile(
    r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{'|'.join(_MONTHS.split())})\s+\d{{4}}\b",
    re.IGNORECASE,
)
_DOB = re.compile(r"\b(?:d\.?o\.?b\b\.?|date of birth|born on|born in|birthday)", re.IGNORECASE)
_TITLE = re.compile(r"\b(?:(?i:mr|mrs|ms)\.?|Miss|Master)\s+([A-Za-z][a-z'’-]+)")
_CALLED = re.compile(r"\b(?i:called|named|name is|known as|nicknamed)\s+([A-Z][a-z'’-]+)")
# Two capitalised words side by side ("Jayden Smith"), or "Smith, Jayden"; a lookahead, so
# that "Burnley Kacey Brown" yields "Kacey Brown" as well as "Burnley Kacey".
_PAIR = re.compile(r"\b(?=([A-Z][a-z'’-]+)(,?[ \t]+)([A-Z][a-z'’-]+)\b)")
_WORD = re.compile(r"[A-Za-z][a-z'’-]*", re.IGNORECASE)


# Common first names of children and young people in England, found in any case ("smith,
# jayden"); names that are also everyday words (Grace, Hope, Summer ...) are left out.
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FIRST_NAMES = _words(
    """
    aaliyah abdul abigail adam aiden aisha alesha alfie alicia amelia amir amira ashton aiyana
    bailey bethany bradley brandon brooke caleb callum cameron casey charlie chelsea chloe
    connor courtney daisy damian daniel danielle darren demi dylan ebony eden elijah ellie
    emily emma ethan evie freddie freya georgia harley harvey hayden holly imogen isaac
    isabella isla jacob jade jaden jasmine jayden jaxon jenson jessica jordan joshua kai
    kayden kayla keira kian kieran kyle kylie lacey lacie leah leighton lewis liam lily logan
    lucas luke maisie mason megan mia mohammed muhammad nathan niamh noah oliver olivia oscar
    owen paige riley rhys ryan sadie samuel scarlett shannon sophie stacey tayla taylor
    tegan theo tia tyler tyrese zac zak zara zoe
    """
)

# Capitalised words of case work that begin sentences and name services, roles and meetings.
CASEWORK_WORDS = _words(
    """
    a after an and at before but by during for from he her his in it mum dad mother father
    parent parents carer carers grandmother grandfather sibling siblings stepfather stepmother
    of on or she since that the their there they this to we when where while with
    monday tuesday wednesday thursday friday saturday sunday
    academy adult adults agency area assessment authority board care centre child children
    clinic college conference constabulary council county court department designated
    doctor early education family foundation gp general group health help high home hospital
    house housing infant junior lead looked manager mash meeting mental midwife multi nhs
    nurse nursery officer partnership plan police practice primary probation protection
    reviewer safeguarding school service services social strategy support team trust unit
    visitor ward worker youth offending panel review case section front door referral unit
    pupil contact hub neighbourhood local street road park head teacher headteacher deputy
    senior principal assistant advanced consultant paediatrician psychologist therapist
    coordinator independent reviewing constable detective sergeant inspector key young people
    person named leader chair member welfare attendance justice core initial need christmas
    easter bank holiday
    """
    + _MONTHS
)


def _normal(word: str) -> str:
    return re.sub(r"['’]s?$", "", word).lower()


def known_words() -> set[str]:
    """The words of the hub's areas, agencies and boards: places and services, not people."""
    names = [
        *Area.objects.values_list("name", flat=True),
        *Agency.objects.values_list("name", flat=True),
        *Board.objects.values_list("name", flat=True),
    ]
    return {_normal(word) for name in names for word in _WORD.findall(name)} | CASEWORK_WORDS


def likely_names(text: str, known: set[str]) -> list[str]:
    """What in `text` looks like a person's name, in the order found."""
    found: list[str] = []
    for match in _TITLE.finditer(text):
        found.append(match.group(0))
    for match in _CALLED.finditer(text):
        if _normal(match.group(1)) not in known:
            found.append(match.group(1))
    for match in _PAIR.finditer(text):
        first, between, second = match.groups()
        if not {_normal(first), _normal(second)} & known:
            found.append(f"{first}{between}{second}")
    for word in _WORD.findall(text):
        if _normal(word) in FIRST_NAMES and not any(word in earlier for earlier in found):
            found.append(word)
    return list(dict.fromkeys(found))


def date_of_birth(text: str) -> str:
    """The date of birth (or the mention of one) in `text`, or ''."""
    mention = _DOB.search(text)
    date = _DATE.search(text)
    if date:
        return date.group(0)
    return mention.group(0) if mention else ""


def check_no_child_names(texts: dict[str, str], *, confirmed: bool = False) -> list[str]:
    """Checks each field's text (keyed by the field's name). Raises ValidationError naming every
    field with a likely name and a date of birth, and, unless `confirmed`, every field with a
    likely name or a mention of a date of birth. Returns the fields the writer confirmed."""
    known: set[str] | None = None
    errors: dict[str, str] = {}
    confirmed_fields: list[str] = []
    for field, text in texts.items():
        if not text or not text.strip():
            continue
        known = known_words() if known is None else known
        names = likely_names(text, known)
        birth = date_of_birth(text)
        mentions_birth = bool(_DOB.search(text))
        said = ", ".join(f"'{name}'" for name in names[:3])
        if names and birth:
            errors[field] = (
                f"{said} looks like a name and '{birth}' like a date of birth: remove them. "
                "Case audits never hold a child's name or date of birth"
            )
        elif names or mentions_birth:
            if confirmed:
                confirmed_fields.append(field)
                continue
            what = f"{said} looks like a name" if names else "It mentions a date of birth"
            errors[field] = (
                f"{what}. Remove anything that identifies a child, or confirm that it names "
                "no child"
            )
    if errors:
        raise ValidationError(errors)
    return confirmed_fields
