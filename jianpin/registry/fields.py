"""Which fields each kind of registry write may change: the one list per kind, as data."""
from __future__ import annotations

from jianpin.audit.labels import note
from jianpin.registry import income

# The note each kind of edit passes to the apps that follow an edit (`household_edited`): a
# system note (`audit.labels.NOTES`), shown in the reader's language where it is read back
# (`audit.labels.note_label`: the change log, screening's warning reasons).
EDIT_NOTES = {kind: note(f"registry.edit.{kind}")
              for kind in ("household", "member", "deceased", "add", "move")}

# The monitoring system's 户信息 living conditions and 计划外出务工信息 answers: imported, shown,
# edited in the household and member forms.
LIVING = ("road_hardened", "tap_water", "water_interval_ok", "clean_energy", "clean_energy_type",
          "dilapidated", "shower", "toilet_type", "toilet_usable", "toilet_indoor",
          "toilet_in_yard", "yard_beautified")
PLANNED_WORK = ("plans_work", "work_service_need")
_HOUSEHOLD_FACTS = (
    "address", "phone", "bank_account", "bank_name", "attribute", "main_cause", "other_causes",
    "housing_area", "housing_grade", "relocated", "water_safe", "water_note", "electricity",
    "road_to_house", "sanitary_toilet", "farmland_mu", "forest_mu", "cooperative_member",
    "group_id",
)
HOUSEHOLD_EDITABLE = (*_HOUSEHOLD_FACTS, *LIVING)
# Changed only by a workflow decision (identification, risk elimination, exit), never by an edit.
STATUS_FIELDS = ("status", "monitoring_kind", "risk_types", "identified_on", "monitoring_since",
                 "exited_on", "risk_eliminated", "elimination_method", "risk_eliminated_on")
_MEMBER_FACTS = (
    "name", "id_number", "sex", "birth_date", "relation", "ethnicity", "education",
    "school_status", "health", "disability_grade", "labour_ability", "work_status", "work_months",
    "work_place", "work_industry", "employer", "medical_insurance", "serious_illness_insurance",
    "pension_insurance", "dibao", "tekun", "phone",
)
MEMBER_EDITABLE = (*_MEMBER_FACTS, *PLANNED_WORK)
# A member's periods of migrant work (已外出务工信息): imported, exported, edited one by one.
WORK_PERIOD = ("working", "county", "channel", "start", "end", "monthly_income", "travel_subsidy")

# What each kind of bulk write may change, per record kind. Adding a column to the import (or to
# the roster) is one line here; a change to any other field is reported, never written.
IMPORT_HOUSEHOLD = (*_HOUSEHOLD_FACTS, "village_id", "head_name", "size", "annual_size",
                    *LIVING)
IMPORT_MEMBER = (*_MEMBER_FACTS, "household_id", "person_number", "id_type", *PLANNED_WORK)
IMPORT_INCOME = (*income.INCOME_FIELDS, "persons", "transfer_income", "net_income",
                 "per_capita_net", "rigid_spending")
WRITABLE: dict[str, dict[str, tuple[str, ...]]] = {
    "normal": {"household": IMPORT_HOUSEHOLD, "member": IMPORT_MEMBER, "income": IMPORT_INCOME},
    # A county loading the national system's roster: status fields as the nation decided them.
    "roster": {"household": (*IMPORT_HOUSEHOLD, *STATUS_FIELDS), "member": IMPORT_MEMBER,
               "income": IMPORT_INCOME},
}

