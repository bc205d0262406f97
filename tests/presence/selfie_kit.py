"""Frames for the selfie tests, derived from two public-domain faces (fixtures/README.md)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

FIXTURES = Path(__file__).parent / "fixtures"
FACE = FIXTURES / "astronaut_face.jpg"
# A second, different person: what "someone else in front of the camera" really looks like to
# the model, instead of an embedding shifted by hand.
OTHER = FIXTURES / "grace_hopper_face.jpg"
# The eye line of each fixture, in its pixels (where dlib's 5-point landmarks put the eyes).
EYE_LINE_Y = {FACE: 95, OTHER: 88}


def face_bytes() -> bytes:
    return FACE.read_bytes()


def other_bytes() -> bytes:
    return OTHER.read_bytes()


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def turned(direction: str, amount: float = 0.2, *, person: Path = FACE) -> bytes:
    """The fixture with its head "turned": a horizontal shear about the eye line moves the nose
    (below the eyes) sideways while the eyes stay put, which is what the liveness rule reads.
    "left" is the person's own left, i.e. the nose moves to the right of the camera frame."""
    k = amount if direction == "left" else -amount
    eye = EYE_LINE_Y[person]
    with Image.open(person) as image:
        # The affine maps output (x, y) to input (x - k·(y - eye), y).
        sheared = image.transform(
            image.size,
            Image.Transform.AFFINE,
            (1, -k, k * eye, 0, 1, 0),
            resample=Image.Resampling.BICUBIC,
        )
    return _jpeg(sheared)


def phone_frame(data: bytes | None = None, size: tuple[int, int] = (640, 480)) -> bytes:
    """A phone-size frame: the face scaled to 3/4 of the height on a plain background."""
    with Image.open(io.BytesIO(data or face_bytes())) as face:
        side = size[1] * 3 // 4
        canvas = Image.new("RGB", size, (118, 128, 140))
        canvas.paste(face.resize((side, side)), ((size[0] - side) // 2, (size[1] - side) // 2))
    return _jpeg(canvas)


def no_face(size: tuple[int, int] = (320, 240)) -> bytes:
    """A synthetic frame with no face in it: a smooth colour gradient."""
    image = Image.new("RGB", size)
    image.putdata(
        [
            (x * 255 // size[0], y * 255 // size[1], 128)
            for y in range(size[1])
            for x in range(size[0])
        ]
    )
    return _jpeg(image)
