"""Names shown to people for question types and difficulty levels (app pages and printed reports)."""

TYPE_NAMES = {
    "single_choice": "Single choice", "multiple_select": "Multiple select", "true_false": "True or false",
    "ordering": "Put in order", "matching": "Matching", "short_answer": "Short answer",
}
LEVELS = {1: "Easy", 2: "Medium", 3: "Hard"}
