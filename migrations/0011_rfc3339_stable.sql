-- rfc3339 was declared IMMUTABLE, but to_char is STABLE: PostgreSQL never
-- inlines a function whose body is more volatile than its declaration, so
-- every timestamp of every representation ran as a separate SQL-function
-- call (0.2 ms of a consultation read with 20 findings). Declared as what
-- it is, it is inlined into the queries that use it.
ALTER FUNCTION rfc3339(timestamptz) STABLE;
