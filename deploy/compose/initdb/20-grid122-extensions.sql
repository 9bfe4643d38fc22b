-- Runs once, when the postgres volume is first initialised (docker-entrypoint-initdb.d),
-- in $POSTGRES_DB as the superuser, after the postgis image's own 10_postgis.sh.
-- The services' migrations create their own schemas; the extensions live in `public` and must be
-- created by a superuser, so they are made here (on Kubernetes: CloudNativePG's bootstrap SQL).
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS ltree;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
