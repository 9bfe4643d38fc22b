#!/bin/sh
# grid122 container entrypoint, started by tini (see deploy/Dockerfile).
#
#   APP=<app>  [serve|migrate|seed ...]  -> exec node dist/apps/$APP/src/main.js "$@"
#   APP=all    migrate|seed              -> runs that one-shot command for every app, in sequence
#
# Paths are relative to the working directory (/app in the image), as in the run contract.
set -eu

APPS="grid-registry gateway office petitions enforcement social-services appraisal federation identity"

main_of() {
  echo "dist/apps/$1/src/main.js"
}

if [ "${APP:-}" = "all" ]; then
  case "${1:-}" in
    migrate|seed) ;;
    *)
      echo "grid122-entrypoint: APP=all only runs the one-shot commands 'migrate' or 'seed' (got '${1:-serve}')" >&2
      exit 64
      ;;
  esac
  for app in $APPS; do
    main="$(main_of "$app")"
    if [ ! -f "$main" ]; then
      echo "grid122-entrypoint: $main is missing from the image" >&2
      exit 66
    fi
    echo "grid122-entrypoint: $1 $app"
    # each app's own PII key rings, given as PII_KEYS_<APP> … to the one-shot, to that app's run only
    up="$(echo "$app" | tr 'a-z-' 'A-Z_')"
    (
      for v in PII_KEYS PII_ACTIVE_KEY_ID PII_HASH_KEYS PII_ACTIVE_HASH_KEY_ID; do
        eval "val=\${${v}_${up}:-}"
        if [ -n "$val" ]; then export "$v=$val"; else unset "$v"; fi
        # and none of another app's
        for other in $APPS; do unset "${v}_$(echo "$other" | tr 'a-z-' 'A-Z_')"; done
      done
      exec node "$main" "$@"
    )
  done
  exit 0
fi

if [ -z "${APP:-}" ]; then
  echo "grid122-entrypoint: set APP to one of: $APPS (or 'all' for migrate/seed)" >&2
  exit 64
fi
main="$(main_of "$APP")"
if [ ! -f "$main" ]; then
  echo "grid122-entrypoint: unknown APP '$APP' ($main not found); expected one of: $APPS" >&2
  exit 64
fi
exec node "$main" "$@"
