"""Every ``st.session_state`` key and query parameter the app uses, named in one place.

Session state holds ids, small answers and the current quiz's own small records (its question ids
and answers); banks are never stored there.
"""

# query parameters (survive reloads; the learner token is the personal resume link)
PARAM_LEARNER = "learner"
PARAM_QUIZ = "quiz"
PARAM_CODE = "code"  # classroom join code in a join link

# session state
PAGES = "pages"  # this session's st.Page objects for st.navigation (built once, see ui/navigation)
LEARNER = "learner"  # {"id", "token", "name"} of the current learner
QUIZ_ID = "quiz_id"  # self-study quiz session in progress
QUIZ_VIEW = "quiz_view"  # {"session": SessionInfo, "answers": [AnswerRecord]} of QUIZ_ID, saves a read per click
FEEDBACK_FOR = "feedback_for"  # question id whose feedback is showing
NOTICE = "notice"  # a warning a button callback leaves for the run it causes
RUN_SCORE = "run_score"  # this browser session's running score (dict of ints)
CARD_FLIPPED = "card_flipped"
CRAM_QUEUE = "cram_queue"
LAST_REVIEW = "last_review"  # one-line note shown after grading a card


def shown_at(quiz_id: int, question_id: str) -> str:
    """When a question was first shown (for time taken)."""
    return f"shown:{quiz_id}:{question_id}"


def widget(quiz_id: int | str, question_id: str, part: str) -> str:
    """Widget key unique to one question of one quiz, so answers never leak between questions."""
    return f"w:{quiz_id}:{question_id}:{part}"

# classroom
PARAM_SEAT = "seat"  # a student's seat token in a class quiz (restores the seat on reload)
TEST_TEACHER_TOKEN = "test_teacher_token"  # AppTest only (no cookies there): see ui/teacher_auth.py
TEACHER_QUIZ = "teacher_quiz"  # id of the class quiz the teacher is looking at
PARAM_PRESENT_QUIZ = "quiz"  # /present?quiz=ID: which of the teacher's quizzes the projector shows
DRAWN = "live_drawn"  # {"quiz", "fingerprint"} the live page was last drawn for (its watch fragment compares)
SEAT = "live_seat"  # this tab's PlayerInfo for the seat token in its URL (looked up once)
SHOWN = "live_shown"  # {(quiz id, question id): shown_at} recorded for this tab (one write per question)
CONFIRM_END = "confirm_end"  # (action, revision) the teacher asked to confirm (end, skip)

# authoring
EDITOR_PACK = "editor_pack"  # pack open in the editor
EDITOR_ITEM = "editor_item"  # item id open in the editor ("" for a new one)
EDITOR_BASE = "editor_base"  # ("pack/item", revision) the open form started from
