-- A replayed 201 carries the ETag of the first response, so a client
-- whose first attempt timed out can still correct the record it created.
ALTER TABLE idempotency_keys ADD COLUMN etag text;
