#!/bin/sh
# The web container applies migrations before serving; worker and beat start directly.
set -e

if [ "${VUDIG_ROLE:-web}" = "web" ]; then
    python manage.py migrate --noinput
fi

exec "$@"
