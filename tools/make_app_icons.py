"""Draw the installable check-in app's PNG icons (Pillow); the output is committed.

Run: .venv/bin/python tools/make_app_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "src/hibrida/presence/static/presence/icons"
GREEN = (11, 93, 59, 255)
WHITE = (255, 255, 255, 255)


def icon(size: int, *, maskable: bool) -> Image.Image:
    img = Image.new("RGBA", (size, size), GREEN if maskable else (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    if not maskable:
        draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 5, fill=GREEN)
    # A map pin with a tick: "I am here". Maskable icons keep it in the inner 60 % safe zone.
    scale = 0.6 if maskable else 0.78
    s = size * scale
    cx, top = size / 2, (size - s) / 2
    r = s * 0.32
    cy = top + r + s * 0.05
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=WHITE)
    draw.polygon(
        [(cx - r * 0.8, cy + r * 0.55), (cx + r * 0.8, cy + r * 0.55), (cx, top + s)], fill=WHITE
    )
    w = max(2, round(size / 24))
    draw.line(
        [(cx - r * 0.45, cy), (cx - r * 0.1, cy + r * 0.35), (cx + r * 0.5, cy - r * 0.35)],
        fill=GREEN,
        width=w,
        joint="curve",
    )
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        icon(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
        icon(size, maskable=True).save(OUT / f"maskable-{size}.png", optimize=True)
    icon(180, maskable=True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    icon(32, maskable=False).save(OUT / "favicon-32.png", optimize=True)


if __name__ == "__main__":
    main()
