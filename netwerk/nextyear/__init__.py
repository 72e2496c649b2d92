"""Next year's copy of a programme ("Naar volgend schooljaar", issue 21 part 4)."""
