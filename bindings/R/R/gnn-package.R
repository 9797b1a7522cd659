#' gnn: graph neural networks for directed and path-based models
#'
#' R bindings to libgnn, a graph neural network toolkit written in C.  The
#' package wraps the library's C API through \code{.Call}: graphs come from
#' edge data frames or matrices ([gnn_graph()]), igraph objects or sparse
#' matrices of the Matrix package; any model of the library is trained with
#' [gnn_fit()] (DIGRAC, its spectral baselines, message passing networks,
#' NBFNet, WalkPool, ...); [gnn_curvature()] and [gnn_rewire()] give
#' Ollivier-Ricci curvature and BORF rewiring; [gnn_generate_dsbm()] draws
#' the directed stochastic block model DIGRAC is evaluated on.
#'
#' Errors of the library become R errors of class \code{gnn_error} carrying
#' the library's message; the C side has cleaned up before the error is
#' raised.  Long computations poll R's user interrupt: Ctrl-C stops them with
#' an error of class \code{gnn_interrupted} ("interrupted").
#'
#' Options are passed by name through \code{...} and handed to the library
#' as text, so every option of the C library is available with its C
#' default; [gnn_options()] lists them.  \code{weight_decay = 5e-4},
#' \code{weight.decay = 5e-4} and \code{`weight-decay` = 5e-4} are the same.
#'
#' @keywords internal
#' @useDynLib gnn, .registration = TRUE
#' @importFrom stats predict fitted setNames
#' @importFrom utils tail
"_PACKAGE"
