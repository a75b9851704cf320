# One image for the three VUDIG processes: web (gunicorn), worker (celery worker) and beat (celery beat).
# The command picks the process; VUDIG_ROLE (web by default) tells docker/entrypoint.sh whether to migrate first.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's system libraries for Debian >= 11 with wheels (Pango, its FreeType backend, HarfBuzz subsetting),
# one font family so PDFs never render with missing glyphs, and the MIME database.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        shared-mime-info \
    && rm -rf /var/lib/apt/lists/*

# An unprivileged user; its home is writable so fontconfig can keep its cache there.
RUN groupadd --system --gid 1000 vudig \
    && useradd --system --uid 1000 --gid vudig --create-home --home-dir /home/vudig --shell /usr/sbin/nologin vudig

# Dependencies only: pyproject.toml declares packages = [], so this installs the requirements and no code.
# Copied alone so the layer is rebuilt only when the dependencies change.
COPY pyproject.toml /tmp/vudig-build/pyproject.toml
RUN pip install --no-cache-dir /tmp/vudig-build && rm -rf /tmp/vudig-build

# The code runs from /app (owned by root, read-only for the vudig user).
WORKDIR /app
COPY . /app

ENV DJANGO_SETTINGS_MODULE=vudig.settings.production \
    PYTHONPATH=/app \
    VUDIG_VAR_DIR=/var/lib/vudig \
    VUDIG_STATIC_ROOT=/app/staticfiles \
    VUDIG_ROLE=web \
    GUNICORN_WORKERS=3

# Static files are collected once, at build time, for WhiteNoise's manifest storage.
# The secret key below exists only for this command; it is not kept in the image's environment.
RUN DJANGO_SECRET_KEY=collectstatic-build-only-not-a-secret VUDIG_TRUSTED_PROXY_COUNT=0 python manage.py collectstatic --noinput \
    && chmod 0755 /app/docker/entrypoint.sh \
    && mkdir -p /var/lib/vudig/media \
    && chown -R vudig:vudig /var/lib/vudig

USER vudig
EXPOSE 8000

ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["sh", "-c", "exec gunicorn vudig.wsgi:application --bind 0.0.0.0:8000 --workers \"${GUNICORN_WORKERS:-3}\" --access-logfile - --error-logfile -"]
