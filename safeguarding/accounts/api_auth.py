"""API tokens obey the same two-step verification rule as the pages."""

from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .middleware import mfa_required_for, user_has_totp


class MfaCheckedTokenAuthentication(TokenAuthentication):
    """A token stands in for the password, not for the second step: a person whose role needs
    an authenticator (MFA_REQUIRED) cannot use the API until they have set one up, as they
    could not use the pages."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if mfa_required_for(user) and not user_has_totp(user):
            raise AuthenticationFailed(
                "Your role needs two-step verification: set up an authenticator app under "
                "'Your account' before using an API token."
            )
        return user, token
