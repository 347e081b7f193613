from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("confirmations/", views.confirmation_list, name="confirmation_list"),
    path("confirmations/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("confirmations/<int:pk>/reject/", views.reject, name="reject"),
]
