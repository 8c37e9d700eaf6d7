-- Each row keeps its record's JSON (a few kB), so a page that scans every row reads the
-- whole file. These indexes hold what the workspace's lists read, so the list of
-- dossiers and a search in the ledger scan an index instead of the rows.
CREATE INDEX IF NOT EXISTS entries_dossiers ON entries (centre, learner, kind, hours_credited, record_id, created_at);
CREATE INDEX IF NOT EXISTS entries_search ON entries (centre, learner, module, operator, pass, reason, record_id, kind, seq);
