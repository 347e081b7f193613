from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    # Public: no sign-in.
    path("", views.catalogue, name="catalogue"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/session.ics", views.session_ics, name="session_ics"),
    path("calendar.ics", views.programme_calendar, name="programme_calendar"),
    path("certificates/check/", views.verify_certificate, name="verify"),
    # Signed in.
    path("dashboard/", views.dashboard, name="dashboard"),
    path("sessions/<int:pk>/apply/", views.apply, name="apply"),
    path("my-applications/", views.my_applications, name="my_applications"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/cancel/", views.application_cancel, name="cancel"),
    path("applications/<int:pk>/accept/", views.offer_accept, name="accept_offer"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    path("applications/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("applications/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("approvals/", views.approvals, name="approvals"),
    path("passport/", views.my_passport, name="passport"),
    path("staff/", views.staff, name="staff"),
    path("sessions-i-train/", views.my_sessions, name="my_sessions"),
    # The business unit.
    path("manage/", views.manage, name="manage"),
    path("manage/courses/new/", views.course_create, name="course_create"),
    path("courses/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/sign-in-sheet.pdf", views.sign_in_sheet, name="sign_in_sheet"),
    path("manage/reports/", views.reports, name="reports"),
    path("manage/charges.<str:fmt>", views.charges, name="charges"),
    path("sessions/<int:pk>/manage/", views.session_manage, name="session_manage"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("courses/<int:pk>/publication/", views.course_publication, name="course_publication"),
    path("courses/<int:pk>/feedback/", views.course_results, name="course_results"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/register/", views.register, name="register"),
    path("sessions/<int:pk>/feedback/", views.session_results, name="session_results"),
    path("applications/<int:pk>/override/", views.application_override, name="override"),
]
