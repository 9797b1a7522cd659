# Graph sets and PathNN: the rings-vs-paths set of libgnn's test_pathnn
# (test_from_graphs: 24 graphs of 5..16 nodes, paths class 0, rings class 1)
# built from igraph graphs equals the same set read from files, to the last
# bit of the fit; MUTAG (when the datasets are present) as test_fit.

rings_and_paths <- function() {
  gs <- lapply(0:23, function(i) igraph::make_ring(5 + i %/% 2, circular = i %% 2 == 1))
  list(graphs = gs, labels = rep(c("path", "ring"), 12))
}

fit_small <- function(set, epochs = 100, threads = 1) {
  gnn_fit(set, "pathnn", K = 2, hidden = 16, folds = 4, fold = 0, grid = 0, final_runs = 1,
          epochs = epochs, lr = 0.01, seed = 3, threads = threads)
}

test_that("a graph set is built from igraph graphs, data frames and matrices", {
  d <- rings_and_paths()
  set <- gnn_graph_set(d$graphs, labels = d$labels)
  expect_s3_class(set, "gnn_graph_set")
  expect_length(set$graphs, 24L)
  expect_equal(set$levels, c("path", "ring"))
  expect_equal(set$labels, rep(0:1, 12))
  expect_false(set$graphs[[1]]$directed)
  expect_equal(vapply(set$graphs, function(g) length(g$from), 1L), vapply(d$graphs, igraph::ecount, 1))
  expect_output(print(set), "24 graphs, 5 to 16 nodes.*2 classes")
  # the same first graph from a data frame and a matrix (read as undirected)
  el <- igraph::as_edgelist(d$graphs[[1]])
  s2 <- gnn_graph_set(list(as.data.frame(el), el), labels = c(1, 2))
  expect_false(s2$graphs[[1]]$directed)
  expect_equal(s2$graphs[[1]]$from, set$graphs[[1]]$from)
  expect_equal(s2$graphs[[2]]$to, set$graphs[[1]]$to)
  expect_identical(gnn_graph_set(set), set)
})

test_that("bad graph sets are refused with clear messages", {
  d <- rings_and_paths()
  expect_error(gnn_graph_set(list()), "non-empty list")
  expect_error(gnn_graph_set(d$graphs[[1]]), "list of graphs")
  expect_error(gnn_graph_set(d$graphs, labels = 1:3), "3 values for 24 graphs")
  expect_error(gnn_graph_set(d$graphs, labels = c(NA, d$labels[-1])), "NA")
  expect_error(gnn_graph_set(list(d$graphs[[1]], "x")), "graph 2")
  expect_error(gnn_graph_set(d$graphs, features = matrix(1, 10, 2)), "10 rows for 252 nodes")
  expect_error(gnn_graph_set(d$graphs[1:2], features = list(matrix(1, 5, 1), matrix(1, 4, 1))),
               "graph 2 has 5 nodes but 4 rows")
  expect_error(gnn_graph_set(d$graphs, label_columns = 1), "more columns")
  set <- gnn_graph_set(d$graphs, labels = d$labels)
  expect_error(gnn_fit(set, "pathnn", labels = d$labels), "carries its labels")
  expect_error(gnn_fit(set, "pathnn", variant = "xyz", epochs = 1), class = "gnn_error")
  unlabelled <- gnn_graph_set(d$graphs)
  expect_error(gnn_fit(unlabelled, "pathnn", epochs = 1), "label", class = "gnn_error")
  expect_error(gnn_read_graphs(file.path(tempdir(), "no-such-dir"), "graphs-tsv"), class = "gnn_error")
})

test_that("PathNN separates rings from paths; in-memory and file sets fit alike", {
  d <- rings_and_paths()
  set <- gnn_graph_set(d$graphs, labels = d$labels)
  fit <- fit_small(set)
  expect_s3_class(fit, "gnn_fit")
  m <- gnn_metrics(fit)
  expect_gte(m$test_accuracy, 0.8) # the bound of test_pathnn's test_from_graphs
  p <- predict(fit, type = "prob")
  expect_equal(dim(p), c(24L, 2L))
  expect_equal(colnames(p), c("path", "ring"))
  cl <- predict(fit)
  tested <- !is.na(cl)
  expect_equal(sum(tested), 6L) # fold 0 of 4: a quarter of the graphs
  expect_equal(mean(cl[tested] == set$labels[tested] + 1L), m$test_accuracy)
  expect_equal(gnn_report(fit)$graphs, 24L)
  # the same graphs as graphs-tsv files (0-based ids), read by the library
  dir <- file.path(tempdir(), "rings")
  dir.create(dir, showWarnings = FALSE)
  edges <- do.call(rbind, lapply(seq_along(set$graphs), function(i) {
    g <- set$graphs[[i]]
    data.frame(graph = i - 1L, u = g$from - 1L, v = g$to - 1L)
  }))
  utils::write.table(edges, file.path(dir, "edges.tsv"), sep = "\t", row.names = FALSE, col.names = FALSE)
  utils::write.table(data.frame(graph = 0:23, label = set$labels), file.path(dir, "graph_labels.tsv"),
                     sep = "\t", row.names = FALSE, col.names = FALSE)
  back <- gnn_read_graphs(dir, "graphs-tsv")
  expect_length(back$graphs, 24L)
  expect_equal(back$labels, set$labels)
  fit2 <- fit_small(back, threads = 2)
  expect_identical(unname(predict(fit2, type = "prob")), unname(p))
  expect_equal(gnn_metrics(fit2)$test_accuracy, m$test_accuracy)
  # predict on new graphs with the trained model
  new <- gnn_graph_set(list(igraph::make_ring(30), igraph::make_ring(30, circular = FALSE)))
  pr <- predict(fit, newdata = new, type = "prob")
  expect_equal(dim(pr), c(2L, 2L))
  expect_lt(max(abs(rowSums(pr) - 1)), 1e-6)
  # save and load: the same probabilities on new data
  f <- tempfile(fileext = ".ckpt")
  gnn_save(fit, f)
  back_fit <- gnn_load(f)
  expect_equal(predict(back_fit, newdata = new, type = "prob"), pr, ignore_attr = TRUE)
})

test_that("MUTAG from the TU files: one-hot node labels and a fit above the majority class", {
  root <- Sys.getenv("GNN_DATASETS", "../shared/datasets")
  path <- file.path(root, "tu", "MUTAG", "MUTAG")
  skip_if_not(file.exists(paste0(path, "_A.txt")), paste("no MUTAG under", root, "(set GNN_DATASETS)"))
  set <- gnn_read_graphs(path, "tu")
  expect_length(set$graphs, 188L)
  expect_equal(length(set$levels), 2L)
  expect_equal(nrow(set$features), sum(vapply(set$graphs, function(g) g$n, 1L)))
  expect_equal(set$label_columns, 7L) # MUTAG's 7 atom types
  expect_true(all(rowSums(set$features[, 1:7]) == 1))
  fit <- gnn_fit(set, "pathnn", variant = "sp", K = 2, grid = 0, fold = 0, final_runs = 1, epochs = 40,
                 seed = 4, threads = 2)
  acc <- gnn_metrics(fit)$test_accuracy
  expect_gt(acc, 0.7) # test_pathnn's bound: fold 0's majority class is 2/3
  fit1 <- gnn_fit(set, "pathnn", variant = "sp", K = 2, grid = 0, fold = 0, final_runs = 1, epochs = 40,
                  seed = 4, threads = 1)
  expect_equal(gnn_metrics(fit1)$test_accuracy, acc)
})
