"""GOV.UK Frontend markup for Django forms.

Every field renders through `forms/field.html`, which picks the GOV.UK component for the widget
(input, textarea, select, radios, checkboxes, file upload, date). Errors get the error summary
(`forms/error_summary.html`) and per-field messages, as the design system asks.
"""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

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


def _attrs_html(attrs: dict) -> str:
    """What Django's widgets/attrs.html writes: True is a bare attribute, False is left out."""
    parts = []
    for name, value in attrs.items():
        if value is False or value is None:
            continue
        if value is True:
            parts.append(f" {name}")
        else:
            parts.append(f' {name}="{conditional_escape(str(value))}"')
    return "".join(parts)


def _input_html(widget: dict) -> str:
    value = (
        "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
    )
    attrs = _attrs_html(widget["attrs"])
    return f'<input type="{widget["type"]}" name="{widget["name"]}"{value}{attrs}>'


def _select_html(widget: dict) -> str:
    parts = [f'<select name="{widget["name"]}"{_attrs_html(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'<optgroup label="{conditional_escape(str(group_name))}">')
        for option in options:
            parts.append(
                f'<option value="{conditional_escape(str(option["value"]))}"'
                f"{_attrs_html(option['attrs'])}>{conditional_escape(str(option['label']))}</option>"
            )
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    return "".join(parts)


# Django renders each widget, and each option of a select, through three small templates. On a
# list page's filter panel that was a quarter of the page's time, so the commonest widgets are
# written out here instead, producing exactly what Django's templates produce (a test compares
# the two). Everything else still goes through the templates.
FAST_WIDGET_TEMPLATES = {
    "django/forms/widgets/select.html": _select_html,
    **{
        f"django/forms/widgets/{name}.html": _input_html
        for name in ("text", "email", "number", "search", "url", "password", "hidden", "date")
    },
}


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = GovukBoundField

    def render(self, template_name, context, request=None):
        fast = FAST_WIDGET_TEMPLATES.get(template_name)
        if fast is not None:
            return mark_safe(fast(context["widget"]))  # noqa: S308 - every value is escaped above
        return super().render(template_name, context, request)


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


def add_validation_errors(form, error, aliases: dict[str, str] | None = None) -> None:
    """Shows a service's ValidationError on the form: each message beside the field it names
    (through `aliases` when the service's name for a field differs from the form's), the rest
    at the top of the error summary (all of it, for an error naming no field)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, problems in error.message_dict.items():
        field = (aliases or {}).get(field, field)
        form.add_error(field if field in form.fields else None, problems)
    current = getattr(error, "current", None)  # an EditConflict (core.concurrency)
    if current is not None and "version" in form.fields:
        # The form now carries the stored version: saving again, having seen the other
        # person's change, is a deliberate choice to replace it.
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = current.version
