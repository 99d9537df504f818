"""What a form page shows a user as a field's name: the text of its ``<label>``."""

import html
import re


def label_of(response, field: str) -> str:
    """The label of the input named ``field`` on a rendered form page, without the
    asterisk a required field's label carries."""
    page = response.content.decode()
    found = re.search(rf'<label[^>]*for="id_{field}"[^>]*>(.*?)</label>', page, re.S)
    assert found, f"no label for {field}"
    text = html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()
    return text.removesuffix("*").strip()
