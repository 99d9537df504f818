"""助企服务专员与网格连企 (WORK.md §5): specialists assigned to key enterprises, the cadences
a district configures, and the contacts they log."""
