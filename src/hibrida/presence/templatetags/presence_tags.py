"""``{% presence_layers user as layers %}``: which optional presence layers the sub-menu shows."""

from django import template

from hibrida.presence import selectors

register = template.Library()


@register.simple_tag
def presence_layers(user) -> dict[str, bool]:
    if not (user and user.is_authenticated):
        return {"selfie": False, "random_checks": False}
    return selectors.menu_layers(user)
