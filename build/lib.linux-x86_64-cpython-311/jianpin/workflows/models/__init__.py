"""Workflow records: cases, their events and attachments, notices, approvals, grievances."""
from __future__ import annotations

from jianpin.workflows.models.approval import DataApproval, ExitAssessment
from jianpin.workflows.models.cases import (
    Attachment,
    Case,
    CaseKind,
    Event,
    Notice,
    Objection,
    Source,
)
from jianpin.workflows.models.grievance import Channel, Grievance

__all__ = [
    "Attachment", "Case", "CaseKind", "Channel", "DataApproval", "Event", "ExitAssessment",
    "Grievance", "Notice", "Objection", "Source",
]
