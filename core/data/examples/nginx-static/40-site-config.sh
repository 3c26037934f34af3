#!/bin/sh
# nginx's entrypoint runs every *executable* .sh in /docker-entrypoint.d/ before
# starting nginx: this one writes the page's settings from the environment, so
# one image serves every environment.
set -eu

cat > /usr/share/nginx/html/config.js <<EOF_CONFIG
window.SITE_CONFIG = { greeting: "${SITE_GREETING:-Hello}" };
EOF_CONFIG
