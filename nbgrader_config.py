# nbgrader configuration of the lossopt course (the repository root is the course root).
# The autograder (python -m autograder ...) loads this same file and only moves the
# working folders (submitted/, autograded/, gradebook) into a scratch directory.
c = get_config()  # noqa: F821

c.CourseDirectory.course_id = "lossopt"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
# Text twins (*.md) carry the answers: nbgrader copies every non-notebook file of a
# source folder into the release, so they must be ignored here.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.md", "*.py", ".jupyter_cache", "_build"]

c.ClearSolutions.code_stub = {"python": "# 여기에 코드를 작성하세요 (write your code here)\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "여기에 답을 쓰세요 (write your answer here)."

# The first cell imports torch (about 15 s on the course machines).
c.Execute.timeout = 180
c.ExecutePreprocessor.timeout = 180
