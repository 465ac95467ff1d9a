-- When a case was decided, for "deadlines kept" in the figures.
ALTER TABLE cases ADD COLUMN decided_at TEXT;
