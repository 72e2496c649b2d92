"""Demo data of the networks feature."""

import random


def load(rng: random.Random) -> bool:
    """Not written yet: nothing to load."""
    del rng
    return False
