from __future__ import annotations

from django.urls import path

from jianpin.projects import (
    asset_views,
    benefit_views,
    disclosure_views,
    fund_views,
    import_views,
    views,
)

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_new, name="new"),
    path("public/", views.public, name="public"),
    path("public/<int:pk>/notice.pdf", disclosure_views.notice_pdf, name="notice_pdf"),
    path("<int:pk>/objections/", disclosure_views.objection_new, name="objection_new"),
    path("objections/<int:pk>/resolve/", disclosure_views.objection_resolve,
         name="objection_resolve"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/step/", views.project_step, name="step"),
    path("<int:pk>/actuals/", views.project_actuals, name="actuals"),
    path("<int:pk>/beneficiaries/", benefit_views.set_beneficiaries, name="beneficiaries"),
    path("<int:pk>/income/", benefit_views.record_income, name="income"),
    path("funds/", fund_views.funds, name="funds"),
    path("funds/batches/new/", fund_views.batch_new, name="batch_new"),
    path("funds/batches/<int:pk>/", fund_views.batch, name="batch"),
    path("funds/batches/<int:pk>/allocate/", fund_views.allocate, name="allocate"),
    path("funds/allocations/<int:pk>/pay/", fund_views.pay, name="pay"),
    path("funds/payments/<int:pk>/voucher/", fund_views.voucher, name="voucher"),
    path("export/<str:kind>/", asset_views.export_sheet, name="export"),
    path("import/", import_views.import_page, name="import"),
    path("households/<int:pk>/apply-income/", benefit_views.apply_pending,
         name="apply_income"),
    path("import/confirm/", import_views.import_confirm, name="import_confirm"),
    path("assets/", asset_views.ledger, name="assets"),
    path("assets/new/", asset_views.asset_new, name="asset_new"),
    path("assets/<int:pk>/", asset_views.asset_detail, name="asset"),
    path("assets/<int:pk>/income/", asset_views.asset_income, name="asset_income"),
    path("assets/<int:pk>/dispose/", asset_views.asset_dispose, name="asset_dispose"),
]
