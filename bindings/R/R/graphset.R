# Graph sets: one sample per graph (graph classification: PathNN).

#' Sets of graphs for graph classification
#'
#' \code{gnn_graph_set()} builds a set of small graphs with one class per
#' graph (and optional node features), the input of graph-level models
#' such as PathNN (\code{gnn_fit(set, "pathnn", ...)}).
#' \code{gnn_read_graphs()} reads one with the library's loaders: the TU
#' benchmark layout (\code{DIR/NAME_A.txt}, \code{NAME_graph_indicator.txt},
#' \code{NAME_graph_labels.txt}, node labels and attributes), a directory
#' of \code{edges.tsv} (\code{graph u v}, 0-based) with
#' \code{graph_labels.tsv}, the PPGN text format (EXP, CEXP) or graph6.
#'
#' Graphs given as data frames or matrices are read as undirected; igraph
#' graphs and \code{gnn_graph} objects keep their direction.  Node names
#' are not used: a graph's nodes are its ids.
#'
#' @param graphs a list of graphs, each anything [gnn_graph()] accepts.
#' @param labels one class per graph (factor, character or integer); no
#'   \code{NA}.
#' @param features optional node features: a list of numeric matrices (one
#'   per graph, one row per node) or one matrix stacking the nodes of all
#'   graphs in order.
#' @param label_columns how many leading feature columns are one-hot node
#'   labels (PathNN's \code{node_features = "labels"} uses them alone).
#' @param path for \code{gnn_read_graphs()}: \code{DIR/NAME} for
#'   \code{"tu"}, the directory for \code{"graphs-tsv"}, the file for
#'   \code{"ppgn"} and \code{"graph6"}.
#' @param format the layout.
#' @return A \code{gnn_graph_set}: a list with \code{graphs} (a list of
#'   \code{gnn_graph}), \code{labels} (0-based codes), \code{levels},
#'   \code{features} (a matrix or \code{NULL}) and \code{label_columns}.
#' @examples
#' rings <- lapply(5:14, function(n) igraph::make_ring(n))
#' lines <- lapply(5:14, function(n) igraph::make_ring(n, circular = FALSE))
#' set <- gnn_graph_set(c(rings, lines), labels = rep(c("ring", "path"), each = 10))
#' set
#' fit <- gnn_fit(set, "pathnn", K = 2, hidden = 16, folds = 4, fold = 0, grid = 0,
#'                final_runs = 1, epochs = 20, seed = 1, threads = 1)
#' gnn_metrics(fit)$test_accuracy
#' @export
gnn_graph_set <- function(graphs, labels = NULL, features = NULL, label_columns = 0L) {
  if (inherits(graphs, "gnn_graph_set")) return(graphs)
  if (!is.list(graphs) || inherits(graphs, c("igraph", "gnn_graph", "data.frame")) || length(graphs) < 1L) {
    stop("graphs: expected a non-empty list of graphs", call. = FALSE)
  }
  gs <- lapply(seq_along(graphs), function(i) {
    x <- graphs[[i]]
    g <- tryCatch(if (inherits(x, c("gnn_graph", "igraph"))) gnn_graph(x) else gnn_graph(x, directed = FALSE),
                  error = function(e) stop(sprintf("graph %d: %s", i, conditionMessage(e)), call. = FALSE))
    g$names <- NULL
    g$weight <- NULL
    g
  })
  lev <- NULL
  codes <- NULL
  if (!is.null(labels)) {
    if (length(labels) != length(gs)) {
      stop(sprintf("labels: %d values for %d graphs", length(labels), length(gs)), call. = FALSE)
    }
    if (anyNA(labels)) stop("labels: every graph needs a label (NA found)", call. = FALSE)
    f <- if (is.factor(labels)) droplevels(labels) else factor(labels)
    codes <- as.integer(f) - 1L
    lev <- levels(f)
  }
  x <- .stack_features(features, vapply(gs, function(g) g$n, 1L))
  .check_count(label_columns, "label_columns")
  if (label_columns > 0 && (is.null(x) || label_columns > ncol(x))) {
    stop("label_columns: more columns than the features have", call. = FALSE)
  }
  structure(list(graphs = gs, labels = codes, levels = lev, features = x,
                 label_columns = as.integer(label_columns)),
            class = "gnn_graph_set")
}

.stack_features <- function(features, sizes) {
  if (is.null(features)) return(NULL)
  if (is.list(features) && !is.data.frame(features)) {
    if (length(features) != length(sizes)) {
      stop(sprintf("features: %d matrices for %d graphs", length(features), length(sizes)), call. = FALSE)
    }
    ms <- lapply(features, as.matrix)
    bad <- which(vapply(ms, nrow, 1L) != sizes)
    if (length(bad)) {
      stop(sprintf("features: graph %d has %d nodes but %d rows", bad[1L], sizes[bad[1L]], nrow(ms[[bad[1L]]])),
           call. = FALSE)
    }
    if (length(unique(vapply(ms, ncol, 1L))) != 1L) stop("features: the matrices differ in columns", call. = FALSE)
    x <- do.call(rbind, ms)
  } else {
    x <- as.matrix(features)
    if (nrow(x) != sum(sizes)) {
      stop(sprintf("features: %d rows for %d nodes in the set", nrow(x), sum(sizes)), call. = FALSE)
    }
  }
  storage.mode(x) <- "double"
  if (any(!is.finite(x))) stop("features: missing or infinite value", call. = FALSE)
  dimnames(x) <- NULL
  x
}

#' @rdname gnn_graph_set
#' @export
gnn_read_graphs <- function(path, format = c("tu", "graphs-tsv", "ppgn", "graph6")) {
  format <- match.arg(format)
  if (!is.character(path) || length(path) != 1L || is.na(path)) stop("path: expected one path", call. = FALSE)
  r <- .gnn_call(gnn_r_read_graphs, format, path.expand(path))
  gs <- lapply(r$graphs, function(g) new_gnn_graph(g$n, g$from, g$to, NULL, g$directed))
  lev <- if (!is.null(r$labels)) as.character(seq_len(r$classes) - 1L)
  structure(list(graphs = gs, labels = r$labels, levels = lev, features = r$features,
                 label_columns = r$label_columns),
            class = "gnn_graph_set")
}

#' @export
print.gnn_graph_set <- function(x, ...) {
  n <- vapply(x$graphs, function(g) g$n, 1L)
  m <- vapply(x$graphs, function(g) length(g$from), 1L)
  cat(sprintf("<gnn_graph_set> %d graphs, %d to %d nodes (mean %.1f), mean %.1f edges%s%s\n",
              length(x$graphs), min(n), max(n), mean(n), mean(m),
              if (!is.null(x$labels)) sprintf(", %d classes", length(x$levels)) else ", unlabelled",
              if (!is.null(x$features)) sprintf(", %d feature columns", ncol(x$features)) else ""))
  invisible(x)
}
