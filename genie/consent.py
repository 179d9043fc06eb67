"""The consent statement Genie ships: plain English, read aloud with the participant.

Each organisation's admins publish their own versions (genie.models.ConsentStatement,
in Django admin); an organisation that has published none uses this one, saved as
its version 1 the first time a participant agrees to it. ``{organisation}`` is
replaced by the organisation's name.
"""

DEFAULT_DATA_USE = """\
At {organisation} we use Genie to help you find activities, groups and people near \
you that suit you.

With your agreement we keep: a reference (not your NHS number), your first name if \
you give it, the first part of your postcode, your age group and gender, any \
long-term conditions you tell us about, the people and groups you put on your map, \
your answers about what you enjoy, how you are feeling, the activities you choose \
and how they went.

Only the staff at {organisation} who support you can see these details. Reports \
for the people who fund the service show numbers for groups of people only, never \
for fewer than five, and never your name or reference.

You can ask to see everything we keep about you, to correct it, or to have it \
deleted, at any time. Saying no, or changing your mind later, does not affect any \
other care or support you get."""

DEFAULT_CASE_STUDY = """\
This part is optional. We may want to share your story to show what the service \
does, for example in a report to the people who fund it. It would never include \
your name, your reference or anything else that could identify you. You can say \
no and still use the service."""
