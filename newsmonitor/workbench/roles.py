"""The two roles of the people who curate: editors look after feeds, tag rules and
corrections; admins may do everything, users included. Both are Django groups, made
(and given the permissions of models added since) after every migrate; a person also
needs is_staff to reach the admin at all."""

from django.contrib.auth.models import Group, Permission

EDITORS, ADMINS = "editors", "admins"

# What editors may do, by app label: every permission of these apps' models...
EDITOR_APPS = ("feeds", "rules", "workbench", "stories")
# ...and these of the articles: read articles and their tags, correct them (change_article
# only opens the article's admin page to its corrections: its own fields are read-only).
EDITOR_EXTRA = [("articles", "view_article"), ("articles", "change_article"), ("articles", "view_feedentry"), ("articles", "add_correction"),
                ("articles", "change_correction"), ("articles", "delete_correction"), ("articles", "view_correction"),
                ("articles", "view_outletparagraph"), ("articles", "change_outletparagraph")]


def editor_permissions():
    extra = Permission.objects.none()
    for app, codename in EDITOR_EXTRA:
        extra |= Permission.objects.filter(content_type__app_label=app, codename=codename)
    return Permission.objects.filter(content_type__app_label__in=EDITOR_APPS) | extra


def make_roles(sender=None, **kwargs):
    """Makes the groups and gives them their permissions (only adding: an admin who
    took a permission from a group by hand keeps it taken only until the next migrate,
    which is said in the README). Django sends post_migrate once per app that has
    models, after that app's permissions are made: so this runs for each, and the
    last run sees every permission (a few quick queries each time)."""
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(*editor_permissions())
    admins, _ = Group.objects.get_or_create(name=ADMINS)
    admins.permissions.add(*Permission.objects.all())
