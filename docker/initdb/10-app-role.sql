-- The role paingen's request connections log in as (migration 0009 gives
-- it its grants and would create it without a password). Created here
-- with one, for the compose stack only.
CREATE ROLE paingen_app LOGIN NOINHERIT PASSWORD 'paingen-app-dev-only';
