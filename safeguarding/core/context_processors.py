from functools import lru_cache

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from . import registry


@lru_cache(maxsize=256)
def _href(url_name: str, urlconf, script_prefix: str) -> str | None:
    """The navigation's links, worked out once per process (every page draws them); None for
    a page an app has not built."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def href(url_name: str) -> str | None:
    return _href(url_name, get_urlconf(), get_script_prefix())


def navigation(request):
    """The header's links: what the apps registered (core.registry), for this person."""
    user = request.user
    if not user.is_authenticated:
        public = ((item.label, href(item.url_name)) for item in registry.public_navigation())
        return {"navigation": [{"text": text, "href": link} for text, link in public if link]}
    items = []
    for item in registry.navigation():
        if item.permission and not user.has_perm(item.permission):
            continue
        link = href(item.url_name)
        if link is not None:
            items.append({"text": item.label, "href": link, "current": request.path == link})
    items.append({"text": "Sign out", "href": href("account_logout")})
    return {"navigation": items}
