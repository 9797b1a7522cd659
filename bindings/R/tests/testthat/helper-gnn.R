# Adjusted Rand index (Hubert and Arabie), computed here in R: an
# independent check of the library's "ari" metric.
ari <- function(a, b) {
  tab <- table(a, b)
  choose2 <- function(x) x * (x - 1) / 2
  s <- sum(choose2(tab))
  sa <- sum(choose2(rowSums(tab)))
  sb <- sum(choose2(colSums(tab)))
  expected <- sa * sb / choose2(sum(tab))
  (s - expected) / ((sa + sb) / 2 - expected)
}

# The karate club curvature table of specs/ricci.md section 8.3 (the same
# file as libgnn's tests/data/karate_orc.tsv): networkx node ids 0..33, and
# the curvature computed by GraphRicciCurvature (OTD alpha 0.5, ATD alpha
# 0.5, Ricci flow weight, OTD alpha 0).
karate_table <- function() {
  k <- utils::read.delim(test_path("karate_orc.tsv"), header = FALSE,
                         col.names = c("u", "v", "otd", "atd", "flow", "otd0"))
  k$key <- paste(k$u + 1, k$v + 1) # igraph's Zachary graph numbers the same nodes 1..34
  k
}

edge_key <- function(from, to) paste(pmin(from, to), pmax(from, to))
