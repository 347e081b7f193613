from allauth.account.auth_backends import AuthenticationBackend


class HubAuthenticationBackend(AuthenticationBackend):
    """allauth's sign-in by e-mail, without Django's permission tables.

    Who may do what is decided by each app's rules.py from scoped roles; nobody is given
    Django's per-user or per-group permissions (the admin site is for superusers). Answering
    from empty sets saves the two permission queries every page made for its navigation."""

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()
