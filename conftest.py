"""Tests run the notebooks in fast mode unless RNN_COURSE_MODE says otherwise;
nbval's kernels inherit this environment."""

import os

os.environ.setdefault("RNN_COURSE_MODE", "fast")
