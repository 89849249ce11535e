import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from jianpin.ops import files, inuse  # noqa: E402 — needs the settings loaded above

os.umask(0o077)  # files the server creates (uploads, kept imports) are the owner's only
inuse.hold()  # `jianpin restore` refuses while a server process runs
files.secure_data_dir()
