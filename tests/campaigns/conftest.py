import pytest

from liangxin.campaigns import defaults
from liangxin.campaigns.models import CampaignKind
from tests import factories as f


@pytest.fixture(autouse=True)
def kinds(db):
    """The seeded kinds (a flushing test would have removed the data migration's rows)."""
    defaults.seed(CampaignKind)


@pytest.fixture
def grid_a_officer(world):
    return f.account("grid_a_officer", "grid_officer", regions=[world.grid_a])


@pytest.fixture
def grid_b_officer(world):
    return f.account("grid_b_officer", "grid_officer", regions=[world.grid_b])
