from allauth.account.forms import LoginForm, SignupForm
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms

from safeguarding.organisations.models import Agency

from .services import agency_for_email


class PractitionerSignupForm(SignupForm):
    full_name = forms.CharField(label="Full name", max_length=200)
    job_title = forms.CharField(label="Job title", max_length=200)
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        label="Your agency",
        empty_label="Choose your agency",
        help_text=(
            "Leave this empty if your work e-mail address belongs to a partner agency: we will "
            "recognise it. Otherwise choose your agency and its safeguarding lead will confirm you."
        ),
    )
    field_order = ["full_name", "job_title", "email", "agency", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Work e-mail address"
        self.fields["email"].widget.attrs.pop("placeholder", None)
        for name in ("password1", "password2"):
            if name in self.fields:
                self.fields[name].widget.attrs.pop("placeholder", None)
        if "password1" in self.fields:
            self.fields["password1"].help_text = (
                "At least 12 characters. A few unrelated words make a strong password that is "
                "easy to remember. Common passwords are not accepted."
            )
        if "password2" in self.fields:
            self.fields["password2"].label = "Confirm password"
        self.order_fields(self.field_order)

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if email and not cleaned.get("agency") and agency_for_email(email) is None:
            self.add_error(
                "agency",
                "We do not recognise your e-mail address as a partner agency's: choose your agency",
            )
        return cleaned


class HubLoginForm(LoginForm):
    """allauth's sign-in form without placeholders (GOV.UK labels say it all)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "E-mail address"
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        # The page links to "Forgotten your password?" itself.
        self.fields["password"].help_text = ""


def _plain_code_field(field, label: str) -> None:
    """A GOV.UK code box: a clear label, no placeholder, no spelling help."""
    field.label = label
    attrs = field.widget.attrs
    attrs.pop("placeholder", None)
    attrs.update(
        {
            "spellcheck": "false",
            "autocomplete": "one-time-code",
        }
    )


class HubActivateTOTPForm(ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain_code_field(self.fields["code"], "Code from your authenticator app")


class HubAuthenticateForm(AuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain_code_field(self.fields["code"], "Code from your app, or a recovery code")


class HubReauthenticateForm(ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain_code_field(self.fields["code"], "Code from your app, or a recovery code")
