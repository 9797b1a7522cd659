# The DSBM of libgnn's test_digrac (n = 500, K = 3, p = 0.05, eta = 0.05,
# cyclic, seed 10) and its figures: ARI >= 0.9, probabilities summing to 1,
# the same result at any thread count.

dsbm <- function() gnn_generate_dsbm(n = 500, k = 3, p = 0.05, eta = 0.05, style = "cyclic", seed = 10)

test_that("the DSBM generator gives a graph and its labels", {
  d <- dsbm()
  expect_s3_class(d$graph, "gnn_graph")
  expect_true(d$graph$directed)
  expect_equal(length(d$labels), d$n)
  expect_equal(sort(unique(d$labels)), 1:3)
  expect_equal(nrow(d$edges), length(d$graph$from))
  expect_identical(dsbm()$edges, d$edges) # seeded
  expect_false(identical(gnn_generate_dsbm(n = 500, k = 3, p = 0.05, seed = 11)$edges, d$edges))
})

test_that("DIGRAC recovers the small DSBM (ARI >= 0.9), at any thread count", {
  d <- dsbm()
  fit <- gnn_fit(d$graph, "digrac", clusters = 3, epochs = 300, patience = 100, labels = d$labels,
                 seed = 10, threads = 1)
  expect_s3_class(fit, "gnn_fit")
  m <- gnn_metrics(fit)
  expect_gte(m$ari, 0.9)
  expect_true(m$imbalance_sort_vol_sum > 0 && m$imbalance_sort_vol_sum <= 1)
  p <- predict(fit, type = "prob")
  expect_equal(dim(p), c(d$n, 3L))
  expect_lt(max(abs(rowSums(p) - 1)), 1e-5)
  cl <- predict(fit)
  expect_equal(cl, max.col(p, ties.method = "first"))
  expect_gte(ari(cl, d$labels), 0.9) # over all nodes, computed in R
  h <- gnn_history(fit)
  expect_equal(nrow(h), m$epochs_run)
  expect_named(h, c("epoch", "seconds", "train_loss", "valid_metric"))
  rep <- gnn_report(fit)
  expect_equal(rep$options$clusters, "3")
  expect_equal(rep$options$hidden, "32") # the C default
  expect_output(print(fit), "model digrac")
  expect_output(print(summary(fit)), "metrics")
  fit2 <- gnn_fit(d$graph, "digrac", clusters = 3, epochs = 300, patience = 100, labels = d$labels,
                  seed = 10, threads = 2)
  expect_identical(predict(fit2, type = "prob"), p)
})

test_that("the library's ARI agrees with an ARI computed in R", {
  d <- dsbm()
  fit <- gnn_fit(gnn_to_igraph(d$graph), "herm", clusters = 3, labels = d$labels, threads = 1)
  expect_equal(gnn_metrics(fit)$ari, ari(predict(fit), d$labels), tolerance = 1e-9)
})

test_that("a model is saved, loaded and predicts the same clusters", {
  d <- dsbm()
  fit <- gnn_fit(d$graph, "digrac", clusters = 3, epochs = 50, seed = 1, threads = 1)
  f <- tempfile(fileext = ".ckpt")
  on.exit(unlink(f))
  gnn_save(fit, f)
  again <- gnn_load(f, threads = 1)
  expect_equal(again$options[["clusters"]], "3")
  expect_identical(predict(again, newdata = d$graph), predict(fit))
  expect_identical(predict(fit, newdata = d$graph), predict(fit))
  # a fit read back with readRDS keeps its outputs, not its model
  r <- tempfile()
  saveRDS(fit, r)
  old <- readRDS(r)
  unlink(r)
  expect_identical(predict(old), predict(fit))
  expect_error(predict(old, newdata = d$graph), "no longer valid")
})

test_that("library errors become R errors with the library's message", {
  d <- dsbm()
  expect_error(gnn_fit(d$graph, "nosuch"), "unknown model 'nosuch' \\(available: .*digrac", class = "gnn_error")
  expect_error(gnn_fit(d$graph, "digrac", clusters = 3, bogus = 1), "unknown option 'bogus' for model.digrac",
               class = "gnn_error")
  expect_error(gnn_fit(d$graph, "digrac", clusters = 3, epochs = "many"),
               "option 'epochs' \\(model.digrac\\): expected an integer, got 'many'", class = "gnn_error")
  small <- gnn_graph(data.frame(from = c(1, 2, 3), to = c(2, 3, 1)), nodes = letters[1:5])
  expect_error(gnn_fit(small, "digrac", clusters = 6), "6 clusters", class = "gnn_error")
  expect_error(gnn_fit(small, "digrac", clusters = 1), "clusters", class = "gnn_error")
  expect_error(gnn_generate_dsbm(eta = 0.9), "option 'eta'", class = "gnn_error")
  # R-side checks
  expect_error(gnn_fit(d$graph, "digrac", 3), "options must be named")
  expect_error(gnn_fit(d$graph, "digrac", clusters = 3, labels = 1:3), "3 values for")
  # after all these errors the package still works
  expect_s3_class(gnn_fit(d$graph, "herm", clusters = 3, threads = 1), "gnn_fit")
})

test_that("an interrupt request stops a fit with the error 'interrupted'", {
  d <- dsbm()
  # the interrupt hook reports a request after two polls (one per epoch)
  e <- tryCatch(gnn:::.fit_impl(d$graph, "digrac", list(clusters = 3, epochs = 1000), threads = 1,
                                interrupt_after = 2L),
                error = function(e) e)
  expect_s3_class(e, "gnn_interrupted")
  expect_equal(conditionMessage(e), "interrupted")
  # the generator polls too
  e <- tryCatch(gnn:::.generate("dsbm", list(n = 2000), 0, 1, NULL, interrupt_after = 0L), error = function(e) e)
  expect_s3_class(e, "gnn_interrupted")
  # and the next fit runs normally
  fit <- gnn_fit(d$graph, "digrac", clusters = 3, epochs = 5, seed = 1, threads = 1)
  expect_equal(nrow(gnn_history(fit)), 5L)
})

test_that("a real SIGINT (Ctrl-C) stops a long fit", {
  skip_on_os("windows")
  skip_if(Sys.which("kill") == "" || Sys.which("sleep") == "", "no kill or sleep command")
  d <- gnn_generate_dsbm(n = 1000, k = 5, p = 0.05, seed = 1)
  system(sprintf("(sleep 1; kill -INT %d) >/dev/null 2>&1 &", Sys.getpid()))
  t0 <- Sys.time()
  e <- tryCatch(gnn_fit(d$graph, "digrac", clusters = 5, epochs = 20000, patience = 0, threads = 1),
                error = function(e) e, interrupt = function(i) i)
  expect_s3_class(e, "gnn_interrupted")
  expect_lt(as.numeric(difftime(Sys.time(), t0, units = "secs")), 60)
})

test_that("node classification with mpnn takes labels, features and a split", {
  d <- gnn_generate("sbm", n = 120, k = 2, p_in = 0.15, p_out = 0.01, seed = 4)
  x <- cbind(d$labels == 1, d$labels == 2) + 0.0
  x <- x + matrix(stats::runif(length(x), 0, 0.5), nrow(x))
  lab <- c("red", "blue")[d$labels]
  fit <- gnn_fit(d$graph, "mpnn", epochs = 30, hidden = 8, labels = lab, features = x,
                 train = seq(1, 120, 3), valid = seq(2, 120, 3), test = seq(3, 120, 3), seed = 1, threads = 1)
  expect_equal(fit$levels, c("blue", "red"))
  expect_gte(gnn_metrics(fit)$test_accuracy, 0.8)
  expect_equal(length(predict(fit)), 120L)
})

test_that("link models train on an edge split and score pairs", {
  d <- gnn_generate("sbm", n = 60, k = 2, p_in = 0.2, p_out = 0.02, seed = 3)
  fit <- gnn_fit(d$graph, "nbfnet", epochs = 1, hidden = 4, layers = 2, `max-steps` = 2, seed = 1, threads = 1)
  expect_true(is.data.frame(fit$pairs))
  expect_equal(nrow(fit$pairs), nrow(fit$outputs))
  expect_true(all(fit$pairs$label %in% c(0L, 1L)))
  expect_true(is.finite(gnn_metrics(fit)$test_auc))
  s <- predict(fit, pairs = data.frame(from = c(1, 2), to = c(3, 4)))
  expect_length(s, 2L)
  expect_true(all(is.finite(s)))
  h <- gnn_fit(d$graph, "herm", clusters = 2, threads = 1)
  expect_error(predict(h, pairs = cbind(1, 2)), class = "gnn_error")
})
