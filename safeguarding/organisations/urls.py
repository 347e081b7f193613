from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.agency_list, name="agency_list"),
    path("agencies/new/", views.agency_create, name="agency_create"),
    path("agencies/<slug:slug>/", views.agency_detail, name="agency_detail"),
    path("agencies/<slug:slug>/edit/", views.agency_edit, name="agency_edit"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/deactivate/", views.person_deactivate, name="person_deactivate"),
    path("people/<int:pk>/roles/", views.role_add, name="role_add"),
    path(
        "people/<int:pk>/roles/<int:assignment_pk>/remove/",
        views.role_remove,
        name="role_remove",
    ),
    path("boards/", views.board_list, name="board_list"),
    path("boards/<slug:slug>/settings/", views.board_edit, name="board_edit"),
    path("localities/", views.locality_list, name="locality_list"),
    path("import/", views.directory_import, name="import"),
    path("import/check/", views.import_confirm, name="import_confirm"),
    path(
        "import/template/<str:kind>.<str:fmt>",
        views.import_template,
        name="import_template",
    ),
    path("switch-board/", views.switch_board, name="switch_board"),
]
