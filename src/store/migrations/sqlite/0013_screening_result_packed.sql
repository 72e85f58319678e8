-- A screening's result is kept compressed (store/sqlite packed_text.hpp):
-- about 8.5 KB of JSON took a chain of overflow pages, and every commit
-- writes whole pages. New rows leave `result` empty and hold the zstd frame
-- here; rows written before this keep their text and a NULL here, and read
-- as they always did.
ALTER TABLE screenings ADD COLUMN result_packed BLOB;
