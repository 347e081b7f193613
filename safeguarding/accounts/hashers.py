"""The password hasher: Argon2id with OWASP's first-choice parameters (ADR 0008).

OWASP's Password Storage Cheat Sheet recommends Argon2id with at least 19 MiB of memory, two
passes and one lane. Django's own Argon2PasswordHasher is Argon2id with 100 MiB: a check then
costs more memory on each of the web server's threads for no gain a sign-in page needs. The
parameters are written into every hash (``argon2$argon2id$v=19$m=19456,t=2,p=1$...``), so a
hash made with others still verifies, and Django rehashes it at the next sign-in
(``must_update``)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class HubArgon2idPasswordHasher(Argon2PasswordHasher):
    """Argon2id, m=19 MiB, t=2, p=1. The algorithm name stays Django's "argon2", so hashes
    made by Django's own hasher (or by this one with other parameters) are recognised."""

    memory_cost = 19 * 1024  # KiB: 19 MiB
    time_cost = 2
    parallelism = 1
