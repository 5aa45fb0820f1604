"""NEWSMONITOR_PRODUCTION=1 (with a strong SECRET_KEY) switches on HTTPS-only operation
behind a TLS-terminating proxy: `check --deploy` is clean at warning level, plain http
is redirected, HSTS is sent, cookies are Secure. Without it the embedded default keeps
working over plain http on 127.0.0.1."""

from tests.support.settings_process import run_manage, run_python

STRONG = "Zq3" + "x7Kp9vLm2Wn8Rt4Yb6Hc1Jd5Fg0Ss" * 2
PRODUCTION = {"NEWSMONITOR_PRODUCTION": "1", "SECRET_KEY": STRONG}
REQUESTS = """
from django.test import Client
client = Client()
plain = client.get("/admin/login/")
print("plain", plain.status_code, plain.get("Location"))
proxied = client.get("/admin/login/", headers={"X-Forwarded-Proto": "https"})
cookie = proxied.cookies.get("csrftoken")
print("proxied", proxied.status_code, proxied.get("Strict-Transport-Security"), bool(cookie and cookie["secure"]))
"""


def test_check_deploy_is_clean_in_production(tmp_path):
    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_without_the_production_variable(tmp_path):
    # The control: the same command sees what the variable switches on.
    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], tmp_path, SECRET_KEY=STRONG)
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_production_redirects_plain_http_and_sends_hsts_behind_the_proxy(tmp_path):
    result = run_python(REQUESTS, tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    plain, proxied = result.stdout.splitlines()
    assert plain == "plain 301 https://testserver/admin/login/"
    assert proxied == "proxied 200 max-age=31536000; includeSubDomains True"


def test_the_embedded_default_works_over_plain_http(tmp_path):
    result = run_python(REQUESTS, tmp_path)
    assert result.returncode == 0, result.stderr
    plain, proxied = result.stdout.splitlines()
    assert plain == "plain 200 None"
    assert proxied == "proxied 200 None False"


def test_trusted_origins_come_from_the_environment(tmp_path):
    code = "from django.conf import settings; print(settings.CSRF_TRUSTED_ORIGINS)"
    result = run_python(code, tmp_path, CSRF_TRUSTED_ORIGINS="https://news.example.org, https://b.example.org",
                        **PRODUCTION)
    assert result.stdout.strip() == "['https://news.example.org', 'https://b.example.org']", result.stderr
