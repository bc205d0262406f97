"""The offline check-in page needs every stylesheet and script its HTML loads."""

import re

from django.urls import reverse

from tests.conftest import client_for


def test_every_file_the_check_in_page_loads_is_kept_for_offline_use(city):
    client = client_for(city.users["asn"])
    html = client.get(reverse("presence:check_in")).content.decode()
    loaded = set(re.findall(r'(?:src|href)="(/static/[^"]+\.(?:js|css))"', html))
    assert "/static/vendor/flatpickr/flatpickr.min.js" in loaded
    worker = client.get(reverse("presence:service_worker")).content.decode()
    missing = [path for path in sorted(loaded) if f'"{path}"' not in worker]
    assert missing == []
