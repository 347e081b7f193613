from django.urls import path

from . import views

app_name = "returns"

urlpatterns = [
    path("", views.home, name="home"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/triangulation/", views.triangulation, name="triangulation"),
    path("questionnaires/", views.template_list, name="template_list"),
    path("questionnaires/<int:pk>/", views.template_detail, name="template_detail"),
    path("questionnaires/new/", views.template_create, name="template_create"),
    path("questionnaires/<int:pk>/new-version/", views.template_edit, name="template_edit"),
    path("questionnaires/findings/", views.findings_template_create, name="findings_create"),
    path("agencies/<int:pk>/", views.agency_scores, name="agency_scores"),
    path("<int:pk>/", views.return_detail, name="return_detail"),
    path("<int:pk>/section/<int:section_pk>/", views.return_section, name="return_section"),
    path("<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/report/", views.report_download, name="report_download"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/moderate/", views.moderate, name="moderate"),
    path("<int:pk>/more-evidence/", views.ask_evidence, name="ask_evidence"),
    path("<int:pk>/challenge/", views.challenge, name="challenge"),
    path("<int:pk>/actions/", views.raise_actions, name="raise_actions"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
]
