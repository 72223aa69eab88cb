"""Hormone timeline editor (lanes of therapy blocks, hormone keyframes, activity)."""
