"""Height of /publik/ on a desktop and a phone (Playwright + Chromium); prints, asserts nothing.

Usage: python benchmarks/public_height.py http://127.0.0.1:8000  (a server with the demo city)
"""

import sys

from playwright.sync_api import sync_playwright

SIZES = {"desktop 1440x900": (1440, 900), "phone 390x844": (390, 844)}


def main(base: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        for name, (w, h) in SIZES.items():
            page = browser.new_page(viewport={"width": w, "height": h})
            page.goto(base.rstrip("/") + "/publik/", wait_until="networkidle")
            height, scroll_w = page.evaluate(
                "[document.documentElement.scrollHeight, document.documentElement.scrollWidth]"
            )
            print(f"{name}: height {height} px ({height / h:.1f} screens), width {scroll_w} px")
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
