-- Reports of a period read entries by date: an index on the date keeps them quick on a
-- large ledger; and the workspace lists dossiers and finds a line's cancel.
CREATE INDEX IF NOT EXISTS entries_created ON entries (created_at);
CREATE INDEX IF NOT EXISTS entries_cancel_target ON entries (target) WHERE kind = 'cancel';
