"""``{% if "app:page"|may_open:user %}``: show a link only where its view lets the user in."""

from django import template

from hibrida.org import access

register = template.Library()


@register.filter
def may_open(url_name: str, user) -> bool:
    return bool(user and user.is_authenticated) and access.may_open(user, url_name)
