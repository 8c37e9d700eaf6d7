-- The « gestes lents » setting of « Affichage et voix » joins the display settings a
-- profile keeps (Preferences.SlowHands). Profiles from before it have the usual gestures.
ALTER TABLE profiles ADD COLUMN slow_hands INTEGER NOT NULL DEFAULT 0;
