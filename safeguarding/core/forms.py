"""GOV.UK Frontend markup for Django forms.

Every field renders through `forms/field.html`, which picks the GOV.UK component for the widget
(input, textarea, select, radios, checkboxes, file upload, date). Errors get the error summary
(`forms/error_summary.html`) and per-field messages, as the design system asks.
"""

from django import forms
from django.forms.renderers import TemplatesSetting

WIDGET_CLASSES = {
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.FileInput: "govuk-file-upload",
    forms.widgets.Input: "govuk-input",
}
ERROR_CLASSES = {"govuk-textarea", "govuk-select", "govuk-file-upload", "govuk-input"}


def govuk_class_for(widget: forms.Widget) -> str:
    for widget_class, css_class in WIDGET_CLASSES.items():
        if isinstance(widget, widget_class):
            return css_class
    return ""


class GovukBoundField(forms.BoundField):
    """Adds the design system's classes and ties the hint and error to the field for screen
    readers (aria-describedby), so templates never have to."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css_class = govuk_class_for(widget)
        if self.errors and css_class in ERROR_CLASSES:
            css_class += f" {css_class}--error"
        # The widget's own class (say govuk-input--width-10) is kept beside the GOV.UK one:
        # Django lets these attrs replace the widget's, so both are joined here.
        own = (widget or self.field.widget).attrs.get("class", "")
        attrs["class"] = " ".join(filter(None, [css_class, own, attrs.get("class", "")]))
        described_by = []
        if self.help_text:
            described_by.append(f"{self.auto_id}-hint")
        if self.errors:
            described_by.append(f"{self.auto_id}-error")
        if described_by and not isinstance(
            widget, forms.RadioSelect | forms.CheckboxSelectMultiple
        ):
            attrs["aria-describedby"] = " ".join(described_by)
        else:
            attrs.pop("aria-describedby", None)
        return attrs


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = GovukBoundField


class GovukDateInput(forms.DateInput):
    """A plain date box with the GOV.UK hint; accepts 20/03/2015 and 2015-03-20."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})}, format="%d/%m/%Y")


DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]


class HubDateField(forms.DateField):
    widget = GovukDateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault("help_text", "For example, 20/03/2015")
        super().__init__(**kwargs)
