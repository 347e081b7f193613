"""Reading the hub's PDFs in tests as a person's viewer would, with poppler's pdftotext
(poppler-utils, installed by script/test)."""

from __future__ import annotations

import subprocess


def _pdftotext(content: bytes, *options: str) -> str:
    result = subprocess.run(  # noqa: S603 - poppler on PATH, reading our own PDF
        ["pdftotext", *options, "-enc", "UTF-8", "-", "-"],  # noqa: S607
        input=content,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def layout_pages(content: bytes) -> list[str]:
    """Each page's text as laid out on it (`pdftotext -layout`): columns keep their places, so
    headers that run together show as one word."""
    return _pdftotext(content, "-layout").split("\f")[:-1]


def flowing_text(content: bytes) -> str:
    """The text in the order it was written (`pdftotext -raw`, which is cell by cell in a
    table) with all spacing reduced to single spaces: a cell's text wrapped over several lines
    reads as one phrase, so a cut one is missing."""
    return " ".join(_pdftotext(content, "-raw").split())
