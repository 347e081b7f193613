"""A superuser may run any board's meetings, but approved minutes are final for them too."""

import pytest
from django.core.exceptions import ValidationError

from safeguarding.meetings import services
from safeguarding.meetings.models import AgendaItem


def test_superuser_cannot_change_approved_minutes(make_person, business_unit, meeting, item):
    superuser = make_person("administrator", is_staff=True, is_superuser=True)
    services.update_item(superuser, item, decision="Agreed before approval")
    services.circulate_minutes(business_unit, meeting)
    services.approve_minutes(business_unit, meeting)
    item = AgendaItem.objects.select_related("meeting").get(pk=item.pk)
    with pytest.raises(ValidationError):
        services.update_item(superuser, item, decision="Rewritten after approval")
    with pytest.raises(ValidationError):
        services.add_item(
            superuser, item.meeting, title="Added after approval", purpose="information"
        )
    assert AgendaItem.objects.get(pk=item.pk).decision == "Agreed before approval"
    assert not AgendaItem.objects.filter(title="Added after approval").exists()
