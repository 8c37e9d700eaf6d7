-- The read-aloud speed chosen in « Affichage et voix » joins the display settings a
-- profile keeps. Profiles from before it read at normal speed.
ALTER TABLE profiles ADD COLUMN speech_rate REAL NOT NULL DEFAULT 1;
