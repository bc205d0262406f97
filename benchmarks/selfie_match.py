"""CPU time of one selfie match on one core: decode a 640×480 JPEG, detect the face, 5-point
landmarks, the 128-d descriptor and the distance to a reference (issue 15: ≤ 500 ms).

Usage:
    PYTHONPATH=src .venv/bin/python benchmarks/selfie_match.py [--runs 40] [--cpu 0]

Prints p50/p95 per match (one frame) and per check-in (two frames and the liveness verdict),
as process CPU time (what one worker core spends) and wall time (noisy on a loaded machine).
The frames are the public-domain test face (tests/presence/fixtures/README.md) pasted on a
phone-size background; the second is sheared to imitate the requested head turn.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time
from pathlib import Path

# One core: no BLAS/OpenMP threads beside the one being measured.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from PIL import Image  # noqa: E402

from hibrida.presence import face  # noqa: E402

FIXTURE = Path(__file__).resolve().parent.parent / "tests/presence/fixtures/astronaut_face.jpg"


def frame(shear: float = 0.0) -> bytes:
    with Image.open(FIXTURE) as image:
        if shear:
            image = image.transform(
                image.size,
                Image.Transform.AFFINE,
                (1, -shear, shear * 95, 0, 1, 0),
                resample=Image.Resampling.BICUBIC,
            )
        canvas = Image.new("RGB", (640, 480), (118, 128, 140))
        canvas.paste(image.resize((360, 360)), (140, 60))
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--cpu", type=int, default=0)
    args = parser.parse_args()
    os.sched_setaffinity(0, {args.cpu})
    first, second = frame(), frame(0.2)
    reference = face.analyse(first)
    assert reference is not None, "the fixture must contain a face"
    face.analyse(second)  # warm-up: models loaded, caches filled
    match_cpu, match_wall, check_cpu, check_wall = [], [], [], []
    for _ in range(args.runs):
        c0, w0 = time.process_time(), time.perf_counter()
        found = face.analyse(first)
        assert found is not None
        face.distance(reference.descriptor, found.descriptor)
        c1, w1 = time.process_time(), time.perf_counter()
        turned = face.analyse(second)
        verdict = face.judge(
            reference=reference.descriptor,
            first=found,
            second=turned,
            turn=face.LEFT,
            threshold=0.6,
            min_turn=0.08,
        )
        c2, w2 = time.process_time(), time.perf_counter()
        assert verdict.reasons == (), verdict
        match_cpu.append(c1 - c0)
        match_wall.append(w1 - w0)
        check_cpu.append(c2 - c0)
        check_wall.append(w2 - w0)
    ms = 1000
    print(
        f"selfie match, 640x480 JPEG, {args.runs} runs on CPU {args.cpu}"
        f" (dlib {face.dlib.__version__})"
    )
    for name, cpu, wall in (
        ("one frame (match)", match_cpu, match_wall),
        ("check-in (2 frames + liveness)", check_cpu, check_wall),
    ):
        print(
            f"  {name:32s} CPU p50 {statistics.median(cpu) * ms:6.1f} ms  p95 "
            f"{percentile(cpu, 95) * ms:6.1f} ms | wall p50 {statistics.median(wall) * ms:6.1f} ms"
            f"  p95 {percentile(wall, 95) * ms:6.1f} ms"
        )


if __name__ == "__main__":
    main()
