"""This app's part of a participant's subject access export (see genie/privacy.py)."""

from referrals.models import Referral


def export_participant(*, participant) -> dict:
    referral = Referral.objects.filter(participant=participant).first()
    if referral is None:
        return {"referral": None}
    return {
        "referral": {
            "received_at": referral.received_at.isoformat(),
            "first_name": referral.first_name,
            "phone": referral.phone,
            "email": referral.email,
            "best_times": referral.best_times,
            "postcode_district": referral.postcode_district,
            "reasons": referral.reason_labels(),
            "other_reason": referral.other_reason,
            "referred_by": referral.get_source_display(),
            "referrer_name": referral.referrer_name,
            "referrer_organisation": referral.referrer_organisation,
            "notes": [
                {"at": note.created_at.isoformat(), "status": note.status, "text": note.text}
                for note in referral.notes.all()
            ],
        }
    }
