"""Demo data of the meetings feature."""

import random


def load(rng: random.Random) -> bool:
    """Not written yet: nothing to load."""
    del rng
    return False
