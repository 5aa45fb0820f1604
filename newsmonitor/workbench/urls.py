"""The workbench's pages on the site (beside the admin's): editors' corrections."""

from django.urls import path

from newsmonitor.workbench import corrections

app_name = "workbench"

urlpatterns = [
    path("articles/<int:pk>/corrections/", corrections.correct_article, name="correct"),
    path("articles/<int:pk>/corrections/<int:correction_id>/withdraw/", corrections.withdraw_correction,
         name="withdraw"),
]
