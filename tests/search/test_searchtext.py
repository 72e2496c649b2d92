"""searchtext: the normalisation and the match that every search of the app relies on."""

import pytest

from netwerk.searchtext import SEARCH_NAME_LENGTH, matches, normalise, query_words, search_name_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sint-Jozefscollege", "sint jozefscollege"),
        ("  BASISSCHOOL   De Klimop ", "basisschool de klimop"),
        ("École Élémentaire Ixelles", "ecole elementaire ixelles"),
        ("Sint-Truiden/Zoutleeuw", "sint truiden zoutleeuw"),
        ("Mariëngaarde", "mariengaarde"),
        ("Straße", "strasse"),
        ("jan.peeters@school.be", "jan peeters school be"),
        ("under_score 100%", "under score 100"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_folds_case_accents_and_punctuation(text, expected):
    """Case, accents, hyphens and other punctuation all fall away; words stay apart."""
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("query", "text", "found"),
    [
        ("sint jozef", "Sint-Jozefscollege", True),
        ("jozef sint", "Sint-Jozefscollege", True),  # word order does not matter
        ("SINT-JOZEF", "sint jozefscollege", True),
        ("ecole", "École Van Haelen", True),
        ("écôle", "Ecole Van Haelen", True),
        ("marien", "Mariëngaarde", True),
        ("sint jozef gent", "Sint-Jozefscollege Brugge", False),  # every word must be there
        ("klimop", "Sint-Jozefscollege", False),
        ("", "anything", True),
    ],
)
def test_matches_every_word_in_any_order(query, text, found):
    """A text matches when every query word occurs in it, whatever the order."""
    assert matches(query, text) is found


def test_query_words_are_normalised_and_unique():
    """Repeated words ask once; punctuation splits words."""
    assert query_words("Sint-Jozef sint  JOZEF") == ["sint", "jozef"]
    assert query_words(" - / ") == []


def test_search_name_joins_fields_and_fits_the_column():
    """The stored text is all fields, normalised, and never longer than the column."""
    assert search_name_of("Sint-Jozef", "123456", None, "Gent") == "sint jozef 123456 gent"
    assert len(search_name_of("x" * 400, "y" * 400)) == SEARCH_NAME_LENGTH
