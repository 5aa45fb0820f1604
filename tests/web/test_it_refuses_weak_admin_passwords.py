"""Django's standard password validators are on: the admin's add-user and
change-password forms, and createsuperuser, refuse `a`, `password123` and other short,
common or numeric passwords."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

WEAK = ["a", "password123", "Tr0ub4d!x", "98765432109876"]  # one-letter, common, short, all digits
STRONG = "tall ochre lantern 47"


@pytest.fixture
def admin_client(db, client):
    boss = User.objects.create_superuser("boss", "boss@example.org", STRONG)
    client.force_login(boss)
    return client


def add_user(client, password):
    return client.post("/admin/auth/user/add/", {"username": "amina", "password1": password, "password2": password,
                                                 "usable_password": "true", "_save": "Save"})


@pytest.mark.parametrize("password", WEAK)
def test_the_admin_add_user_form_refuses_a_weak_password(admin_client, password):
    response = add_user(admin_client, password)
    assert response.status_code == 200  # the form again, with the reason
    assert response.context["adminform"].form.errors.get("password2")
    assert not User.objects.filter(username="amina").exists()


def test_the_admin_add_user_form_accepts_a_strong_password(admin_client):
    response = add_user(admin_client, STRONG)
    assert response.status_code == 302
    assert User.objects.get(username="amina").check_password(STRONG)


@pytest.mark.parametrize("password", ["a", "password123"])
def test_the_admin_change_password_form_refuses_a_weak_password(admin_client, password):
    amina = User.objects.create_user("amina", "amina@example.org", STRONG)
    response = admin_client.post(f"/admin/auth/user/{amina.pk}/password/",
                                 {"password1": password, "password2": password, "usable_password": "true"})
    assert response.status_code == 200
    amina.refresh_from_db()
    assert amina.check_password(STRONG)


def test_the_password_may_not_resemble_the_username(admin_client):
    response = admin_client.post("/admin/auth/user/add/", {"username": "aminakhalil", "password1": "aminakhalil1",
                                                           "password2": "aminakhalil1", "usable_password": "true"})
    assert response.status_code == 200
    assert not User.objects.filter(username="aminakhalil").exists()


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("password", ["a", "password123"])
def test_createsuperuser_refuses_a_weak_password(db, monkeypatch, password):
    answers = iter([password, password, "n"])  # password, again, then "bypass validation?" -> no
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    err = io.StringIO()
    with pytest.raises((StopIteration, SystemExit)):
        call_command("createsuperuser", interactive=True, username="amina", email="a@example.org",
                     stdin=Terminal(), stdout=io.StringIO(), stderr=err)
    assert "This password is too" in err.getvalue()
    assert not User.objects.filter(username="amina").exists()
