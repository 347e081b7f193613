import uuid

from allauth.account.adapter import DefaultAccountAdapter


class HubAccountAdapter(DefaultAccountAdapter):
    """Registration is for practitioners; their agency comes from the e-mail domain."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # The per-address limit on failed sign-ins (ACCOUNT_RATE_LIMITS["login_failed"]).
        "too_many_login_attempts": "Too many failed sign-ins from your computer or network. "
        "Wait a minute, then try again.",
    }

    def save_user(self, request, user, form, commit=True):
        from safeguarding.accounts.services import complete_registration

        user = super().save_user(request, user, form, commit=False)
        return complete_registration(user, form.cleaned_data, commit=commit)

    def get_client_ip(self, request) -> str:
        """Rate limits count by the same address as the lockout (HUB_TRUSTED_PROXY_COUNT)."""
        from safeguarding.accounts.lockout import client_address

        return client_address(request)

    def send_mail(self, template_prefix, email, context):
        """Account e-mails (address confirmation, password reset) go through the outbox like
        every other notice, so a mail server that is down delays them instead of losing them.
        Each request is its own message: asking twice for a reset link sends two."""
        from safeguarding.core.outbox import queue_message

        from .emails import purpose_of

        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                body
                for body, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        queue_message(
            purpose=purpose_of(template_prefix),
            recipient=email,
            object_key=uuid.uuid4().hex,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
        )
