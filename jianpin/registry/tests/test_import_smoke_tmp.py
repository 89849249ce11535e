import pytest, json
from jianpin.registry.tests.io_helpers import national
from jianpin.registry.io import service
from jianpin.registry.models import Household, Member, IncomeRecord

def test_smoke(tmp_path, cadre):
    p = national(tmp_path, 3)
    out = service.run(p, user=cadre, dry_run=True)
    print(json.dumps(out.contract(), ensure_ascii=False, default=str)[:3000])
    out = service.run(p, user=cadre, dry_run=False)
    print(out.summary())
    print(Household.objects.count(), Member.objects.count(), IncomeRecord.objects.values().first())
    out = service.run(p, user=cadre, dry_run=False)
    print(out.summary(), out.previously_imported)
    assert 0
