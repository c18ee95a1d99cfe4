"""Known-mistake tables, one module per section (``KO = {key: sentence}``; ``EN`` later).

Keys must be unique across modules: ``lossopt.messages`` refuses a key defined twice.
"""
