# The pandas reference of the end-to-end benchmark: the analyses of
# libcxvalue written as an experienced analyst would write them in pandas
# (vectorised, no Python loops over rows), from the CSV files that
# `cxvalue simulate --csv-dir` writes.
