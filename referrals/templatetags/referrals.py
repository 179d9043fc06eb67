from django import template

from referrals.models import Status
from referrals.selectors import is_overdue

register = template.Library()

COLOURS = {
    Status.NEW: "blue",
    Status.CONTACTED: "aqua-green",
    Status.BOOKED: "purple",
    Status.PARTICIPANT: "green",
    Status.DECLINED: "grey",
    Status.UNREACHABLE: "orange",
}


@register.inclusion_tag("referrals/_status.html")
def referral_status(referral):
    return {
        "label": referral.get_status_display(),
        "colour": COLOURS.get(referral.status, "grey"),
        "overdue": is_overdue(referral),
    }
