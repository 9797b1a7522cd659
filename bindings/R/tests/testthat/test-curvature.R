# The same figures as libgnn's test_ricci (karate club, section 8.3 of the
# Ricci spec), from the same table; and closed forms on complete graphs.
tol <- 1e-6
expect_near <- function(x, want) expect_lt(max(abs(x - want)), tol)

test_that("karate club curvature matches GraphRicciCurvature (alpha 0.5 and 0)", {
  K <- karate_table()
  karate <- igraph::make_graph("Zachary")
  k5 <- gnn_curvature(karate, alpha = 0.5, method = "exact", threads = 1)
  expect_equal(nrow(k5), igraph::ecount(karate))
  expect_equal(paste(k5$from, k5$to), apply(igraph::as_edgelist(karate), 1, paste, collapse = " "))
  got <- k5$curvature[match(K$key, edge_key(k5$from, k5$to))]
  expect_lt(max(abs(got - K$otd)), tol)
  expect_near(mean(k5$curvature), 0.070856)
  # the defaults are alpha 0.5, method mix (exact on this graph)
  kd <- gnn_curvature(karate, threads = 2)
  expect_identical(kd$curvature, k5$curvature)
  k0 <- gnn_curvature(karate, alpha = 0, threads = 1)
  got0 <- k0$curvature[match(K$key, edge_key(k0$from, k0$to))]
  expect_lt(max(abs(got0 - K$otd0)), tol)
  expect_near(mean(k0$curvature), 0.006721)
  expect_near(min(k0$curvature), -0.854167)
  expect_near(max(k0$curvature), 0.5)
  expect_near(k0$curvature[k0$from == 1 & k0$to == 32], -0.854167)
  ka <- gnn_curvature(karate, alpha = 0.5, method = "atd", threads = 1)
  expect_lt(max(abs(ka$curvature[match(K$key, edge_key(ka$from, ka$to))] - K$atd)), tol)
})

test_that("node curvature is the mean over the node's edges", {
  K <- karate_table()
  nk <- gnn_node_curvature(igraph::make_graph("Zachary"), threads = 1)
  expect_equal(nrow(nk), 34L)
  expect_near(nk$curvature[1], -0.070530)
  want <- vapply(1:34, function(v) mean(K$otd[K$u + 1 == v | K$v + 1 == v]), 0)
  expect_lt(max(abs(nk$curvature - want)), tol)
})

test_that("complete graphs have the closed-form curvature", {
  # K_n: kappa = 1 - |alpha - (1 - alpha) / (n - 1)| on every edge
  for (n in 3:7) for (alpha in c(0, 0.25, 0.5, 0.9)) {
    k <- gnn_curvature(igraph::make_full_graph(n), alpha = alpha, threads = 1)
    expect_lt(max(abs(k$curvature - (1 - abs(alpha - (1 - alpha) / (n - 1))))), tol)
  }
})

test_that("rows follow the input edges; names are kept; self-loops give NA", {
  d <- data.frame(from = c("a", "b", "c", "c"), to = c("b", "c", "a", "c"))
  k <- gnn_curvature(gnn_graph(d, directed = FALSE), threads = 1)
  expect_equal(k$from, d$from)
  expect_equal(k$to, d$to)
  expect_true(is.na(k$curvature[4]))
  expect_near(k$curvature[1:3], rep(1 - abs(0.5 - 0.25), 3))
})

test_that("bad options are R errors with the library's message", {
  karate <- igraph::make_graph("Zachary")
  expect_error(gnn_curvature(karate, alpha = 2), "option 'alpha' \\(ricci\\): 2 is outside", class = "gnn_error")
  expect_error(gnn_curvature(karate, nonsense = 1), "unknown option 'nonsense'", class = "gnn_error")
  expect_error(gnn_curvature(karate, method = "magic"), "'magic' is not one of", class = "gnn_error")
})

test_that("BORF rewiring returns an igraph graph with the counts", {
  karate <- igraph::make_graph("Zachary")
  r <- gnn_rewire(karate, batches = 2, add = 4, remove = 2, threads = 1)
  expect_true(igraph::is_igraph(r))
  expect_false(igraph::is_directed(r))
  expect_equal(igraph::vcount(r), 34)
  added <- igraph::graph_attr(r, "added")
  removed <- igraph::graph_attr(r, "removed")
  expect_gt(added, 0)
  expect_gt(removed, 0)
  expect_lte(added, 2 * 4)
  expect_lte(removed, 2 * 2)
  expect_equal(igraph::ecount(r), 78 + added - removed)
  expect_true(igraph::is_simple(r))
  # no rewiring at all: the same graph
  same <- gnn_rewire(karate, batches = 1, add = 0, remove = 0, threads = 1)
  expect_equal(igraph::graph_attr(same, "added") + igraph::graph_attr(same, "removed"), 0)
  expect_true(igraph::isomorphic(same, karate))
  expect_setequal(edge_key(igraph::as_edgelist(same)[, 1], igraph::as_edgelist(same)[, 2]),
                  edge_key(igraph::as_edgelist(karate)[, 1], igraph::as_edgelist(karate)[, 2]))
  # named nodes stay named
  nm <- igraph::set_vertex_attr(karate, "name", value = paste0("v", 1:34))
  expect_equal(igraph::V(gnn_rewire(nm, batches = 1, threads = 1))$name, paste0("v", 1:34))
  expect_error(gnn_rewire(karate, mode = "sideways"), "not one of", class = "gnn_error")
})
