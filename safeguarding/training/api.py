"""The training API, under /api/."""


def register(router) -> None:
    """Adds this app's viewsets to the project's router."""
