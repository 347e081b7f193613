from allauth.account.adapter import DefaultAccountAdapter


class HubAccountAdapter(DefaultAccountAdapter):
    """Registration is for practitioners; their agency comes from the e-mail domain."""

    def save_user(self, request, user, form, commit=True):
        from safeguarding.accounts.services import complete_registration

        user = super().save_user(request, user, form, commit=False)
        return complete_registration(user, form.cleaned_data, commit=commit)
