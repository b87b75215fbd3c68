"""Classroom quizzes: join codes, the live quiz state machine, scoring and item statistics (no UI)."""
