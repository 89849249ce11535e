# jianpin in a container: the web service (gunicorn through `jianpin serve`) and the background
# worker (`jianpin worker`) run from this one image; compose.yaml adds PostgreSQL.
#   docker compose build && docker compose up -d        (docs/operations.md, "Containers")
FROM python:3.11-slim-bookworm

# fonts-wqy-zenhei: the TrueType Chinese font that printed notices and assessments embed
# (Noto CJK has CFF outlines, which ReportLab cannot embed). Nothing else is needed at run time:
# psycopg's binary wheel carries libpq, and the message catalogues are committed compiled.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-wqy-zenhei \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    JIANPIN_DATA_DIR=/var/lib/jianpin \
    JIANPIN_PDF_FONT=/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc

RUN useradd --system --home-dir /app --shell /usr/sbin/nologin jianpin \
    && install -d -o jianpin -g jianpin -m 700 /var/lib/jianpin

WORKDIR /app
COPY pyproject.toml README.md ./
COPY config ./config
COPY jianpin ./jianpin
# Editable, so the shipped data beside the code (division tree, templates, static files,
# catalogues, the library's sample texts) is read where it lies. gcc compiles the import's sheet
# reader (jianpin/uploads/_xlsxc.c) and is removed again once it is built.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev \
    && pip install -e . && python -m compileall -q config jianpin \
    && apt-get purge -y --auto-remove gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*

USER jianpin
VOLUME ["/var/lib/jianpin"]
EXPOSE 8000

# /healthz checks the database, the jobs queue and free disk. The forwarded scheme stands in for
# the TLS proxy in front, so JIANPIN_PRODUCTION's HTTPS redirect does not answer instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request as u; r = u.Request('http://127.0.0.1:8000/healthz', headers={'X-Forwarded-Proto': 'https', 'Host': 'localhost'}); sys.exit(0 if u.urlopen(r, timeout=4).status == 200 else 1)"]

# Migrate, gather static files into the data volume, then gunicorn replaces the shell.
CMD ["sh", "-c", "jianpin migrate --noinput && jianpin collectstatic --noinput -v 0 && exec jianpin serve 0.0.0.0:8000 --no-migrate"]
