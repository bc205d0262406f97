"""Selfie check: face embedding, match distance and a head-turn liveness test. Pure (no Django).

dlib's HOG frontal face detector, its 5-point landmark model and its ResNet descriptor (128
floats, faces of one person usually closer than 0.6 in Euclidean distance). The model files
come from the ``face_recognition_models`` package; nothing is downloaded at run time.
Design: docs/architecture.md, "Selfie check".
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import dlib
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from .verify import SELFIE_MISMATCH, SELFIE_NO_FACE, SELFIE_NO_REFERENCE, SELFIE_NOT_LIVE

DESCRIPTOR_SIZE = 128
LEFT = "left"
RIGHT = "right"
TURNS = (LEFT, RIGHT)
# Phone cameras give up to 12 MP; dlib's time grows with pixels, a face needs far fewer.
MAX_SIDE = 800
# A small file can still decode to a huge bitmap; no phone camera exceeds this.
MAX_PIXELS = 50_000_000


class BadImage(ValueError):
    """The bytes are not an image Pillow can read."""


@dataclass(frozen=True)
class Face:
    """The largest face of one frame: its descriptor and where the nose sits between the eyes.

    ``nose_offset`` is (nose x − midpoint of the eyes x) / distance between the eyes, in the
    frame as the camera took it (not mirrored). Turning the head to the person's own left
    moves the nose to the right of the frame: the offset grows.
    """

    descriptor: tuple[float, ...]
    nose_offset: float


@dataclass(frozen=True)
class Judgement:
    """What the check found; no ``reasons`` when the selfie supports presence."""

    reasons: tuple[str, ...]
    distance: float | None = None
    frames_distance: float | None = None
    turn_delta: float | None = None


def _model(name: str) -> str:
    return str(resources.files("face_recognition_models") / "models" / name)


@functools.cache
def _models() -> tuple[Any, Any, Any]:
    # Loaded once per process (≈ 100 ms, 30 MB); a worker reuses them for every task.
    return (
        dlib.get_frontal_face_detector(),
        dlib.shape_predictor(_model("shape_predictor_5_face_landmarks.dat")),
        dlib.face_recognition_model_v1(_model("dlib_face_recognition_resnet_model_v1.dat")),
    )


def load_rgb(data: bytes) -> np.ndarray:
    """Decode a JPEG/PNG (EXIF rotation applied), scaled so its longer side is ≤ MAX_SIDE."""
    try:
        with Image.open(io.BytesIO(data)) as raw:
            if raw.width * raw.height > MAX_PIXELS:
                raise BadImage(f"{raw.width}×{raw.height} piksel")
            # JPEG: let the decoder scale down by 2/4/8 already (far less memory and time).
            raw.draft("RGB", (MAX_SIDE, MAX_SIDE))
            image = ImageOps.exif_transpose(raw).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as err:
        raise BadImage(str(err)) from None
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.BILINEAR)
    return np.asarray(image)


def analyse(data: bytes) -> Face | None:
    """The largest face in the image, or None when the detector finds none."""
    pixels = load_rgb(data)
    detector, landmarks, encoder = _models()
    # A selfie's face fills much of the frame: try without upsampling first (4× cheaper).
    found = detector(pixels, 0) or detector(pixels, 1)
    if not found:
        return None
    box = max(found, key=lambda r: r.area())
    shape = landmarks(pixels, box)
    points = [(p.x, p.y) for p in shape.parts()]
    # 5-point model: 0–1 one eye's corners, 2–3 the other's, 4 the base of the nose.
    eye_a = ((points[0][0] + points[1][0]) / 2, (points[0][1] + points[1][1]) / 2)
    eye_b = ((points[2][0] + points[3][0]) / 2, (points[2][1] + points[3][1]) / 2)
    eye_gap = math.dist(eye_a, eye_b) or 1.0
    nose_offset = (points[4][0] - (eye_a[0] + eye_b[0]) / 2) / eye_gap
    descriptor = encoder.compute_face_descriptor(pixels, shape)
    return Face(descriptor=tuple(float(v) for v in descriptor), nose_offset=nose_offset)


def distance(a: Sequence[float], b: Sequence[float]) -> float:
    return float(np.linalg.norm(np.asarray(a, dtype=float) - np.asarray(b, dtype=float)))


def turned(turn: str, before: Face, after: Face, *, min_turn: float) -> tuple[bool, float]:
    """(did the head turn the requested way by at least ``min_turn``, the offset change)."""
    delta = after.nose_offset - before.nose_offset
    return (delta >= min_turn if turn == LEFT else -delta >= min_turn), delta


def judge(
    *,
    reference: Sequence[float] | None,
    first: Face | None,
    second: Face | None,
    turn: str,
    threshold: float,
    min_turn: float,
) -> Judgement:
    """The selfie's verdict: a face in both frames, the same person in both, the head turned
    as asked, and the first frame within ``threshold`` of the enrolled reference.

    Every failing rule is named; the distances are kept as the atasan's evidence.
    """
    if first is None or second is None:
        return Judgement(reasons=(SELFIE_NO_FACE,))
    frames = distance(first.descriptor, second.descriptor)
    ok_turn, delta = turned(turn, first, second, min_turn=min_turn)
    to_reference = None if reference is None else distance(reference, first.descriptor)
    reasons = []
    if to_reference is None:
        reasons.append(SELFIE_NO_REFERENCE)
    elif to_reference >= threshold:
        reasons.append(SELFIE_MISMATCH)
    if frames >= threshold or not ok_turn:
        reasons.append(SELFIE_NOT_LIVE)
    return Judgement(
        reasons=tuple(reasons), distance=to_reference, frames_distance=frames, turn_delta=delta
    )
