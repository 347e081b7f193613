from django.urls import path

from . import views

app_name = "actionplans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/report/", views.plan_report, name="plan_report"),
    path("<int:pk>/report.pdf", views.plan_pdf, name="plan_pdf"),
    path("<int:pk>/trend/", views.plan_trend, name="plan_trend"),
    path("<int:pk>/actions.<str:fmt>", views.plan_export, name="plan_export"),
    path("<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("<int:pk>/actions/import/", views.plan_import, name="plan_import"),
    path("import-template.<str:fmt>", views.import_template, name="import_template"),
    path("action/<int:pk>/", views.action_detail, name="action_detail"),
    path("action/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("action/<int:pk>/update/", views.action_post_update, name="action_post_update"),
    path("action/<int:pk>/challenge/", views.challenge_create, name="challenge_create"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/review/", views.evidence_review, name="evidence_review"),
    path("challenges/", views.challenge_log, name="challenge_log"),
    path("challenges/<int:pk>/", views.challenge_detail, name="challenge_detail"),
    path("challenges/<int:pk>/answer/", views.challenge_answer, name="challenge_answer"),
    path("challenges/<int:pk>/close/", views.challenge_close, name="challenge_close"),
    path("my-locality/", views.locality_actions, name="locality_actions"),
    path("our-agency/", views.agency_actions, name="agency_actions"),
]
