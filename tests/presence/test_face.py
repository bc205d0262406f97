"""The selfie check's pure core (hibrida.presence.face) on a real face: detection, descriptor,
the head-turn liveness rule and the match threshold at its boundary."""

from __future__ import annotations

import pytest

from hibrida.presence import face, verify
from tests.presence import selfie_kit as kit

THRESHOLD = 0.6
MIN_TURN = 0.08


@pytest.fixture(scope="module")
def straight() -> face.Face:
    found = face.analyse(kit.face_bytes())
    assert found is not None
    return found


def test_the_fixture_face_is_found_with_a_128_float_descriptor(straight):
    assert len(straight.descriptor) == face.DESCRIPTOR_SIZE
    assert all(isinstance(v, float) for v in straight.descriptor)


def test_a_gradient_has_no_face():
    assert face.analyse(kit.no_face()) is None


def test_bytes_that_are_no_image_are_refused():
    with pytest.raises(face.BadImage):
        face.analyse(b"bukan gambar")


def test_the_same_face_in_a_phone_frame_is_well_within_the_threshold(straight):
    framed = face.analyse(kit.phone_frame())
    assert framed is not None
    assert face.distance(straight.descriptor, framed.descriptor) < THRESHOLD / 2


@pytest.mark.parametrize("direction", ["left", "right"])
def test_a_requested_turn_passes_and_the_reference_matches(straight, direction):
    after = face.analyse(kit.turned(direction))
    result = face.judge(
        reference=straight.descriptor,
        first=straight,
        second=after,
        turn=direction,
        threshold=THRESHOLD,
        min_turn=MIN_TURN,
    )
    assert result.reasons == ()
    assert result.distance == 0.0
    assert abs(result.turn_delta) >= MIN_TURN


def test_a_turn_the_other_way_fails_liveness(straight):
    after = face.analyse(kit.turned("right"))
    result = face.judge(
        reference=straight.descriptor,
        first=straight,
        second=after,
        turn="left",
        threshold=THRESHOLD,
        min_turn=MIN_TURN,
    )
    assert result.reasons == (verify.SELFIE_NOT_LIVE,)


def test_a_still_photo_held_up_twice_fails_liveness(straight):
    result = face.judge(
        reference=straight.descriptor,
        first=straight,
        second=straight,
        turn="left",
        threshold=THRESHOLD,
        min_turn=MIN_TURN,
    )
    assert result.reasons == (verify.SELFIE_NOT_LIVE,)
    assert result.turn_delta == 0.0


def _reference_at(straight: face.Face, distance: float) -> list[float]:
    # A vector at an exact distance along the first axis: the boundary needs exact numbers,
    # which no photo gives. The other-person case uses a real second face (below).
    shifted = list(straight.descriptor)
    shifted[0] += distance
    return shifted


@pytest.mark.parametrize(
    ("distance", "reasons"),
    [
        (THRESHOLD - 0.001, ()),
        (THRESHOLD, (verify.SELFIE_MISMATCH,)),
    ],
)
def test_the_threshold_boundary(straight, distance, reasons):
    after = face.analyse(kit.turned("left"))
    result = face.judge(
        reference=_reference_at(straight, distance),
        first=straight,
        second=after,
        turn="left",
        threshold=THRESHOLD,
        min_turn=MIN_TURN,
    )
    assert result.reasons == reasons
    assert result.distance == pytest.approx(distance)


@pytest.fixture(scope="module")
def other() -> face.Face:
    found = face.analyse(kit.other_bytes())
    assert found is not None
    return found


def test_a_different_real_person_is_beyond_the_threshold(straight, other):
    assert face.distance(straight.descriptor, other.descriptor) > THRESHOLD
    # Framed as a phone would take her, she is still someone else.
    framed = face.analyse(kit.phone_frame(kit.other_bytes()))
    assert framed is not None
    assert face.distance(straight.descriptor, framed.descriptor) > THRESHOLD
    # The model is not merely far from everything: her own second frame is close to her.
    assert face.distance(other.descriptor, framed.descriptor) < THRESHOLD / 2


def test_another_person_turning_as_asked_is_live_but_a_mismatch(straight, other):
    """The joki case: a live, correctly turning face that is not the enrolled ASN."""
    after = face.analyse(kit.turned("left", person=kit.OTHER))
    result = face.judge(
        reference=straight.descriptor,
        first=other,
        second=after,
        turn="left",
        threshold=THRESHOLD,
        min_turn=MIN_TURN,
    )
    assert result.reasons == (verify.SELFIE_MISMATCH,)
    assert result.distance is not None and result.distance > THRESHOLD
    # Against her own enrolment the same two frames pass: the mismatch is the person.
    own = face.judge(
        reference=other.descriptor,
        first=other,
        second=after,
        turn="left",
        threshold=THRESHOLD,
        min_turn=MIN_TURN,
    )
    assert own.reasons == ()


def test_turn_boundary_is_inclusive():
    before = face.Face(descriptor=(0.0,) * 128, nose_offset=0.0)
    assert face.turned("left", before, face.Face((0.0,) * 128, 0.08), min_turn=0.08)[0]
    assert not face.turned("left", before, face.Face((0.0,) * 128, 0.0799), min_turn=0.08)[0]
    assert face.turned("right", before, face.Face((0.0,) * 128, -0.08), min_turn=0.08)[0]
    assert not face.turned("right", before, face.Face((0.0,) * 128, 0.08), min_turn=0.08)[0]


def test_no_face_in_a_frame_is_named(straight):
    result = face.judge(
        reference=straight.descriptor,
        first=None,
        second=straight,
        turn="left",
        threshold=THRESHOLD,
        min_turn=MIN_TURN,
    )
    assert result.reasons == (verify.SELFIE_NO_FACE,)


def test_without_a_reference_the_check_says_so(straight):
    result = face.judge(
        reference=None,
        first=straight,
        second=face.analyse(kit.turned("left")),
        turn="left",
        threshold=THRESHOLD,
        min_turn=MIN_TURN,
    )
    assert result.reasons == (verify.SELFIE_NO_REFERENCE,)


def test_a_small_file_that_decodes_to_a_huge_bitmap_is_refused():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (8000, 6400)).save(buffer, "PNG")  # 51.2 MP of zeros: a few KB on disk
    assert len(buffer.getvalue()) < 200_000
    with pytest.raises(face.BadImage):
        face.load_rgb(buffer.getvalue())
