"""Pages for students studying on their own: quiz, flashcards, progress, personal link."""
