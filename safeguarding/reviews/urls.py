from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.review_create, name="review_create"),
    path("themes/", views.theme_list, name="theme_list"),
    path("reports/", views.reports, name="reports"),
    path("learning/", views.public_learning, name="public_learning"),
    path("learning/<int:pk>/", views.public_brief, name="public_brief"),
    path("clocks/<slug:slug>/", views.clocks_edit, name="clocks_edit"),
    path("sar-report/<slug:slug>/", views.sar_report, name="sar_report"),
    path("chronologies/", views.chronology_list, name="chronology_list"),
    path("chronologies/<int:pk>/", views.chronology_detail, name="chronology_detail"),
    path("chronologies/<int:pk>/file/", views.chronology_download, name="chronology_download"),
    path("<int:pk>/", views.review_detail, name="review_detail"),
    path("<int:pk>/edit/", views.review_edit, name="review_edit"),
    path("<int:pk>/stage/<str:stage>/", views.review_move, name="review_move"),
    path("<int:pk>/panel/", views.panel_add, name="panel_add"),
    path("<int:pk>/panel/<int:member_pk>/remove/", views.panel_remove, name="panel_remove"),
    path("<int:pk>/chronologies/new/", views.chronology_create, name="chronology_create"),
    path(
        "<int:pk>/recommendations/new/", views.recommendation_create, name="recommendation_create"
    ),
    path("<int:pk>/briefs/new/", views.brief_create, name="brief_create"),
]
