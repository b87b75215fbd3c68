import pytest

from quiz_app.bank import Pack, load_bank
from tests.support.sample import write_sample_pack


@pytest.fixture
def pack(tmp_path) -> Pack:
    return load_bank([write_sample_pack(tmp_path)]).packs["sample"]
