from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("search/", views.search_view, name="search"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/meeting.ics", views.meeting_ics, name="meeting_ics"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/items/new/", views.item_create, name="item_create"),
    path("<int:pk>/publish-agenda/", views.publish_agenda, name="publish_agenda"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/declarations/new/", views.declaration_add, name="declaration_add"),
    path("<int:pk>/actions/new/", views.action_add, name="action_add"),
    path("<int:pk>/minutes/circulate/", views.circulate_minutes, name="circulate_minutes"),
    path("<int:pk>/minutes/approve/", views.approve_minutes, name="approve_minutes"),
    path("<int:pk>/newsflash/", views.newsflash_draft, name="newsflash_draft"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/remove/", views.item_remove, name="item_remove"),
    path("items/<int:pk>/papers/new/", views.paper_add, name="paper_add"),
    path("papers/<int:pk>/", views.paper_download, name="paper_download"),
    path("papers/<int:pk>/remove/", views.paper_remove, name="paper_remove"),
    path("calendar/<slug:board>.ics", views.calendar_feed, name="calendar_feed"),
    path("calendar/<slug:board>/<str:kind>.ics", views.calendar_feed, name="calendar_feed_kind"),
    path("news/", views.newsflash_list, name="newsflash_list"),
    path("news/feed.atom", views.newsflash_feed, name="newsflash_feed"),
    path("news/subscribe/", views.subscribe, name="subscribe"),
    path("news/subscribe/<str:token>/", views.subscribe_confirm, name="subscribe_confirm"),
    path("news/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("news/<int:pk>/", views.newsflash_detail, name="newsflash_detail"),
    path("news/<int:pk>/edit/", views.newsflash_edit, name="newsflash_edit"),
    path("news/<int:pk>/approve/", views.newsflash_approve, name="newsflash_approve"),
    path("news/<int:pk>/publish/", views.newsflash_publish, name="newsflash_publish"),
    path("news/<int:pk>/newsflash.pdf", views.newsflash_pdf, name="newsflash_pdf"),
]
