import re

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


class EveryWidgetForm(forms.Form):
    name = forms.CharField(help_text='Say "why" & <how>', initial='O\'Brien & "Co" <b>')
    email = forms.EmailField(required=False)
    number = forms.IntegerField(initial=3)
    hidden = forms.CharField(widget=forms.HiddenInput, initial="x&y")
    password = forms.CharField(widget=forms.PasswordInput)
    sector = forms.ChoiceField(
        choices=[("", "Any"), ("a&b", 'Police & "crime"'), ("2", "<Health>")], initial="a&b"
    )
    grouped = forms.ChoiceField(
        choices=[("North", [("1", "Burnley"), ("2", "Pendle")]), ("3", "Preston")],
        required=False,
    )
    many = forms.MultipleChoiceField(choices=[("1", "One"), ("2", "Two")], initial=["1", "2"])
    day = forms.DateField(widget=forms.DateInput(attrs={"disabled": True}), required=False)


def test_the_fast_widgets_write_exactly_what_djangos_templates_write():
    from django.forms.renderers import TemplatesSetting

    class TemplatesOnly(GovukFormRenderer):
        def render(self, template_name, context, request=None):
            return TemplatesSetting.render(self, template_name, context, request)

    for data in (None, {"name": "", "sector": "2", "many": ["2"], "grouped": "2"}):
        fast = EveryWidgetForm(data=data, renderer=GovukFormRenderer())
        slow = EveryWidgetForm(data=data, renderer=TemplatesOnly())
        for name in fast.fields:
            assert str(fast[name]) == between_tags(str(slow[name])), name
        assert between_tags(str(fast)) == between_tags(str(slow))


def between_tags(html: str) -> str:
    """Django's select template puts line breaks between options; browsers ignore them."""
    return re.sub(r">\s+<", "><", html.strip())
