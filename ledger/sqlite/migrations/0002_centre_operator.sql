-- Which centre wrote each entry, and who: needed to sync into a shared ledger.
ALTER TABLE entries ADD COLUMN centre TEXT NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN operator TEXT NOT NULL DEFAULT '';
