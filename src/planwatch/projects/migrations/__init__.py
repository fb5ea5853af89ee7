# The usual categories of a district's ledger, seeded by 0001 (the office edits them in the admin).
CATEGORIES = ("产业", "基础设施", "城市更新", "民生", "生态")
