from jianpin.accounts.policy import Cap, Rule

POLICY = {
    "registry:household_list": Rule(Cap.READ_REGISTRY),
    "registry:household_create": Rule(Cap.WRITE_REGISTRY, writes=("POST",)),
    "registry:household_detail": Rule(Cap.READ_REGISTRY, obj="household"),
    "registry:household_edit": Rule(Cap.WRITE_REGISTRY, obj="household", writes=("POST",)),
    "registry:member_add": Rule(Cap.WRITE_REGISTRY, obj="household", writes=("POST",)),
    "registry:income_edit": Rule(Cap.WRITE_REGISTRY, obj="household", writes=("POST",)),
    "registry:reveal_household": Rule(Cap.REVEAL, obj="household", writes=("POST",),
                                      extra=(("field", "phone"),), get=False),
    "registry:member_edit": Rule(Cap.WRITE_REGISTRY, obj="member", writes=("POST",)),
    "registry:member_move": Rule(Cap.WRITE_REGISTRY, obj="member", writes=("POST",)),
    "registry:member_deceased": Rule(Cap.WRITE_REGISTRY, obj="member", writes=("POST",)),
    "registry:reveal_member": Rule(Cap.REVEAL, obj="member", writes=("POST",),
                                   extra=(("field", "id_number"),), get=False),
    "registry:verifications": Rule(Cap.DECIDE_CASE, writes=("POST",)),
    "registry:period_add": Rule(Cap.WRITE_REGISTRY, obj="member", writes=("POST",)),
    "registry:period_edit": Rule(Cap.WRITE_REGISTRY, obj="work_period", writes=("POST",)),
    "registry:period_delete": Rule(Cap.WRITE_REGISTRY, obj="work_period", writes=("POST",)),
}
try:  # the import/export pages keep their own table
    from jianpin.registry.io_url_policy import POLICY as _IO
except ModuleNotFoundError:
    _IO = {}
POLICY.update(_IO)
