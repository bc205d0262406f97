"""API: happy path of the loop and 422 errors."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from hibrida.activity.models import ReportStatus

from .conftest import TODAY

pytestmark = pytest.mark.django_db

ACT = {
    "description": "Rapat koordinasi",
    "output": "Notulen",
    "quantity": 1,
    "unit": "dokumen",
    "minutes": 90,
    "evidence_link": "https://drive.example.go.id/n1",
}


def call(client, method, path, headers, body=None):
    return getattr(client, method)(
        "/api/v1/activity" + path,
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
        **headers,
    )


def test_api_happy_path(env, api_headers):
    client = Client()
    asn, atasan = api_headers(env.users["asn"]), api_headers(env.users["atasan"])
    created = call(client, "post", "/reports", asn, {"day": TODAY.isoformat(), "activities": [ACT]})
    assert created.status_code == 200, created.content
    report_id = created.json()["id"]
    assert created.json()["status"] == "draft" and created.json()["work_mode"] == "WFO"
    updated = call(
        client, "put", f"/reports/{report_id}", asn, {"note": "x", "activities": [ACT, ACT]}
    )
    assert len(updated.json()["activities"]) == 2
    assert call(client, "post", f"/reports/{report_id}/submit", asn).json()["status"] == (
        "submitted"
    )
    mine = call(client, "get", "/reports?month=2026-02", asn).json()
    assert [r["id"] for r in mine] == [report_id]
    inbox = call(client, "get", "/inbox", atasan).json()
    assert [r["id"] for r in inbox] == [report_id]
    returned = call(
        client, "post", f"/reports/{report_id}/return", atasan, {"comment": "Tambah bukti"}
    )
    assert returned.json()["status"] == ReportStatus.RETURNED
    call(client, "put", f"/reports/{report_id}", asn, {"activities": [ACT]})
    call(client, "post", f"/reports/{report_id}/submit", asn)
    assert call(client, "get", f"/reports/{report_id}", atasan).status_code == 200  # opens it
    bulk = call(client, "post", "/inbox/approve", atasan, {"report_ids": [report_id]})
    assert bulk.json() == {"approved": 1}
    events = call(client, "get", f"/reports/{report_id}/events", asn).json()
    assert [e["kind"] for e in events][-1] == "approved"
    locked = call(client, "put", f"/reports/{report_id}", asn, {"activities": [ACT]})
    assert locked.status_code == 422
    perf = call(client, "get", "/performance?month=2026-02", asn).json()
    assert perf["period"] == "2026-02" and "WFO" in perf["formula"]


def test_api_422_errors(env, api_headers):
    client = Client()
    asn = api_headers(env.users["asn"])
    bad = call(client, "post", "/reports", asn, {"day": "2026-02-11", "activities": [ACT]})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "day"
    bad = call(
        client,
        "post",
        "/reports",
        asn,
        {"day": TODAY.isoformat(), "activities": [{**ACT, "minutes": 0}]},
    )
    assert bad.status_code == 422
    assert any(e["field"].endswith("minutes") for e in bad.json()["errors"])
    ok = call(client, "post", "/reports", asn, {"day": TODAY.isoformat(), "activities": []})
    empty = call(client, "post", f"/reports/{ok.json()['id']}/submit", asn)
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "activities"


def test_api_validation_errors_and_access(env, api_headers):
    client = Client()
    asn, atasan = api_headers(env.users["asn"]), api_headers(env.users["atasan"])
    rid = call(
        client, "post", "/reports", asn, {"day": TODAY.isoformat(), "activities": [ACT]}
    ).json()["id"]
    call(client, "post", f"/reports/{rid}/submit", asn)
    assert call(client, "post", f"/reports/{rid}/reject", atasan, {"reason": ""}).status_code == 422
    assert call(client, "post", f"/reports/{rid}/approve", asn, {}).status_code == 403
    insp = api_headers(env.users["inspektorat"])
    assert call(client, "get", f"/reports/{rid}", insp).status_code == 200
    assert call(client, "post", f"/reports/{rid}/approve", insp, {}).status_code == 403
    from tests.factories import make_user

    other = api_headers(make_user(env.other))
    assert call(client, "get", f"/reports/{rid}", other).status_code == 404
    not_opened = call(client, "post", "/inbox/approve", atasan, {"report_ids": [rid]})
    assert not_opened.status_code == 422


def test_api_evidence_upload(env, api_headers, media):
    """Rule: evidence checked on content through the API too (disguised file → 422)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .test_evidence import EXE, PDF

    client = Client()
    asn = api_headers(env.users["asn"])
    rid = call(client, "post", "/reports", asn, {"day": TODAY.isoformat()}).json()["id"]
    form = {k: str(v) for k, v in ACT.items()}
    ok = client.post(
        f"/api/v1/activity/reports/{rid}/activities",
        {**form, "evidence": SimpleUploadedFile("b.pdf", PDF)},
        **asn,
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["has_evidence_file"] is True
    bad = client.post(
        f"/api/v1/activity/reports/{rid}/activities",
        {**form, "evidence": SimpleUploadedFile("b.pdf", EXE)},
        **asn,
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "evidence"


def test_api_targets_and_performance_scope(env, api_headers):
    client = Client()
    asn = api_headers(env.users["asn"])
    body = {
        "year": 2026,
        "title": "Telaahan",
        "indicator": "Jumlah",
        "target_quantity": "24",
        "unit": "dok",
    }
    created = call(client, "post", "/targets", asn, body)
    assert created.status_code == 200 and created.json()["employee_id"] == env.staff1.pk
    dup = call(client, "post", "/targets", asn, body)
    assert dup.status_code == 422 and dup.json()["errors"][0]["field"] == "title"
    listed = call(client, "get", "/targets?year=2026", asn).json()
    assert [t["title"] for t in listed] == ["Telaahan"]
    other = call(client, "get", f"/performance?employee_id={env.other.pk}", asn)
    assert other.status_code == 404
    assert call(client, "get", "/performance?month=2026-13", asn).status_code == 422
