"""lossopt의 채점 도구 (grading tools of the lossopt course).

``python -m autograder release|grade|book|check`` (the Makefile's targets call these).
"""
