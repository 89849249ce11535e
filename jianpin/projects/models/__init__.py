"""Models of the projects app: the library, funds, assets (one module each)."""
from jianpin.projects.models.assets import Asset, AssetIncome, IncomeShare
from jianpin.projects.models.funds import Allocation, Disbursement, FundBatch
from jianpin.projects.models.library import BudgetLine, Project, ProjectEvent, Status, Target

__all__ = ["Allocation", "Asset", "AssetIncome", "BudgetLine", "Disbursement", "FundBatch",
           "IncomeShare", "Project", "ProjectEvent", "Status", "Target"]
