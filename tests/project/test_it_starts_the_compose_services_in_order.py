"""`docker compose up` starts in order: postgres and redis healthy, then the one-shot
migrate service to completion, then web, worker, extractor and beat, which share one
image and configuration and differ only in what they run."""

from tests.support.compose import APP_SERVICES, services

RUNNING = [name for name in APP_SERVICES if name != "migrate"]


def test_postgres_and_redis_have_healthchecks():
    for name in ("postgres", "redis"):
        assert services()[name]["healthcheck"]["test"], name


def test_every_app_service_waits_for_healthy_stores_and_a_finished_migration():
    for name in RUNNING:
        assert services()[name]["depends_on"] == {
            "postgres": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }, name


def test_migrate_runs_once_after_postgres_is_healthy():
    migrate = services()["migrate"]
    assert migrate["command"].split() == ["python", "manage.py", "migrate", "--noinput"]
    assert migrate["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert migrate["restart"] == "no"  # a finished migration must not be started again


def test_the_app_services_share_the_image_and_differ_only_in_what_they_run():
    own = {"command", "ports", "healthcheck"}
    shared = [{k: v for k, v in services()[name].items() if k not in own} for name in RUNNING]
    assert all(config == shared[0] for config in shared), RUNNING
    assert shared[0]["image"] == services()["migrate"]["image"]
    assert shared[0]["environment"] == services()["migrate"]["environment"]
    assert len({services()[name]["command"] for name in APP_SERVICES}) == len(APP_SERVICES)


def test_web_runs_gunicorn_as_its_first_process_with_a_healthcheck():
    web = services()["web"]
    assert web["command"].split()[0] == "gunicorn"  # no shell in between to swallow SIGTERM
    assert web["healthcheck"]["test"][0] == "CMD" and "/healthz" in " ".join(web["healthcheck"]["test"])
