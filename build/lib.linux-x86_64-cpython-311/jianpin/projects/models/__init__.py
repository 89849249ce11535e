"""Models of the projects app: the library, funds, assets (one module each)."""
from jianpin.projects.models.assets import Asset, AssetIncome, IncomeShare
from jianpin.projects.models.benefits import IncomeKind, ProjectIncome
from jianpin.projects.models.funds import Allocation, Disbursement, FundBatch
from jianpin.projects.models.library import BudgetLine, Project, ProjectEvent, Status, Target
from jianpin.projects.models.objections import Objection

__all__ = ["Allocation", "Asset", "AssetIncome", "BudgetLine", "Disbursement", "FundBatch",
           "IncomeKind", "IncomeShare", "Objection", "Project", "ProjectEvent", "ProjectIncome",
           "Status", "Target"]
