"""Reporting pages: units.py (待报送, items, evidence, notifications), excel.py (template
download/upload), review.py (审核), calendar.py (报送日历)."""
