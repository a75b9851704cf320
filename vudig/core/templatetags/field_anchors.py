"""Where an error summary's link for a field should lead: the element a person types into or chooses first."""

from django import template

register = template.Library()


@register.filter
def field_anchor(bound_field) -> str:
    """The id of the field's control; for a group of radio buttons or checkboxes (no single control, so Django's
    ``id_for_label`` is empty) the first option's id, and failing that the widget's own id."""
    if bound_field.id_for_label:
        return bound_field.id_for_label
    for option in bound_field.subwidgets:
        if option.id_for_label:
            return option.id_for_label
    return bound_field.auto_id or ""
