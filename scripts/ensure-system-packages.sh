#!/usr/bin/env bash
# Debian packages the tests need beyond Python: Chromium for the browser tests (never a downloaded browser) and
# the fonts and Pango libraries WeasyPrint renders PDFs with. Installs them when we may (root with apt-get);
# otherwise says what is missing. Browser tests then skip, unless VUDIG_REQUIRE_BROWSER=1 makes that a failure.
set -u
packages=(chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installerar systempaket: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Saknade systempaket: ${missing[*]} (installera med: sudo apt-get install -y ${missing[*]})" >&2
  [ "${VUDIG_REQUIRE_BROWSER:-0}" = "1" ] && exit 1
fi
exit 0
