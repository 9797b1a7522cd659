# Ollivier-Ricci curvature and BORF rewiring.

#' Ollivier-Ricci curvature of every edge
#'
#' The curvature of an edge x-y is \eqn{\kappa(x, y) = 1 - W_1(m_x, m_y) / d(x,
#' y)}, with the lazy random-walk measures \eqn{m_x} (idleness
#' \code{alpha}) and the shortest-path distance \eqn{d} (edge weights are
#' lengths); see \code{gnn_ricci(3)} for every option.  Self-loops are left
#' out (their curvature is \code{NA}) and parallel edges count once.  On a
#' directed graph the curvature of the arc x -> y spreads \eqn{m_x} over
#' the predecessors of x and \eqn{m_y} over the successors of y.
#'
#' @param graph the graph: anything [gnn_graph()] accepts.
#' @param ... options of group \code{"ricci"} by name: \code{alpha} (default
#'   0.5), \code{method} (\code{"mix"}, \code{"exact"}, \code{"sinkhorn"},
#'   \code{"atd"}), \code{base}, \code{exp_power}, \code{nbr_topk}, ...
#'   (see \code{gnn_options("ricci")}).
#' @param directed \code{NULL} (the graph's own), \code{TRUE} or
#'   \code{FALSE}.
#' @param threads OpenMP threads (0: all cores); the result does not
#'   depend on it.
#' @return \code{gnn_curvature()}: a data frame with one row per edge of
#'   the input, in its order (\code{from}, \code{to}: node names or ids,
#'   \code{curvature}); for an igraph graph the rows are
#'   \code{igraph::E(graph)}.  \code{gnn_node_curvature()}: a data frame
#'   with \code{node} and \code{curvature}, the mean over the node's edges
#'   (\code{NA} for an isolated node).
#' @seealso [gnn_rewire()]
#' @examples
#' karate <- igraph::make_graph("Zachary")
#' k <- gnn_curvature(karate, alpha = 0.5, threads = 1)
#' head(k)
#' summary(k$curvature)
#' head(gnn_node_curvature(karate, threads = 1))
#' @export
gnn_curvature <- function(graph, ..., directed = NULL, threads = 0) {
  g <- gnn_graph(graph)
  if (!is.null(directed)) g$directed <- isTRUE(directed)
  r <- .gnn_call(gnn_r_curvature, g, .gnn_opts(list(...)), .check_count(threads, "threads"), -1L)
  data.frame(from = .node_names(g, g$from), to = .node_names(g, g$to), curvature = r[[1L]],
             stringsAsFactors = FALSE)
}

#' @rdname gnn_curvature
#' @export
gnn_node_curvature <- function(graph, ..., directed = NULL, threads = 0) {
  g <- gnn_graph(graph)
  if (!is.null(directed)) g$directed <- isTRUE(directed)
  r <- .gnn_call(gnn_r_curvature, g, .gnn_opts(list(...)), .check_count(threads, "threads"), -1L)
  data.frame(node = .node_names(g, seq_len(g$n)), curvature = r[[2L]], stringsAsFactors = FALSE)
}

#' BORF rewiring (batch Ollivier-Ricci flow)
#'
#' Per batch, the curvature of every edge is computed; for each of the
#' \code{add} most negatively curved edges a new edge joins the largest
#' entry of its optimal transport plan, then the \code{remove} most
#' positively curved edges are removed (Nguyen et al., 2023;
#' \code{gnn_ricci(3)}).  Self-loops and parallel edges of the input are
#' dropped first.
#'
#' @param graph the graph: anything [gnn_graph()] accepts (undirected in
#'   the canonical mode).
#' @param batches,add,remove BORF's N, h and k (library defaults 3, 20, 10).
#' @param mode \code{"canonical"} (undirected) or \code{"compat"} (arcs, as
#'   the reference code).
#' @param ... other options of group \code{"ricci"} by name.
#' @param directed \code{NULL} (the graph's own), \code{TRUE} or
#'   \code{FALSE}.
#' @param threads OpenMP threads (0: all cores).
#' @return An igraph graph with the input's nodes (and names); the graph
#'   attributes \code{added} and \code{removed} count the edges changed.
#' @examples
#' karate <- igraph::make_graph("Zachary")
#' r <- gnn_rewire(karate, batches = 2, add = 4, remove = 2, threads = 1)
#' c(before = igraph::ecount(karate), after = igraph::ecount(r),
#'   added = igraph::graph_attr(r, "added"), removed = igraph::graph_attr(r, "removed"))
#' @export
gnn_rewire <- function(graph, batches = NULL, add = NULL, remove = NULL, mode = NULL, ...,
                       directed = NULL, threads = 0) {
  g <- gnn_graph(graph)
  if (!is.null(directed)) g$directed <- isTRUE(directed)
  borf <- list(`borf-batches` = batches, `borf-add` = add, `borf-remove` = remove, `borf-mode` = mode)
  opts <- c(.gnn_opts(Filter(Negate(is.null), borf)), .gnn_opts(list(...)))
  r <- .gnn_call(gnn_r_rewire, g, opts, .check_count(threads, "threads"), -1L)
  e <- r[[1L]]
  ig <- igraph::make_graph(as.vector(rbind(e$from, e$to)), n = e$n, directed = e$directed)
  if (!is.null(g$names)) ig <- igraph::set_vertex_attr(ig, "name", value = g$names)
  ig <- igraph::set_graph_attr(ig, "added", r[[2L]])
  igraph::set_graph_attr(ig, "removed", r[[3L]])
}
