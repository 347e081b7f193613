def username_from_request(request, credentials) -> str:
    """Axes locks out by (username, IP); allauth signs in by e-mail, posted as 'login'."""
    if credentials:
        for key in ("email", "username", "login"):
            if credentials.get(key):
                return str(credentials[key]).strip().lower()
    return (request.POST.get("login") or request.POST.get("username") or "").strip().lower()
