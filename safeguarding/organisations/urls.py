from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.agency_list, name="agency_list"),
    path("switch-board/", views.switch_board, name="switch_board"),
]
