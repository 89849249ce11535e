from jianpin.web.url_policy import Rule

POLICY = {
    "accounts:login": Rule(None),
    "accounts:logout": Rule(None, writes=("POST",), get=False),
}
