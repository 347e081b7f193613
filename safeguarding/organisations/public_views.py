"""The board's public pages: no sign-in, cacheable, printable."""

from django.shortcuts import render
from django.views.decorators.cache import cache_control

from .selectors import all_boards


@cache_control(public=True, max_age=300)
def board_home(request):
    return render(request, "organisations/public/home.html", {"boards": all_boards()})


@cache_control(public=True, max_age=300)
def contact(request):
    return render(request, "organisations/public/contact.html", {"boards": all_boards()})
