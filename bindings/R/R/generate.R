# Random graph generators of the library.

#' Random graphs: directed SBM, SBM, Erdos-Renyi
#'
#' \code{gnn_generate_dsbm()} draws the directed stochastic block model of
#' DIGRAC (He et al., 2022): \code{k} clusters, edges u -> v with
#' probability \code{p * F[c(u), c(v)]} for a meta-graph \code{F} of the
#' given \code{style}, direction noise \code{eta}; by default the largest
#' weak component is kept and low-degree nodes are pruned, so the graph may
#' have fewer than \code{n} nodes.  \code{gnn_generate()} gives every
#' generator of the library (\code{"dsbm"}, \code{"sbm"}, \code{"er"}) with
#' its options by name (\code{gnn_options("generate.dsbm")}).
#'
#' @param n,k,p,eta nodes, clusters, edge density and direction noise;
#'   \code{NULL} keeps the library's default (1000, 5, 0.02, 0.1).
#' @param ... other options by name: \code{rho} (size ratio),
#'   \code{style} (\code{"cyclic"}, \code{"path"}, \code{"complete"},
#'   \code{"star"}, \code{"multipartite"}, \code{"cyclic_reverse"}),
#'   \code{ambient}, \code{fill}, \code{clean}.
#' @param generator the generator (\code{kind} of \code{gnn_dataset_generate()}).
#'   Named \code{generator}, not \code{kind}, so that the option \code{k} is not
#'   taken for it.
#' @param seed the seed of the draw.
#' @param threads OpenMP threads (0: all cores).
#' @return A list with \code{edges} (data frame: from, to, and weight for a
#'   weighted graph; 1-based node ids), \code{labels} (the planted cluster
#'   of every node, 1-based; \code{NULL} for \code{"er"}), \code{n} (nodes)
#'   and \code{graph} (the same graph as a \code{gnn_graph}).
#' @seealso [gnn_fit()], [gnn_to_igraph()]
#' @examples
#' d <- gnn_generate_dsbm(n = 500, k = 3, p = 0.05, eta = 0.05, style = "cyclic", seed = 10)
#' d$n
#' head(d$edges)
#' table(d$labels)
#' er <- gnn_generate("er", n = 50, p = 0.1, directed = FALSE, seed = 2)
#' er$graph
#' @export
gnn_generate_dsbm <- function(n = NULL, k = NULL, p = NULL, eta = NULL, ..., seed = 0, threads = 0) {
  opts <- c(Filter(Negate(is.null), list(n = n, k = k, p = p, eta = eta)), list(...))
  .generate("dsbm", opts, seed, threads, sys.call())
}

#' @rdname gnn_generate_dsbm
#' @export
gnn_generate <- function(generator = c("dsbm", "sbm", "er"), ..., seed = 0, threads = 0) {
  .generate(match.arg(generator), list(...), seed, threads, sys.call())
}

.generate <- function(kind, opts, seed, threads, call, interrupt_after = -1L) {
  r <- .gnn_call(gnn_r_generate, kind, .gnn_opts(opts), .check_count(seed, "seed"),
                 .check_count(threads, "threads"), as.integer(interrupt_after), .call = call)
  e <- r[[1L]]
  g <- new_gnn_graph(e$n, e$from, e$to, e$weight, e$directed)
  edges <- data.frame(from = e$from, to = e$to)
  if (!is.null(e$weight)) edges$weight <- e$weight
  list(edges = edges, labels = r[[2L]], n = e$n, graph = g)
}
