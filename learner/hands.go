package learner

// migrationSlowHands is a schema step on its own: the « gestes lents » setting of
// « Affichage et voix » joins the display settings a profile keeps
// (Preferences.SlowHands). Profiles from before it have the usual gestures. It
// touches nothing but its own column, so it may take any place at the end of
// migrations.
const migrationSlowHands = `
ALTER TABLE profiles ADD COLUMN slow_hands INTEGER NOT NULL DEFAULT 0;
`
