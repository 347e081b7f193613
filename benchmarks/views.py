"""The ceiling: what Django itself can serve on this machine, measured in the same run as the
hub's pages. A bare view renders a 50-row GOV.UK table from a standalone template, with no
database query and no context processor (those would look up the user and the boards)."""

from datetime import date, timedelta
from pathlib import Path

from django.http import HttpResponse
from django.template import Context, Engine

ENGINE = Engine(
    dirs=[str(Path(__file__).resolve().parent / "templates")],
    loaders=[
        ("django.template.loaders.cached.Loader", ["django.template.loaders.filesystem.Loader"])
    ],
)
SECTORS = ["Police", "Health", "Education", "Voluntary and community", "Probation"]
ROWS = [
    {
        "number": number,
        "name": f"Partner agency {number}",
        "href": f"/directory/agencies/partner-agency-{number}/",
        "sector": SECTORS[number % len(SECTORS)],
        "joined": date(2015, 3, 20) + timedelta(days=number * 11),
        "people": number * 37 % 500,
        "contributing": number % 3 != 0,
    }
    for number in range(1, 51)
]


def ceiling(request):
    template = ENGINE.get_template("benchmarks/ceiling.html")
    return HttpResponse(template.render(Context({"rows": ROWS, "title": "Partner agencies"})))
