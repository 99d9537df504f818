"""The shared persona helpers of the page and API tests."""

from tests.mobility.conftest import as_user  # noqa: F401  (a service call in a page's context)
