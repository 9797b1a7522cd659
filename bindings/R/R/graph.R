# Graphs: the R side keeps a plain description (nodes, edges, weights,
# names) and every call builds the library's graph from it, so a graph can
# be saved with saveRDS and inspected like any list.

new_gnn_graph <- function(n, from, to, weight = NULL, directed = TRUE, names = NULL) {
  structure(list(n = as.integer(n), from = as.integer(from), to = as.integer(to),
                 weight = if (!is.null(weight)) as.double(weight),
                 directed = isTRUE(directed), names = names),
            class = "gnn_graph")
}

# Edges (node ids or names) to a gnn_graph.
.edges_to_graph <- function(from, to, weight = NULL, directed = TRUE, nodes = NULL, n = NULL) {
  if (is.factor(from)) from <- as.character(from)
  if (is.factor(to)) to <- as.character(to)
  if (length(from) != length(to)) stop("from and to differ in length", call. = FALSE)
  if (!is.null(nodes)) nodes <- enc2utf8(as.character(nodes))
  if (!is.null(nodes) && anyDuplicated(nodes)) {
    stop(sprintf("nodes: '%s' appears twice", nodes[anyDuplicated(nodes)]), call. = FALSE)
  }
  if (is.character(from) || is.character(to)) {
    from <- enc2utf8(as.character(from))
    to <- enc2utf8(as.character(to))
    if (anyNA(from) || anyNA(to)) stop("edges: missing node name (NA)", call. = FALSE)
    if (is.null(nodes)) nodes <- unique(as.vector(rbind(from, to))) # order of first appearance
    u <- match(from, nodes)
    v <- match(to, nodes)
    bad <- which(is.na(u) | is.na(v))
    if (length(bad)) {
      stop(sprintf("edge %d: node '%s' is not in nodes", bad[1L],
                   if (is.na(u[bad[1L]])) from[bad[1L]] else to[bad[1L]]), call. = FALSE)
    }
    n <- length(nodes)
  } else {
    if (!is.numeric(from) || !is.numeric(to)) {
      stop("edges: node ids must be numbers (1-based) or names", call. = FALSE)
    }
    ids <- c(from, to)
    if (anyNA(ids)) stop("edges: missing node id (NA)", call. = FALSE)
    bad <- which(ids < 1 | ids != round(ids) | ids > .Machine$integer.max)
    if (length(bad)) {
      stop(sprintf("edges: node id %s is not a whole number >= 1 (ids are 1-based in R; give names as character to keep other ids)",
                   format(ids[bad[1L]])), call. = FALSE)
    }
    u <- as.integer(from)
    v <- as.integer(to)
    n <- max(c(0L, u, v, length(nodes), if (!is.null(n)) n))
    if (!is.null(nodes) && length(nodes) < n) {
      stop(sprintf("nodes: %d names for %d nodes", length(nodes), n), call. = FALSE)
    }
  }
  if (n < 1) stop("empty graph: no nodes", call. = FALSE)
  if (!is.null(weight)) {
    if (!is.numeric(weight) || length(weight) != length(u)) {
      stop("weight: expected one number per edge", call. = FALSE)
    }
    if (any(!is.finite(weight))) stop("weight: missing or infinite value", call. = FALSE)
  }
  new_gnn_graph(n, u, v, weight, directed, nodes)
}

#' Make a graph for libgnn
#'
#' Builds the graph the other functions take, from an edge data frame or
#' matrix, an igraph object or a sparse matrix of the Matrix package.  The
#' other functions of the package call \code{gnn_graph()} on their input
#' themselves, so it is only needed to choose non-default arguments
#' (direction, weights, node set).
#'
#' Node ids are 1-based, as in igraph.  Nodes given by name (character or
#' factor columns) are numbered in order of first appearance over the edges
#' (\code{from} then \code{to} of each edge), unless \code{nodes} lists them;
#' \code{nodes} may also name nodes that have no edge.
#'
#' @param x edges: a data frame whose first two columns are the source and
#'   target nodes (ids or names) and whose column \code{weight}, if any, the
#'   edge weights; a two-column matrix; an igraph object (its direction, its
#'   vertex names and its \code{weight} edge attribute are used); a sparse
#'   matrix (\code{x[i, j]} is the weight of the edge \code{i -> j}; a
#'   symmetric matrix gives an undirected graph); or a \code{gnn_graph}.
#' @param directed \code{TRUE} for arcs, \code{FALSE} for undirected edges.
#' @param weight edge weights: \code{NULL} (the \code{weight} column or
#'   attribute if there is one), \code{FALSE} (unweighted), the name of a
#'   column or edge attribute, or a numeric vector with one weight per edge.
#' @param nodes optional node names (a character vector) fixing the node
#'   set and its order.
#' @param ... unused.
#' @return A \code{gnn_graph}: a list with \code{n} (nodes), \code{from},
#'   \code{to} (1-based node ids, one per edge), \code{weight} (or
#'   \code{NULL}), \code{directed} and \code{names} (or \code{NULL}).
#' @seealso [gnn_to_igraph()], [gnn_fit()], [gnn_curvature()]
#' @examples
#' g <- gnn_graph(data.frame(from = c("a", "b", "c"), to = c("b", "c", "a")))
#' g
#' gnn_graph(cbind(c(1, 2, 3), c(2, 3, 1)), directed = FALSE)
#' gnn_graph(igraph::make_graph("Zachary"))
#' if (requireNamespace("Matrix", quietly = TRUE)) {
#'   A <- Matrix::sparseMatrix(i = c(1, 2, 3), j = c(2, 3, 1), x = c(1, 2, 3))
#'   gnn_graph(A)
#' }
#' @export
gnn_graph <- function(x, ...) UseMethod("gnn_graph")

#' @rdname gnn_graph
#' @export
gnn_graph.gnn_graph <- function(x, ...) x

#' @rdname gnn_graph
#' @export
gnn_graph.data.frame <- function(x, directed = TRUE, weight = NULL, nodes = NULL, ...) {
  if (ncol(x) < 2L) stop("edges: need two columns (from, to)", call. = FALSE)
  w <- .pick_weight(weight, names(x), function(name) x[[name]], nrow(x))
  .edges_to_graph(x[[1L]], x[[2L]], w, directed, nodes)
}

#' @rdname gnn_graph
#' @export
gnn_graph.matrix <- function(x, directed = TRUE, weight = NULL, nodes = NULL, ...) {
  if (ncol(x) != 2L) {
    stop("a matrix is read as a two-column edge list; for an adjacency matrix use Matrix::Matrix(x, sparse = TRUE)",
         call. = FALSE)
  }
  if (isFALSE(weight)) weight <- NULL
  .edges_to_graph(x[, 1L], x[, 2L], weight, directed, nodes)
}

#' @rdname gnn_graph
#' @export
gnn_graph.igraph <- function(x, weight = NULL, ...) {
  el <- igraph::as_edgelist(x, names = FALSE)
  w <- .pick_weight(weight, igraph::edge_attr_names(x), function(name) igraph::edge_attr(x, name), nrow(el))
  nm <- igraph::vertex_attr(x, "name")
  if (!is.null(nm)) nm <- enc2utf8(as.character(nm))
  .edges_to_graph(el[, 1L], el[, 2L], w, igraph::is_directed(x), nodes = nm, n = igraph::vcount(x))
}

#' @rdname gnn_graph
#' @export
gnn_graph.dgCMatrix <- function(x, directed = TRUE, weight = NULL, ...) {
  if (nrow(x) != ncol(x)) stop("an adjacency matrix must be square", call. = FALSE)
  j <- rep.int(seq_len(ncol(x)), diff(x@p))
  i <- x@i + 1L
  w <- x@x
  if (!directed) {
    keep <- i <= j
    i <- i[keep]
    j <- j[keep]
    w <- w[keep]
  }
  if (isFALSE(weight)) w <- NULL
  else if (is.numeric(weight)) w <- weight
  nm <- rownames(x)
  if (is.null(nm)) nm <- colnames(x)
  .edges_to_graph(i, j, w, directed, nodes = nm, n = nrow(x))
}

#' @rdname gnn_graph
#' @export
gnn_graph.Matrix <- function(x, directed = NULL, weight = NULL, ...) {
  if (is.null(directed)) directed <- !methods::is(x, "symmetricMatrix")
  x <- methods::as(methods::as(methods::as(x, "CsparseMatrix"), "generalMatrix"), "dMatrix")
  gnn_graph.dgCMatrix(x, directed = directed, weight = weight)
}

#' @rdname gnn_graph
#' @export
gnn_graph.default <- function(x, ...) {
  stop(sprintf("cannot make a graph from an object of class '%s' (give an edge data frame, a two-column matrix, an igraph graph or a sparse Matrix)",
               class(x)[1L]), call. = FALSE)
}

.pick_weight <- function(weight, available, get, m) {
  if (isFALSE(weight)) return(NULL)
  if (is.null(weight)) return(if ("weight" %in% available) get("weight"))
  if (is.character(weight) && length(weight) == 1L) {
    if (!weight %in% available) stop(sprintf("weight: no column or attribute '%s'", weight), call. = FALSE)
    return(get(weight))
  }
  if (is.numeric(weight) && length(weight) == m) return(weight)
  stop("weight: expected NULL, FALSE, a column name or one number per edge", call. = FALSE)
}

#' @export
print.gnn_graph <- function(x, ...) {
  cat(sprintf("<gnn_graph> %s, %d nodes, %d %s%s%s\n", if (x$directed) "directed" else "undirected",
              x$n, length(x$from), if (x$directed) "arcs" else "edges",
              if (!is.null(x$weight)) ", weighted" else "", if (!is.null(x$names)) ", named nodes" else ""))
  invisible(x)
}

#' @export
as.data.frame.gnn_graph <- function(x, row.names = NULL, optional = FALSE, ...) {
  d <- data.frame(from = .node_names(x, x$from), to = .node_names(x, x$to), stringsAsFactors = FALSE)
  if (!is.null(x$weight)) d$weight <- x$weight
  d
}

#' Convert a gnn_graph to igraph
#'
#' @param graph a \code{gnn_graph} or anything [gnn_graph()] accepts.
#' @return An igraph graph with the same nodes (and names), edges and
#'   weights (edge attribute \code{weight}).
#' @examples
#' d <- gnn_generate_dsbm(n = 200, k = 2, p = 0.1, seed = 1)
#' ig <- gnn_to_igraph(d$graph)
#' igraph::vcount(ig)
#' @export
gnn_to_igraph <- function(graph) {
  g <- gnn_graph(graph)
  ig <- igraph::make_graph(as.vector(rbind(g$from, g$to)), n = g$n, directed = g$directed)
  if (!is.null(g$names)) ig <- igraph::set_vertex_attr(ig, "name", value = g$names)
  if (!is.null(g$weight)) ig <- igraph::set_edge_attr(ig, "weight", value = g$weight)
  ig
}
