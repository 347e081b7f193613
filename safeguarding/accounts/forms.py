from allauth.account.forms import SignupForm
from django import forms

from safeguarding.organisations.models import Agency


class PractitionerSignupForm(SignupForm):
    full_name = forms.CharField(label="Full name", max_length=200)
    job_title = forms.CharField(label="Job title", max_length=200)
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        label="Your agency",
        help_text=(
            "Leave this empty if your work e-mail address belongs to a partner agency: we will "
            "recognise it. Otherwise choose your agency and its safeguarding lead will confirm you."
        ),
    )
