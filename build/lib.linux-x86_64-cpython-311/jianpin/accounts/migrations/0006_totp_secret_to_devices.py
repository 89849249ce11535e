"""Move the hand-written TOTP secrets (base32, plain text) into sealed django-otp devices.

Each enrolled user gets a confirmed TotpDevice holding the same key, so their authenticator
app keeps working; the plain column is dropped by the next migration. Recovery codes are not
made here (nobody could be shown them): users issue them under 安全设置.
"""
import base64

from django.db import migrations

from jianpin.accounts import sealing


def _key_bytes(secret: str) -> bytes:
    text = "".join(secret.split()).upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    TotpDevice = apps.get_model("accounts", "TotpDevice")
    enrolled = User.objects.exclude(totp_secret="").only("pk", "totp_secret")
    TotpDevice.objects.bulk_create([
        TotpDevice(user_id=user.pk, name="身份验证器", confirmed=True,
                   sealed_key=sealing.seal(_key_bytes(user.totp_secret)))
        for user in enrolled])
    enrolled.update(totp_secret="")


def backwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    TotpDevice = apps.get_model("accounts", "TotpDevice")
    for device in TotpDevice.objects.filter(confirmed=True):
        secret = base64.b32encode(sealing.unseal(device.sealed_key)).decode().rstrip("=")
        User.objects.filter(pk=device.user_id).update(totp_secret=secret)
    TotpDevice.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0005_otp_devices"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
