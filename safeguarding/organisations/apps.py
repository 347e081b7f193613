from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "safeguarding.organisations"
    label = "organisations"
    verbose_name = "Boards, areas, agencies and people"
