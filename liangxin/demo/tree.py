"""Materialized paths computed by hand, the way treebeard's MP_Node lays them out.

Bulk inserts bypass ``add_root``/``add_child`` (one query per node, far too slow
for 100,000 organizations), so the generator fills ``path``, ``depth`` and
``numchild`` itself. Defaults of MP_Node: steplen 4, alphabet 0-9A-Z, siblings
numbered from 1 in insertion order. ``find_problems()`` checks the result in tests.
"""

from liangxin.demo.records import TreeNode

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def encode_step(number: int) -> str:
    digits = ""
    while number:
        number, remainder = divmod(number, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
    if len(digits) > STEPLEN:
        raise ValueError(f"too many siblings for a {STEPLEN}-character step: {number}")
    return digits.rjust(STEPLEN, "0")


def decode_step(step: str) -> int:
    return int(step, len(ALPHABET))


def place_root(node: TreeNode, position: int) -> TreeNode:
    """Make ``node`` the root numbered ``position`` (1-based, after existing roots)."""
    node.path, node.depth, node.numchild = encode_step(position), 1, 0
    return node


def place_child(node: TreeNode, parent: TreeNode) -> TreeNode:
    """Append ``node`` as the last child of ``parent``."""
    parent.numchild += 1
    node.path = parent.path + encode_step(parent.numchild)
    node.depth, node.numchild = parent.depth + 1, 0
    return node


def last_root_position(model) -> int:
    """How many root positions a table already uses (0 when it is empty)."""
    last = model.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
    return decode_step(last) if last else 0
