from __future__ import annotations

from django.urls import path

from jianpin.workflows.views import approvals, cases, grievances, notices, warnings

app_name = "workflows"
urlpatterns = [
    path("", cases.inbox, name="inbox"),
    path("overdue/", cases.overdue, name="overdue"),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/new/", cases.case_open, name="case_open"),
    path("cases/from-warning/<int:pk>/", warnings.case_from_warning, name="case_from_warning"),
    path("cases/<int:case_id>/", cases.case_detail, name="case_detail"),
    path("cases/<int:case_id>/step/<slug:action>/", cases.case_step, name="case_step"),
    path("cases/<int:case_id>/proposal/", cases.case_proposal, name="case_proposal"),
    path("cases/<int:case_id>/objections/", cases.objection_add, name="objection_add"),
    path("objections/<int:objection_id>/resolve/", cases.objection_resolve,
         name="objection_resolve"),
    path("attachments/<int:attachment_id>/", cases.attachment, name="attachment"),
    path("notices/", notices.notice_list, name="notice_list"),
    path("notices/<int:notice_id>/", notices.notice_detail, name="notice_detail"),
    path("notices/<int:notice_id>/masking/", notices.notice_masking, name="notice_masking"),
    path("notices/<int:notice_id>/pdf/", notices.notice_pdf, name="notice_pdf"),
    path("grievances/", grievances.grievance_list, name="grievance_list"),
    path("grievances/new/", grievances.grievance_new, name="grievance_new"),
    path("grievances/<int:grievance_id>/", grievances.grievance_detail, name="grievance_detail"),
    path("grievances/<int:grievance_id>/step/<slug:action>/", grievances.grievance_step,
         name="grievance_step"),
    path("grievances/<int:grievance_id>/case/", grievances.grievance_case, name="grievance_case"),
    path("approvals/", approvals.approval_list, name="approval_list"),
    path("approvals/act/", approvals.approval_act, name="approval_act"),
    path("assessments/", approvals.assessment_list, name="assessment_list"),
    path("assessments/<int:assessment_id>/", approvals.assessment_detail,
         name="assessment_detail"),
    path("assessments/<int:assessment_id>/report.pdf", approvals.assessment_pdf,
         name="assessment_pdf"),
    path("assessments/<int:assessment_id>/step/<slug:action>/", approvals.assessment_step,
         name="assessment_step"),
]
