"""政策联络员 notices, 三联三会 links and meetings, and 党员联系职工 pairings (WORK.md §5)."""
