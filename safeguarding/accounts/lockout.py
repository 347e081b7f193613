"""Who is signing in, and from where: the keys of the sign-in lockout and rate limits."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def username_from_request(request, credentials) -> str:
    """Axes locks out by (username, IP); allauth signs in by e-mail, posted as 'login'."""
    if credentials:
        for key in ("email", "username", "login"):
            if credentials.get(key):
                return str(credentials[key]).strip().lower()
    return (request.POST.get("login") or request.POST.get("username") or "").strip().lower()


def client_address(request) -> str:
    """The address of the person's computer. Behind a load balancer every request comes from
    the balancer, so with HUB_TRUSTED_PROXY_COUNT = N (the proxies in front of the hub) the
    address is the Nth from the right of HUB_TRUSTED_PROXY_HEADER, the one the outermost
    trusted proxy saw. Without that setting the header is ignored: anyone can send it."""
    peer = request.META.get("REMOTE_ADDR", "")
    count = settings.HUB_TRUSTED_PROXY_COUNT
    if count <= 0:
        return peer
    meta_key = "HTTP_" + settings.HUB_TRUSTED_PROXY_HEADER.upper().replace("-", "_")
    hops = [hop.strip() for hop in request.META.get(meta_key, "").split(",") if hop.strip()]
    if len(hops) < count:
        # It did not come through every trusted proxy: only the peer's address is known.
        return peer
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return peer
