"""Bone Remodeling Lab: a teaching simulator of how hormones govern bone remodeling.

An educational model of mechanisms, not a medical device; it gives no dosing advice.
"""

__version__ = "0.1.0"

DISCLAIMER = (
    "Bone Remodeling Lab is an educational model of mechanisms, not a medical device. "
    "It gives no dosing advice and must not be used to make decisions about anyone's treatment."
)
