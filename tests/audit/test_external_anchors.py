"""Tamper evidence that does not trust the operator: anchors published and kept outside."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from hibrida.activity.models import Notification
from hibrida.audit import selectors, services
from hibrida.audit.chain import event_hash
from hibrida.audit.models import AuditEvent, ChainHead, DailyAnchor
from hibrida.audit.tasks import anchor_yesterday
from tests.audit.test_anchors import _events_on


@pytest.fixture
def anchored(city):
    """Three events on d1 (#1-#3), two on d2 (#4-#5), both days anchored (#6, #7 today)."""
    AuditEvent.objects.all().delete()
    ChainHead.objects.all().delete()
    today = timezone.localdate()
    d1, d2 = today - dt.timedelta(days=3), today - dt.timedelta(days=2)
    _events_on(d1, 3)
    _events_on(d2, 2)
    services.anchor_day(day=d1)
    services.anchor_day(day=d2)
    return d1, d2


def _download(tmp_path):
    response = Client().get("/publik/jangkar-audit.jsonl")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/jsonl"
    path = tmp_path / "jangkar.jsonl"
    path.write_bytes(response.content)
    return path


def _rewrite_history(seq: int) -> None:
    """The insider: edit event ``seq``, recompute every later hash, the head and the anchors."""
    prev = None
    for event in AuditEvent.objects.order_by("seq"):
        if event.seq == seq:
            event.action = "uji.dipalsukan"
        if prev is not None:
            event.prev_hash = prev
        event.hash = event_hash(event.prev_hash, event.payload())
        AuditEvent.objects.filter(pk=event.pk).update(
            action=event.action, prev_hash=event.prev_hash, hash=event.hash
        )
        prev = event.hash
    ChainHead.objects.filter(pk=1).update(last_hash=prev)
    for anchor in DailyAnchor.objects.all():
        anchor.head_hash = AuditEvent.objects.get(seq=anchor.last_seq).hash
        anchor.save(update_fields=["head_hash"])


def _verify(*args) -> str:
    out = io.StringIO()
    call_command("verify_audit_log", *args, stdout=out)
    return out.getvalue()


def test_rule_published_file_has_one_line_per_day(anchored, tmp_path):
    d1, d2 = anchored
    lines = _download(tmp_path).read_text().splitlines()
    assert [json.loads(line) for line in lines] == [
        {
            "day": d1.isoformat(),
            "last_seq": 3,
            "head_hash": AuditEvent.objects.get(seq=3).hash,
            "tsa_token": None,
            "tsa_time": None,
        },
        {
            "day": d2.isoformat(),
            "last_seq": 5,
            "head_hash": AuditEvent.objects.get(seq=5).hash,
            "tsa_token": None,
            "tsa_time": None,
        },
    ]


def test_rule_public_page_lists_the_heads(anchored):
    page = Client().get("/publik/").content.decode()
    assert AuditEvent.objects.get(seq=5).hash in page
    assert AuditEvent.objects.get(seq=3).hash in page
    assert "/publik/jangkar-audit.jsonl" in page


def test_rule_external_anchors_catch_a_full_rewrite(anchored, city, tmp_path):
    """Rule: an insider who edits an old event AND recomputes every later hash, the chain head
    and the stored anchors passes every check inside the database, but not the copy kept
    outside, which names the first day that disagrees."""
    d1, _ = anchored
    external = _download(tmp_path)
    assert "Cocok dengan 2 jangkar luar" in _verify("--anchors", str(external))

    _rewrite_history(seq=2)

    assert "Rantai audit utuh: 7 peristiwa" in _verify()  # the chain alone looks whole…
    viewer = city.users["inspektorat"]
    assert all(a["ok"] for a in selectors.anchor_status(viewer))  # …so do stored anchors
    with pytest.raises(CommandError) as caught:
        _verify("--anchors", str(external))
    message = str(caught.value)
    assert f"sejak hari {d1.isoformat()}" in message
    assert "peristiwa #3" in message


def test_rule_an_edit_after_the_first_day_names_the_later_day(anchored, tmp_path):
    """#4 lies on d2: d1's head (#3) still matches, d2's (#5) does not."""
    _, d2 = anchored
    external = _download(tmp_path)
    _rewrite_history(seq=4)
    with pytest.raises(CommandError, match=f"sejak hari {d2.isoformat()}.*peristiwa #5"):
        _verify("--anchors", str(external))


def test_rule_truncated_chain_is_reported_against_external_anchors(anchored, tmp_path):
    _, d2 = anchored
    external = _download(tmp_path)
    AuditEvent.objects.filter(seq__gte=5).delete()
    ChainHead.objects.filter(pk=1).update(last_seq=4, last_hash=AuditEvent.objects.get(seq=4).hash)
    with pytest.raises(CommandError, match=f"sejak hari {d2.isoformat()}.*#5 tidak ada lagi"):
        _verify("--anchors", str(external))


GOOD = '"head_hash": "' + "a" * 64 + '"'


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "berkas jangkar kosong"),
        (
            '{"day": "2026-01-01", "last_seq": 1, "head_hash": "' + "a" * 64 + '"}\n{bukan',
            "baris 2",
        ),
        ('{"day": "2026-13-01", "last_seq": 1, "head_hash": "' + "a" * 64 + '"}', "tanggal"),
        ('{"day": "2026-01-01", "last_seq": -1, "head_hash": "' + "a" * 64 + '"}', "last_seq"),
        ('{"day": "2026-01-01", "last_seq": 1, "head_hash": "xyz"}', "head_hash"),
        ('{"day": "2026-01-01", "last_seq": 1}', "kolom head_hash"),
    ],
)
def test_rule_bad_anchor_file_is_refused_with_its_line(anchored, tmp_path, content, expected):
    path = tmp_path / "jangkar.jsonl"
    path.write_text(content)
    with pytest.raises(CommandError, match="Berkas jangkar tidak sah") as caught:
        _verify("--anchors", str(path))
    assert expected in str(caught.value)


def test_rule_task_mails_unsent_anchors_and_notifies_the_inspektorat(anchored, city, settings):
    d1, d2 = anchored
    settings.HIBRIDA_ANCHOR_EMAILS = ["inspektorat@bekasikota.go.id"]
    mail.outbox.clear()
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    result = anchor_yesterday.delay().get()
    assert result["sent"] == 3 and result["timestamped"] == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["inspektorat@bekasikota.go.id"]
    assert d1.isoformat() in message.subject and yesterday.isoformat() in message.subject
    h3 = AuditEvent.objects.get(seq=3).hash
    line = f'{{"day":"{d1.isoformat()}","head_hash":"{h3}","last_seq":3}}'
    assert line in message.body
    assert not DailyAnchor.objects.filter(sent_at__isnull=True).exists()
    inspektorat = city.users["inspektorat"]
    assert Notification.objects.filter(user=inspektorat, kind="audit_anchor").count() == 1
    assert AuditEvent.objects.filter(action="audit.anchors_sent").count() == 1
    # The next run has nothing new to send.
    mail.outbox.clear()
    assert anchor_yesterday.delay().get()["sent"] == 0
    assert mail.outbox == []


def test_rule_failed_mail_leaves_anchors_unsent_for_the_next_run(anchored, settings, monkeypatch):
    settings.HIBRIDA_ANCHOR_EMAILS = ["inspektorat@bekasikota.go.id"]

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("server surat mati")

    monkeypatch.setattr("hibrida.audit.publication.send_mail", refuse)
    assert anchor_yesterday.delay().get()["sent"] == 0
    assert DailyAnchor.objects.filter(sent_at__isnull=True).count() == 3
    monkeypatch.undo()
    mail.outbox.clear()
    assert anchor_yesterday.delay().get()["sent"] == 3
    assert len(mail.outbox) == 1
