# Internal helpers: calls into the C glue, options, node indices.

# Call the glue; an error from the library becomes a condition of class
# gnn_error (gnn_interrupted for an interrupt) with the library's message.
.gnn_call <- function(fun, ..., .call = sys.call(-1L)) {
  tryCatch(.Call(fun, ...), error = function(e) {
    msg <- conditionMessage(e)
    cls <- if (identical(msg, "interrupted")) c("gnn_interrupted", "gnn_error") else "gnn_error"
    stop(structure(class = c(cls, "error", "condition"), list(message = msg, call = .call)))
  })
}

# One option value as the library's text.
.opt_value <- function(v, name) {
  if (is.factor(v)) v <- as.character(v)
  if (is.character(v) && length(v) > 1L) v <- paste(v, collapse = ",")
  if (length(v) != 1L || is.na(v)) {
    stop(sprintf("option '%s': expected one value", name), call. = FALSE)
  }
  if (is.logical(v)) return(if (v) "1" else "0")
  if (is.numeric(v)) {
    if (!is.finite(v)) stop(sprintf("option '%s': expected a finite number", name), call. = FALSE)
    if (v == round(v) && abs(v) < 2^53) return(sprintf("%.0f", v))
    return(format(v, digits = 15))
  }
  if (is.character(v)) return(enc2utf8(v))
  stop(sprintf("option '%s': expected a number, a string or TRUE/FALSE", name), call. = FALSE)
}

# Named options from list(...) as a named character vector; "." and "_" in
# a name stand for "-" (final_runs = 3 is the library's final-runs).
.gnn_opts <- function(args) {
  if (length(args) == 0L) return(stats::setNames(character(), character()))
  nm <- names(args)
  if (is.null(nm) || any(!nzchar(nm))) {
    stop("options must be named, e.g. clusters = 5 (see gnn_options())", call. = FALSE)
  }
  vals <- vapply(seq_along(args), function(i) .opt_value(args[[i]], nm[i]), "")
  stats::setNames(vals, gsub("[._]", "-", nm))
}

.check_count <- function(x, what, min = 0) {
  if (!is.numeric(x) || length(x) != 1L || is.na(x) || x < min || x != round(x)) {
    stop(sprintf("%s: expected a whole number >= %d", what, min), call. = FALSE)
  }
  as.double(x)
}

# Node indices (1-based integers) from names, indices or a logical mask.
.node_index <- function(x, g, what) {
  if (is.null(x)) return(NULL)
  if (is.factor(x)) x <- as.character(x)
  if (is.logical(x)) {
    if (length(x) != g$n) stop(sprintf("%s: a logical mask needs one entry per node (%d)", what, g$n), call. = FALSE)
    return(which(x))
  }
  if (is.character(x)) {
    if (is.null(g$names)) stop(sprintf("%s: node names given, but the graph has none", what), call. = FALSE)
    i <- match(x, g$names)
    if (anyNA(i)) stop(sprintf("%s: unknown node '%s'", what, x[is.na(i)][1L]), call. = FALSE)
    return(i)
  }
  if (!is.numeric(x) || anyNA(x) || any(x != round(x)) || any(x < 1) || any(x > g$n)) {
    stop(sprintf("%s: expected node indices in 1..%d, node names or a logical mask", what, g$n), call. = FALSE)
  }
  as.integer(x)
}

# Node labels of a graph's nodes (from ids).
.node_names <- function(g, ids) {
  if (is.null(g$names)) ids else g$names[ids]
}
