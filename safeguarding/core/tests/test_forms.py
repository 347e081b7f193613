from django import forms

from safeguarding.core.forms import GovukFormRenderer


class WidthForm(forms.Form):
    postcode = forms.CharField(widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}))
    reason = forms.CharField(widget=forms.Textarea)


def test_the_renderer_keeps_a_widgets_own_class_beside_the_govuk_one():
    form = WidthForm(data={"postcode": "", "reason": "x"}, renderer=GovukFormRenderer())
    html = str(form["postcode"])
    assert 'class="govuk-input govuk-input--error govuk-input--width-10"' in html
    assert 'class="govuk-textarea"' in str(form["reason"])
