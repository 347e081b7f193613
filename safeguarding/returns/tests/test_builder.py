import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from safeguarding.returns import builder, library, services
from safeguarding.returns.models import Question, Template
from safeguarding.returns.selectors import structure

TEXT = """## Leadership
0-3*: How well is the standard met?
text: How do you know?
## Policy
choice (Yes; No; Partly): Is the policy shared?
rag: Where are you now?
yes/no: Has it been reviewed?
number: How many staff trained?
date: When was it reviewed?
evidence: Attach the policy
improvement: What will you do?
"""


def test_the_builders_text_makes_every_kind_of_question():
    sections = builder.parse(TEXT)
    assert [s["title"] for s in sections] == ["Leadership", "Policy"]
    kinds = [q["kind"] for s in sections for q in s["questions"]]
    assert kinds == [
        "scale",
        "text",
        "choice",
        "scale",
        "yes_no",
        "number",
        "date",
        "evidence",
        "improvement",
    ]
    assert sections[0]["questions"][0]["required"]
    assert sections[1]["questions"][0]["options"] == ["Yes", "No", "Partly"]
    assert sections[1]["questions"][1]["scale"] == library.RAG


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("text: No section", "Line 1: start with a section heading"),
        ("## A\ncolour: Blue?", "Line 2: start the question with its type"),
        ("## A\nchoice (Yes): One?", "Line 2: list at least two choices"),
        ("## Only a heading", "Write at least one section with a question"),
    ],
)
def test_mistakes_name_the_line(text, says):
    with pytest.raises(ValidationError) as error:
        builder.parse(text)
    assert says in error.value.message_dict["questions"][0]


def test_a_new_version_written_back_and_changed_carries_forward_what_did_not_change(
    business_unit, children_board
):
    template = services.build_template(
        business_unit,
        board=children_board,
        name="Early help audit",
        kind="other",
        description="",
        questions=TEXT,
    )
    first = services.latest_version(template)
    text = builder.write(structure(first.pk))
    assert builder.parse(text) == builder.parse(TEXT)
    version = services.build_version(
        business_unit,
        template,
        questions=text.replace("How do you know?", "How do you know it works?"),
        note="Reworded one question",
    )
    old = {q.key: q.fingerprint for q in Question.objects.filter(section__version=first)}
    new = {q.key: q.fingerprint for q in Question.objects.filter(section__version=version)}
    assert sum(1 for key, print_ in new.items() if old.get(key) == print_) == 8


def test_the_builder_pages(client, business_unit):
    client.force_login(business_unit)
    url = reverse("returns:template_create")
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Schools audit", "kind": "other", "questions": "## A\nx"})
    assert "Line 2" in response.content.decode()
    response = client.post(url, {"name": "Schools audit", "kind": "other", "questions": TEXT})
    template = Template.objects.get(name="Schools audit")
    assert response.url == reverse("returns:template_detail", args=[template.pk])
    edit = reverse("returns:template_edit", args=[template.pk])
    page = client.get(edit)
    assert "0-3*: How well is the standard met?" in page.content.decode()
    response = client.post(edit, {"questions": TEXT + "text: One more?\n", "note": "Added one"})
    assert response.status_code == 302
    assert template.versions.count() == 2
