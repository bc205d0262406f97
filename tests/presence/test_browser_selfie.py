"""The check-in page's selfie step in Chromium with a fake camera: a Y4M video made from the
public-domain test face (tests/presence/fixtures/README.md) stands in for the front camera."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hibrida.presence import selfies, verify
from hibrida.presence.models import CheckIn, SelfieCheck, SelfieState, Verdict
from tests.conftest import CHROMIUM, login
from tests.factories import PASSWORD
from tests.presence import selfie_kit as kit

from .conftest import OFFICE


def y4m(path, frame_jpeg: bytes, frames: int = 30) -> None:
    """A 640×480 4:2:0 Y4M of one still frame repeated: a photo held up to the camera."""
    with Image.open(io.BytesIO(frame_jpeg)) as image:
        y, cb, cr = image.convert("RGB").convert("YCbCr").split()
    half = (y.width // 2, y.height // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{y.width} H{y.height} F30:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + planes)


@pytest.mark.browser
def test_the_selfie_step_uploads_two_camera_frames_bound_to_the_check_in(
    transactional_db, browser, live_server, city, office, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    selfies.set_policy(
        actor=city.users["bkpsdm"], opd=city.opd_a, enabled=True, dpia_reference="DPIA-07/2026"
    )
    selfies.enrol_face(
        actor=city.users["opd_admin"],
        employee_id=city.staff1.pk,
        photo=SimpleUploadedFile("wajah.jpg", kit.face_bytes(), content_type="image/jpeg"),
    )
    video = tmp_path / "camera.y4m"
    y4m(video, kit.phone_frame())
    camera = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera.new_context(
            locale="id-ID",
            timezone_id="Asia/Jakarta",
            geolocation={"latitude": OFFICE[0], "longitude": OFFICE[1], "accuracy": 12},
            permissions=["geolocation", "camera"],
        )
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.base_url = live_server.url
        login(page, city.users["asn"].username, PASSWORD)
        page.goto(live_server.url + "/presensi/")
        assert page.locator("[data-testid=selfie-help]").is_visible()
        page.wait_for_selector("[data-testid=btn-in]:not([disabled])")
        page.click("[data-testid=btn-in]")
        # The instruction to turn the head is shown between the two frames.
        page.wait_for_function(
            "() => /toleh ke (kiri|kanan)/.test("
            "document.querySelector('[data-testid=selfie-status]').textContent)"
        )
        page.wait_for_function(
            "() => document.querySelector('[data-testid=selfie-status]').dataset.state === 'sent'"
        )
        assert page.locator("[data-testid=result]").get_attribute("data-status") == "VALID"
        context.close()
    finally:
        camera.close()
    check_in = CheckIn.objects.get()
    row = SelfieCheck.objects.get()
    assert row.check_in_id == check_in.pk and row.turn in ("left", "right")
    # The match ran after the answer (eager Celery after the commit). A still picture held up
    # to the camera: the face is found and is the enrolled person, but the head never turned.
    assert row.state == SelfieState.FLAGGED
    assert row.reasons == [verify.SELFIE_NOT_LIVE]
    assert row.distance is not None and row.distance < 0.6
    check_in.refresh_from_db()
    assert check_in.status == Verdict.FLAGGED and verify.SELFIE_NOT_LIVE in check_in.reasons
