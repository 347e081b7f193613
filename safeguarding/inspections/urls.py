from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.programme, name="programme"),
    path("generate/", views.programme_generate, name="programme_generate"),
    path("new/", views.inspection_create, name="inspection_create"),
    path("trends/", views.trends, name="trends"),
    path("trends.<str:fmt>", views.trends_export, name="trends_export"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/<int:pk>/edit/", views.template_edit, name="template_edit"),
    path("<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("<int:pk>/edit/", views.inspection_edit, name="inspection_edit"),
    path("<int:pk>/cancel/", views.inspection_cancel, name="inspection_cancel"),
    path("<int:pk>/team/", views.team_add, name="team_add"),
    path("<int:pk>/team/<int:member_pk>/remove/", views.team_remove, name="team_remove"),
    path("<int:pk>/cases/", views.case_submit, name="case_submit"),
    path("<int:pk>/sample/", views.sample_draw, name="sample_draw"),
    path("<int:pk>/assign/", views.audit_assign, name="audit_assign"),
    path("<int:pk>/engagements/new/", views.engagement_create, name="engagement_create"),
    path("<int:pk>/findings/new/", views.finding_create, name="finding_create"),
    path(
        "<int:pk>/findings/<int:finding_pk>/remove/",
        views.finding_remove,
        name="finding_remove",
    ),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("audits/<int:pk>/", views.audit_detail, name="audit_detail"),
    path("audits/<int:pk>/moderate/", views.audit_moderate, name="audit_moderate"),
]
