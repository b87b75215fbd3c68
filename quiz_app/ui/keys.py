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
BAD_LINK = "bad_link"  # set when the address held a personal link that is not valid (cleared on a choice)
MERGE_OFFER = "merge_offer"  # {"id", "token", "answers", "cards", "last"}: this browser's unnamed learner
MERGE_DONE = "merge_done"  # what a merge moved, said once on the next run
MERGE_DECIDED = "merge_decided"  # learner ids whose merge offer was answered in this session
COOKIES = "browser_cookies"  # name -> token this session asked the browser to keep ("" = forget)
COOKIES_PENDING = "browser_cookies_pending"  # names still to be written at the end of a run
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
SEAT = "seat"  # the student's seat token in this browser session (survives the menu dropping ?seat=)
TEACHER_QUIZ = "teacher_quiz"  # the quiz picker's key: id of the class quiz the teacher is looking at
TEACHER_OPEN = "teacher_open"  # a quiz to open in the picker on the next run (just created)
PARAM_PRESENT_QUIZ = "quiz"  # /present?quiz=ID: which of the teacher's quizzes the projector shows
DRAWN = "live_drawn"  # set by a full run of the classroom page, so its poll fragment (poll design) skips one read
MINE = "live_mine"  # this seat's answer to the current live question, once known (an answer never changes)
CONFIRM_END = "confirm_end"  # (action, revision) the teacher asked to confirm (end, skip)

# authoring
EDITOR_PACK = "editor_pack"  # pack open in the editor
EDITOR_ITEM = "editor_item"  # item id open in the editor ("" for a new one)
EDITOR_SAVED = "editor_saved"  # "Saved revision N." shown once after a save
EDITOR_BASE = "editor_base"  # ("pack/item", revision) the open form started from

# study guide
GUIDE_PACK = "guide-pack"  # pack shown in the study guide
GUIDE_TIMELINE = "guide-timeline"  # the timeline chart's selection (the events clicked)
GUIDE_SPAN = "guide-span"  # January 2022 only, or every dated objective
