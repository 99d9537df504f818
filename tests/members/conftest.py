"""The shared persona helpers of the page and API tests."""

from tests.api.conftest import client_as  # noqa: F401
from tests.mobility.conftest import as_user  # noqa: F401  (a service call in a page's context)
from tests.web.conftest import login  # noqa: F401
