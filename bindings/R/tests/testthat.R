library(testthat)
library(gnn)

test_check("gnn")
