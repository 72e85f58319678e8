-- The facts about each report that the accountability figures count
-- (domain/report_facts.hpp): kept as bits on the report, maintained by the
-- store as parties, outcomes and screenings arrive, and covered by two
-- indexes so a period's reports (all forces, or some) are counted from the
-- index alone.
ALTER TABLE reports ADD COLUMN facts BIGINT NOT NULL DEFAULT 0;

-- Reports stored before this migration: the same bits, computed here once.
-- The bit values must match domain/report_facts.hpp; the store test
-- "FactsBackfillMatchesInsert" checks that they do.
UPDATE reports SET facts =
  (CASE WHEN EXISTS (SELECT 1 FROM report_parties p WHERE p.report_id = reports.id
                     AND p.role = 'suspect') THEN 1 ELSE 0 END)
  | (CASE WHEN EXISTS (SELECT 1 FROM report_parties p JOIN persons s ON s.id = p.person_id
                       WHERE p.report_id = reports.id AND p.role = 'suspect'
                       AND s.family_name <> '') THEN 2 ELSE 0 END)
  | (CASE WHEN EXISTS (SELECT 1 FROM screenings s WHERE s.report_id = reports.id)
          THEN 4 ELSE 0 END)
  | (CASE WHEN EXISTS (SELECT 1 FROM screenings s WHERE s.report_id = reports.id
                       AND s.principal IN ('stalking_s2a', 'stalking_s4a')) THEN 8 ELSE 0 END)
  | (CASE WHEN EXISTS (SELECT 1 FROM screening_classifications c
                       JOIN screenings s ON s.id = c.screening_id
                       WHERE s.report_id = reports.id AND c.principal = 0
                       AND c.classification IN ('stalking_s2a', 'stalking_s4a')
                       AND c.classification <> s.principal) THEN 16 ELSE 0 END)
  | (CASE WHEN EXISTS (SELECT 1 FROM screenings s WHERE s.report_id = reports.id
                       AND s.previous_id IS NOT NULL) THEN 32 ELSE 0 END)
  | coalesce((SELECT sum(DISTINCT CASE o.kind
                 WHEN 'suspect_identified' THEN 256 WHEN 'arrested' THEN 512
                 WHEN 'charged' THEN 1024 WHEN 'cautioned' THEN 2048
                 WHEN 'no_further_action' THEN 4096 WHEN 'trial' THEN 8192
                 WHEN 'convicted' THEN 16384 WHEN 'acquitted' THEN 32768 ELSE 0 END)
              FROM outcomes o WHERE o.report_id = reports.id), 0);

CREATE INDEX reports_stats ON reports(occurred_at, force_id, recorded_as, facts);
CREATE INDEX reports_force_stats ON reports(force_id, occurred_at, recorded_as, facts);

-- The accountability figures read case items one kind at a time.
CREATE INDEX case_items_kind ON case_items(kind, created_at, id);
