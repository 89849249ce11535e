from jianpin.accounts.policy import Cap, Rule

POLICY = {
    "api:schema": Rule(None, note="the OpenAPI description carries no data"),
    "api:household-list": Rule(Cap.READ_REGISTRY),
    "api:household-detail": Rule(Cap.READ_REGISTRY, obj="household"),
    "api:household-search": Rule(Cap.READ_REGISTRY, get=False,
                                 note="POST body search; reads only, so no writes to refuse"),
}
