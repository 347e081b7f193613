"""The hub's own URLs plus the benchmark's ceiling page."""

from django.urls import include, path

from config.urls import handler403, handler404, handler500  # noqa: F401

from . import views

urlpatterns = [
    path("bench/ceiling/", views.ceiling, name="bench-ceiling"),
    path("", include("config.urls")),
]
