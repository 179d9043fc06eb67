"""Shared helpers for the stage pages that the stage apps provide."""

from django.shortcuts import render

from genie.flow import stage_steps


def render_stage(request, template, *, session, stage, context=None, status=200):
    """Render a stage page of ``session`` with its stage indicator."""
    context = {
        "session": session,
        "participant": session.participant,
        "stage": stage,
        "stage_steps": stage_steps(session, stage),
        **(context or {}),
    }
    return render(request, template, context, status=status)
