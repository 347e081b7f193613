from django.core.paginator import Paginator
from django.shortcuts import render

from .decorators import permission_required
from .models import AuditEvent


@permission_required("core.view_audit")
def audit_list(request):
    events = AuditEvent.objects.select_related("actor")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"page": page})
