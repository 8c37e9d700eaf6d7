-- What a report of a period reads, in one index: a month of a large ledger is read
-- from the index alone, never from the rows that keep each record's JSON.
CREATE INDEX IF NOT EXISTS entries_report ON entries (created_at, centre, kind, learner, pass, achievement_id, module,
	hours_credited, operator, enrolled, record_id, seq, target);
