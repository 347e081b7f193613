from django.urls import path

from . import public_views

app_name = "public"

urlpatterns = [
    path("", public_views.board_home, name="home"),
    path("contact/", public_views.contact, name="contact"),
]
