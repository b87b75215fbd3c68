"""Pages of a class quiz: the student's seat, the teacher's controls, and their parts."""
