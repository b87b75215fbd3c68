"""The quiz engine with no UI: drawing questions, presenting them shuffled, grading, progress, cards."""
