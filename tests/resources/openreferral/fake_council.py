"""A fake council directory API for the sync tests, served by the test's live server
(no network): Genie's own URLs plus /council/api/, whose contents the test controls."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.urls import include, path

FEED = {"services": [], "fail_on_page": None, "summaries": False, "per_page": 2, "seen": []}


def reset(services):
    FEED.update(services=services, fail_on_page=None, summaries=False, seen=[])


@login_not_required
def services(request):
    FEED["seen"].append(request.GET.dict())
    page = int(request.GET.get("page", 1))
    if FEED["fail_on_page"] == page:
        return JsonResponse({"message": "Internal error"}, status=500)
    size = min(int(request.GET.get("per_page", 50)), FEED["per_page"])
    items = FEED["services"]
    if after := request.GET.get("modified_after"):
        items = [item for item in items if item["last_modified"] >= after]
    chunk = items[(page - 1) * size : page * size]
    if FEED["summaries"]:
        chunk = [
            {"id": s["id"], "name": s["name"], "organization_id": s["organization"]["id"]}
            for s in chunk
        ]
    total_pages = max(1, -(-len(items) // size))
    # Version 1's envelope, as many council feeds still send.
    return JsonResponse(
        {
            "totalElements": len(items),
            "totalPages": total_pages,
            "number": page,
            "first": page == 1,
            "last": page >= total_pages,
            "content": chunk,
        }
    )


@login_not_required
def service(request, service_id):
    FEED["seen"].append({"service": service_id})
    for item in FEED["services"]:
        if item["id"] == service_id:
            without = {key: value for key, value in item.items() if key != "organization"}
            return JsonResponse(without | {"organization_id": item["organization"]["id"]})
    return JsonResponse({"message": "Not found"}, status=404)


@login_not_required
def organization(request, organization_id):
    FEED["seen"].append({"organization": organization_id})
    for item in FEED["services"]:
        if item["organization"]["id"] == organization_id:
            return JsonResponse(item["organization"])
    return JsonResponse({"message": "Not found"}, status=404)


urlpatterns = [
    path("council/api/services", services),
    path("council/api/services/<str:service_id>", service),
    path("council/api/organizations/<str:organization_id>", organization),
    path("", include("genie.urls")),
]
