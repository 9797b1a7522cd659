# Models: gnn_fit() and what a fitted model offers.

# Link-prediction models: trained on a split of the graph's edges.
.link_models <- c("nbfnet", "walkpool")

# Labels to 0-based codes (NA: unlabelled) and their levels.
.labels <- function(labels, g) {
  if (is.null(labels)) return(NULL)
  if (!is.null(names(labels)) && !is.null(g$names)) {
    i <- match(g$names, names(labels))
    labels <- labels[i] # nodes without a label get NA
  }
  if (length(labels) != g$n) {
    stop(sprintf("labels: %d values for %d nodes", length(labels), g$n), call. = FALSE)
  }
  f <- if (is.factor(labels)) droplevels(labels) else factor(labels)
  list(codes = as.integer(f) - 1L, levels = levels(f))
}

.features <- function(features, g) {
  if (is.null(features)) return(NULL)
  x <- as.matrix(features)
  if (!is.null(rownames(x)) && !is.null(g$names) && all(g$names %in% rownames(x))) x <- x[g$names, , drop = FALSE]
  if (nrow(x) != g$n) stop(sprintf("features: %d rows for %d nodes", nrow(x), g$n), call. = FALSE)
  storage.mode(x) <- "double"
  if (any(!is.finite(x))) stop("features: missing or infinite value", call. = FALSE)
  dimnames(x) <- NULL
  x
}

.edge_split <- function(edge_split, model) {
  if (is.null(edge_split)) {
    return(if (model %in% .link_models) c(0.05, 0.10))
  }
  if (isFALSE(edge_split)) return(NULL)
  if (!is.numeric(edge_split) || !length(edge_split) %in% 2:3 || anyNA(edge_split) ||
      any(edge_split < 0) || sum(utils::tail(edge_split, 2L)) >= 1) {
    stop("edge_split: expected c(valid, test) fractions (or c(train, valid, test)) summing to less than 1",
         call. = FALSE)
  }
  as.double(utils::tail(edge_split, 2L))
}

# The R object of a fit (or a load).
.new_fit <- function(handle, r, g, levels, call) {
  out <- r$outputs
  if (inherits(g, "gnn_graph_set")) {
    if (!is.null(levels) && ncol(out) == length(levels)) colnames(out) <- levels
  } else if (!is.null(g) && is.null(r$pairs) && nrow(out) == g$n && !is.null(g$names)) rownames(out) <- g$names
  pairs <- NULL
  if (!is.null(r$pairs)) {
    pairs <- data.frame(from = .node_names(g, r$pairs$from), to = .node_names(g, r$pairs$to),
                        label = r$assignments, score = if (ncol(out) >= 1L) out[, 1L] else NA_real_,
                        stringsAsFactors = FALSE)
  }
  structure(list(model = r$model, options = r$options, metrics = r$metrics,
                 history = as.data.frame(r$history), outputs = out, assignments = r$assignments,
                 pairs = pairs, levels = levels, graph = g, call = call, handle = handle),
            class = "gnn_fit")
}

#' Train a libgnn model on a graph
#'
#' Creates the model \code{model} with the options given in \code{...},
#' builds a dataset from the graph (and the optional node labels, features
#' and split) and trains the model.  Any model of the library can be named:
#' [gnn_models()] lists them and [gnn_options()] their options and C
#' defaults.
#'
#' DIGRAC (\code{"digrac"}) and the spectral baselines (\code{"herm"},
#' \code{"herm_rw"}, \code{"bi_sym"}, \code{"disg_lr"}) cluster the nodes of
#' a directed graph and need \code{clusters}; they never train on labels,
#' which only score the result (metric \code{ari} on the test nodes).
#' \code{"mpnn"} classifies nodes and needs labels, features and a node split.
#' The link models (\code{"nbfnet"}, \code{"walkpool"}) train on a split of
#' the graph's edges with sampled negatives (\code{edge_split}); their
#' outputs are the scores of the test pairs (see \code{$pairs}).
#' PathNN (\code{"pathnn"}) classifies whole graphs of a [gnn_graph_set()]
#' under the fair-comparison k-fold protocol (options \code{variant},
#' \code{K}, \code{folds}, \code{fold}, \code{grid}, ...); its outputs
#' are out-of-fold class probabilities, one row per graph (\code{NA} class
#' for a graph no test fold covered).
#'
#' @param graph the graph: anything [gnn_graph()] accepts; for graph
#'   classification (\code{"pathnn"}), a [gnn_graph_set()], which carries
#'   the graph labels and node features itself.
#' @param model the model's name (default \code{"digrac"}).
#' @param ... the model's options by name (\code{.} or \code{_} stand for
#'   the library's \code{-}: \code{final_runs = 1}), e.g. \code{clusters = 5},
#'   \code{epochs = 300}, \code{baselines = c("herm", "disg_lr")}; an
#'   option not given keeps the library's default.
#' @param labels node labels (one per node, or named by node; \code{NA}: no
#'   label): a factor, character or integer vector.
#' @param features a numeric matrix of node features, one row per node
#'   (rows named by node are matched to the graph's node names).
#' @param train,valid,test a node split: node indices, names or logical
#'   masks (models with a node split, e.g. mpnn).
#' @param edge_split link models: the fractions \code{c(valid, test)} of
#'   the edges held out with as many negative pairs (default for nbfnet and
#'   walkpool: \code{c(0.05, 0.10)}; \code{FALSE}: none).
#' @param seed the seed every random choice derives from.
#' @param threads OpenMP threads (0: all cores); results do not depend on
#'   it.
#' @param verbose print the library's log messages.
#' @return A \code{gnn_fit}: a list with \code{model}, \code{options} (every
#'   option in force, as text), \code{metrics} (named numbers),
#'   \code{history} (a data frame: epoch, seconds, train_loss,
#'   valid_metric), \code{outputs} (matrix: class probabilities or scores),
#'   \code{assignments} (the integer output per row: cluster or class,
#'   0-based as in the library; link models: the test pairs' labels),
#'   \code{pairs} (link models: the scored test pairs), \code{levels} (the
#'   label levels), \code{graph} and the model handle.  See
#'   [predict.gnn_fit()], [gnn_metrics()], [gnn_history()], [gnn_report()].
#' @seealso [gnn_generate_dsbm()], [gnn_save()]
#' @examples
#' d <- gnn_generate_dsbm(n = 300, k = 3, p = 0.05, eta = 0.05, seed = 10)
#' fit <- gnn_fit(d$graph, "digrac", clusters = 3, epochs = 100,
#'                labels = d$labels, seed = 1, threads = 1)
#' fit
#' gnn_metrics(fit)$ari
#' table(predict(fit), d$labels)
#' @export
gnn_fit <- function(graph, model = "digrac", ..., labels = NULL, features = NULL, train = NULL,
                    valid = NULL, test = NULL, edge_split = NULL, seed = 0, threads = 0,
                    verbose = FALSE) {
  .fit_impl(graph, model, list(...), labels, features, train, valid, test, edge_split, seed,
            threads, verbose, interrupt_after = -1L, call = match.call())
}

# interrupt_after >= 0 simulates a user interrupt after that many polls of
# the library's interrupt hook (tests).
.fit_impl <- function(graph, model, opts, labels = NULL, features = NULL, train = NULL, valid = NULL,
                      test = NULL, edge_split = NULL, seed = 0, threads = 0, verbose = FALSE,
                      interrupt_after = -1L, call = sys.call(-1L)) {
  if (!is.character(model) || length(model) != 1L || is.na(model)) {
    stop("model: expected one model name (see gnn_models())", call. = FALSE)
  }
  if (inherits(graph, "gnn_graph_set")) {
    if (!is.null(labels) || !is.null(features) || !is.null(train) || !is.null(valid) || !is.null(test)) {
      stop("a graph set carries its labels and features: give them to gnn_graph_set()", call. = FALSE)
    }
    r <- .gnn_call(gnn_r_fit, unclass(graph), model, .gnn_opts(opts), NULL, NULL, NULL, NULL,
                   .check_count(seed, "seed"), .check_count(threads, "threads"), isTRUE(verbose),
                   as.integer(interrupt_after), .call = call)
    return(.new_fit(r[[1L]], r[[2L]], graph, graph$levels, call))
  }
  g <- gnn_graph(graph)
  lab <- .labels(labels, g)
  splits <- list(.node_index(train, g, "train"), .node_index(valid, g, "valid"), .node_index(test, g, "test"))
  if (all(vapply(splits, is.null, TRUE))) splits <- NULL
  r <- .gnn_call(gnn_r_fit, g, model, .gnn_opts(opts), lab$codes, .features(features, g), splits,
                 .edge_split(edge_split, model), .check_count(seed, "seed"),
                 .check_count(threads, "threads"), isTRUE(verbose), as.integer(interrupt_after),
                 .call = call)
  .new_fit(r[[1L]], r[[2L]], g, lab$levels, call)
}

#' @export
print.gnn_fit <- function(x, ...) {
  g <- x$graph
  cat(sprintf("<gnn_fit> model %s", x$model))
  if (!is.null(g)) {
    cat(sprintf(" on %s graph of %d nodes and %d %s", if (g$directed) "a directed" else "an undirected",
                g$n, length(g$from), if (g$directed) "arcs" else "edges"))
  }
  cat("\n")
  if (nrow(x$history)) cat(sprintf("epochs: %d\n", nrow(x$history)))
  if (length(x$metrics)) {
    m <- x$metrics[seq_len(min(length(x$metrics), 12L))]
    cat("metrics:\n")
    print(signif(m, 4))
    if (length(x$metrics) > 12L) cat(sprintf("(%d more: gnn_metrics())\n", length(x$metrics) - 12L))
  }
  invisible(x)
}

#' Summary of a fitted model
#'
#' @param object a \code{gnn_fit}.
#' @param ... unused.
#' @return A \code{summary.gnn_fit}: the model, its options in force, its
#'   metrics, the number of epochs and the size of every cluster or class
#'   assigned.
#' @examples
#' d <- gnn_generate_dsbm(n = 300, k = 3, p = 0.05, eta = 0.05, seed = 10)
#' fit <- gnn_fit(d$graph, "herm", clusters = 3, labels = d$labels, threads = 1)
#' summary(fit)
#' @export
summary.gnn_fit <- function(object, ...) {
  sizes <- if (is.null(object$pairs)) table(assignment = object$assignments) else table(label = object$assignments)
  structure(list(model = object$model, options = object$options, metrics = object$metrics,
                 epochs = nrow(object$history), sizes = sizes),
            class = "summary.gnn_fit")
}

#' @export
print.summary.gnn_fit <- function(x, ...) {
  cat(sprintf("libgnn model %s, %d epochs\n\noptions:\n", x$model, x$epochs))
  o <- x$options[!is.na(x$options)]
  print(noquote(o))
  cat("\nmetrics:\n")
  print(signif(x$metrics, 4))
  cat("\n")
  print(x$sizes)
  invisible(x)
}

#' Predictions of a fitted model
#'
#' Without \code{newdata}, the outputs of the fit; with \code{newdata}, the
#' model is run again (no training) on another graph.  With \code{pairs}, a
#' link model scores the given node pairs over its training graph.
#'
#' @param object a \code{gnn_fit}.
#' @param newdata optional graph to predict on (anything [gnn_graph()]
#'   accepts), with \code{labels}, \code{features} and \code{test} as for
#'   [gnn_fit()].
#' @param type \code{"class"}: one integer per row, the cluster or class
#'   (1-based: the library's assignment + 1; link models: the test pairs'
#'   0/1 labels); \code{"prob"}: the output matrix (class or cluster
#'   probabilities; link models: the test pairs' scores).
#' @param pairs link models: a data frame or two-column matrix of node
#'   pairs (ids or names) to score; the result is one score (logit) per pair.
#' @param labels,features,test node data of \code{newdata}.
#' @param ... unused.
#' @return An integer vector, a matrix or (with \code{pairs}) a numeric
#'   vector.
#' @examples
#' d <- gnn_generate_dsbm(n = 300, k = 3, p = 0.05, eta = 0.05, seed = 10)
#' fit <- gnn_fit(d$graph, "digrac", clusters = 3, epochs = 50, seed = 1, threads = 1)
#' head(predict(fit))
#' head(predict(fit, type = "prob"))
#' @export
predict.gnn_fit <- function(object, newdata = NULL, type = c("class", "prob"), pairs = NULL,
                            labels = NULL, features = NULL, test = NULL, ...) {
  type <- match.arg(type)
  if (!is.null(pairs)) {
    g <- object$graph
    if (is.null(g)) stop("pairs: the model has no training graph (it was loaded)", call. = FALSE)
    p <- if (is.data.frame(pairs)) pairs else as.data.frame(pairs, stringsAsFactors = FALSE)
    u <- .node_index(p[[1L]], g, "pairs")
    v <- .node_index(p[[2L]], g, "pairs")
    return(.gnn_call(gnn_r_score, object$handle, u, v, NULL))
  }
  r <- object
  if (inherits(newdata, "gnn_graph_set")) {
    res <- .gnn_call(gnn_r_predict, object$handle, unclass(newdata), NULL, NULL, NULL, NULL)
    r <- .new_fit(NULL, res, newdata, object$levels, NULL)
  } else if (!is.null(newdata)) {
    g <- gnn_graph(newdata)
    lab <- .labels(labels, g)
    splits <- if (!is.null(test)) list(NULL, NULL, .node_index(test, g, "test"))
    res <- .gnn_call(gnn_r_predict, object$handle, g, lab$codes, .features(features, g), splits, NULL)
    r <- .new_fit(NULL, res, g, lab$levels, NULL)
  }
  if (type == "prob") return(r$outputs)
  if (!is.null(r$pairs)) return(r$assignments)
  a <- r$assignments + 1L
  a[r$assignments < 0L] <- NA_integer_ # not predicted (e.g. a graph outside every test fold)
  a
}

#' @rdname predict.gnn_fit
#' @export
fitted.gnn_fit <- function(object, ...) predict.gnn_fit(object, type = "class")

#' Metrics, history and report of a fitted model
#'
#' \code{gnn_metrics()} gives the metrics of the fit as a named list (e.g.
#' \code{ari}, \code{imbalance_sort_vol_sum} for DIGRAC,
#' \code{test_accuracy} for mpnn, \code{auroc} for link models);
#' \code{gnn_history()} one row per epoch; \code{gnn_report()} everything
#' \code{gnn-cli fit --report} writes: model, options in force, metrics,
#' epochs and training time.
#'
#' @param fit a \code{gnn_fit}.
#' @return \code{gnn_metrics()} and \code{gnn_report()}: a list;
#'   \code{gnn_history()}: a data frame with columns epoch, seconds,
#'   train_loss and valid_metric (\code{NA} when the model has no
#'   validation).
#' @examples
#' d <- gnn_generate_dsbm(n = 300, k = 3, p = 0.05, eta = 0.05, seed = 10)
#' fit <- gnn_fit(d$graph, "digrac", clusters = 3, epochs = 50,
#'                labels = d$labels, seed = 1, threads = 1)
#' str(gnn_metrics(fit))
#' tail(gnn_history(fit), 3)
#' str(gnn_report(fit)$options[1:4])
#' @export
gnn_metrics <- function(fit) {
  stopifnot(inherits(fit, "gnn_fit"))
  as.list(fit$metrics)
}

#' @rdname gnn_metrics
#' @export
gnn_history <- function(fit) {
  stopifnot(inherits(fit, "gnn_fit"))
  fit$history
}

#' @rdname gnn_metrics
#' @export
gnn_report <- function(fit) {
  stopifnot(inherits(fit, "gnn_fit"))
  h <- fit$history
  list(model = fit$model, options = as.list(fit$options), metrics = as.list(fit$metrics),
       epochs = nrow(h), seconds = if (nrow(h)) h$seconds[nrow(h)] else NA_real_,
       nodes = if (inherits(fit$graph, "gnn_graph_set")) sum(vapply(fit$graph$graphs, function(g) g$n, 1L))
               else if (!is.null(fit$graph)) fit$graph$n,
       edges = if (inherits(fit$graph, "gnn_graph_set")) sum(vapply(fit$graph$graphs, function(g) length(g$from), 1L))
               else if (!is.null(fit$graph)) length(fit$graph$from),
       graphs = if (inherits(fit$graph, "gnn_graph_set")) length(fit$graph$graphs))
}

#' Save and load a trained model
#'
#' A checkpoint of the library (options, shapes learnt from the data and
#' weights).  A loaded model predicts on new data (\code{predict(fit,
#' newdata = ...)}).  A \code{gnn_fit} kept with \code{saveRDS} keeps its
#' outputs and metrics but not the model itself.
#'
#' @param fit a \code{gnn_fit}.
#' @param file the checkpoint's path.
#' @param seed,threads,verbose as for [gnn_fit()].
#' @return \code{gnn_save()}: \code{file}, invisibly; \code{gnn_load()}: a
#'   \code{gnn_fit} without training data.
#' @examples
#' d <- gnn_generate_dsbm(n = 300, k = 3, p = 0.05, eta = 0.05, seed = 10)
#' fit <- gnn_fit(d$graph, "digrac", clusters = 3, epochs = 50, seed = 1, threads = 1)
#' f <- tempfile(fileext = ".ckpt")
#' gnn_save(fit, f)
#' again <- gnn_load(f, threads = 1)
#' all(predict(again, newdata = d$graph) == predict(fit))
#' unlink(f)
#' @export
gnn_save <- function(fit, file) {
  stopifnot(inherits(fit, "gnn_fit"))
  .gnn_call(gnn_r_save, fit$handle, enc2native(path.expand(file)))
  invisible(file)
}

#' @rdname gnn_save
#' @export
gnn_load <- function(file, seed = 0, threads = 0, verbose = FALSE) {
  r <- .gnn_call(gnn_r_load, enc2native(path.expand(file)), .check_count(seed, "seed"),
                 .check_count(threads, "threads"), isTRUE(verbose))
  .new_fit(r[[1L]], r[[2L]], NULL, NULL, match.call())
}

#' Models and options of the library
#'
#' \code{gnn_models()} lists the models [gnn_fit()] accepts;
#' \code{gnn_options()} the options of a model (or of another option group
#' of the library: \code{"ricci"} for [gnn_curvature()] and [gnn_rewire()],
#' \code{"generate.dsbm"} for [gnn_generate_dsbm()]) with their types, C
#' defaults and help.
#'
#' @param group a model name or an option group.
#' @return A data frame.
#' @examples
#' gnn_models()
#' gnn_options("digrac")[, c("name", "default")]
#' gnn_version()
#' @export
gnn_models <- function() {
  as.data.frame(.Call(gnn_r_models), stringsAsFactors = FALSE)
}

#' @rdname gnn_models
#' @export
gnn_options <- function(group) {
  if (!is.character(group) || length(group) != 1L) stop("group: expected one name", call. = FALSE)
  if (!grepl(".", group, fixed = TRUE) && group %in% gnn_models()$name) group <- paste0("model.", group)
  as.data.frame(.gnn_call(gnn_r_options, group), stringsAsFactors = FALSE)
}

#' @rdname gnn_models
#' @export
gnn_version <- function() .Call(gnn_r_version)
