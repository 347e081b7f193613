"""Helpers for the apps' rows of the write matrix (tests/test_write_matrix.py)."""


def sets_up(payload):
    """Marks a payload builder that first changes the world (inside the request's transaction,
    rolled back with it), e.g. to bring a record to the state the write needs."""
    payload.sets_up = True
    return payload
