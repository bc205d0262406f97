"""Indonesian formats where Django's own ``id`` locale does not fit a browser.

A date field (``<input type=date>``) only accepts and shows ISO ``YYYY-MM-DD``; Django renders a
form's date with the first input format, which for ``id`` is ``dd-mm-yyyy`` and leaves the field
empty after an error. ISO comes first; the day-first forms people type are still accepted.
Names not set here fall back to Django's ``id`` locale (decimal comma, thousands dot).
"""

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2026-12-07', what a date field submits
    "%d/%m/%Y",  # '07/12/2026'
    "%d-%m-%Y",  # '07-12-2026'
    "%d/%m/%y",  # '07/12/26'
    "%d-%m-%y",  # '07-12-26'
]
