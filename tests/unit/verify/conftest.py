import pytest

from verify_support import lexical_aligner


@pytest.fixture
def aligner():
    return lexical_aligner()
