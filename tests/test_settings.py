"""Settings refuse to serve other hosts with the public demo key; production passes
`check --deploy` cleanly. Each case starts a fresh interpreter, since settings load once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import hibrida

SRC = str(Path(hibrida.__file__).resolve().parents[1])
PRODUCTION_KEY = "u7Rk2pQx9LmZ4vBn8sTw3yHc6jFd1gAe5KoP0iUrXbNqMhVzWlEtYsCaGfDjRnLp"


def hibrida_command(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("HIBRIDA_", "DJANGO_"))}
    clean.update(PYTHONPATH=SRC, HIBRIDA_VAR_DIR=str(tmp_path / "var"), **env)
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "hibrida.cli", *args],
        capture_output=True,
        text=True,
        env=clean,
        timeout=120,
    )


def test_public_host_without_secret_key_refuses_to_start_naming_the_variable(tmp_path):
    proc = hibrida_command(tmp_path, "check", HIBRIDA_ALLOWED_HOSTS="hibrida.bekasikota.go.id")
    assert proc.returncode == 1
    assert "ImproperlyConfigured" in proc.stderr
    assert "HIBRIDA_SECRET_KEY" in proc.stderr


def test_loopback_only_hosts_run_with_the_demo_key(tmp_path):
    proc = hibrida_command(tmp_path, "check", HIBRIDA_ALLOWED_HOSTS="127.0.0.1,localhost,::1")
    assert proc.returncode == 0, proc.stderr


def test_debug_runs_with_the_demo_key_on_any_host(tmp_path):
    proc = hibrida_command(
        tmp_path, "check", HIBRIDA_DEBUG="true", HIBRIDA_ALLOWED_HOSTS="hibrida.local"
    )
    assert proc.returncode == 0, proc.stderr


def test_production_settings_pass_check_deploy_with_no_warning(tmp_path):
    proc = hibrida_command(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        HIBRIDA_ALLOWED_HOSTS="hibrida.bekasikota.go.id",
        HIBRIDA_SECRET_KEY=PRODUCTION_KEY,
        HIBRIDA_SECURE_COOKIES="true",
    )
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert "no issues" in proc.stdout


def test_secure_cookies_turn_on_https_redirect_and_hsts(tmp_path):
    show = (
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    )
    proc = hibrida_command(
        tmp_path,
        "shell",
        "--no-imports",
        "-c",
        show,
        HIBRIDA_ALLOWED_HOSTS="hibrida.bekasikota.go.id",
        HIBRIDA_SECRET_KEY=PRODUCTION_KEY,
        HIBRIDA_SECURE_COOKIES="true",
    )
    assert proc.stdout.split() == ["True", "31536000"], proc.stderr


def test_sso_issuer_origin_is_allowed_as_form_action_for_the_provider_logout(tmp_path):
    show = (
        "from django.conf import settings as s; "
        "print(*s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])"
    )
    proc = hibrida_command(
        tmp_path,
        "shell",
        "--no-imports",
        "-c",
        show,
        HIBRIDA_OIDC_ISSUER="https://sso-siasn.bkn.go.id/auth/realms/public-siasn/",
        HIBRIDA_OIDC_CLIENT_ID="hibrida-bekasi",
    )
    assert proc.stdout.split() == ["'self'", "https://sso-siasn.bkn.go.id"], proc.stderr


def test_sso_issuer_without_client_id_refuses_to_start(tmp_path):
    proc = hibrida_command(tmp_path, "check", HIBRIDA_OIDC_ISSUER="https://sso.example.go.id/x")
    assert proc.returncode == 1
    assert "HIBRIDA_OIDC_CLIENT_ID" in proc.stderr
