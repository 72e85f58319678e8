-- "Who has looked at this record" finds its entries through an index on the
-- record id alone (ids are unique across record types; the type is checked
-- on the rows found). Every read appends an entry and each entry dirties one
-- page of this index, so it is kept as small as the query allows.
DROP INDEX audit_log_record;
CREATE INDEX audit_log_record ON audit_log(record_id);
