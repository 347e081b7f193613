from allauth.account.auth_backends import AuthenticationBackend

from safeguarding.organisations.selectors import person_for_session


class HubAuthenticationBackend(AuthenticationBackend):
    """allauth's sign-in by e-mail, without Django's permission tables.

    Who may do what is decided by each app's rules.py from scoped roles; nobody is given
    Django's per-user or per-group permissions (the admin site is for superusers). Answering
    from empty sets saves the two permission queries every page made for its navigation."""

    def get_user(self, user_id):
        """The person of a session, with their roles and the boards in the same query."""
        person = person_for_session(user_id)
        return person if person is not None and self.user_can_authenticate(person) else None

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()
