/* Histogram buckets: exponential (TensorBoard-style) and equal-width (numpy.histogram-style). */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>

#include "encode.h"

/* Positive limits 1e-12 * 1.1^k up to past 1e20; the same mirrored for negative values; one
 * bucket [-1e-12, 1e-12) in the middle. */
#define POS_LIMITS 800
static double edges_all[2 * POS_LIMITS];
static size_t n_edges;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_edges(void) {
  double pos[POS_LIMITS];
  size_t k = 0;
  double v = 1e-12;
  while (k < POS_LIMITS) {
    pos[k++] = v;
    if (v >= 1e20) break;
    v *= 1.1;
  }
  n_edges = 0;
  for (size_t i = k; i-- > 0;) edges_all[n_edges++] = -pos[i];
  for (size_t i = 0; i < k; i++) edges_all[n_edges++] = pos[i];
}

/* Bucket index i: [edges_all[i], edges_all[i+1]); values outside go to the first or last bucket. */
static size_t bucket_of(double v) {
  size_t nb = n_edges - 1;
  if (!(v >= edges_all[1])) return 0;
  if (v >= edges_all[nb - 1]) return nb - 1;
  size_t lo = 1, hi = nb - 1; /* edges_all[lo] <= v < edges_all[hi] */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (edges_all[mid] <= v) lo = mid; else hi = mid;
  }
  return lo;
}

void vdl_histogram_free(vdl_histogram *h) {
  free(h->edges);
  free(h->counts);
  h->edges = h->counts = NULL;
  h->buckets = 0;
}

static void stats(vdl_histogram *h, const double *values, size_t n) {
  h->min = INFINITY;
  h->max = -INFINITY;
  h->num = h->sum = h->sum_squares = 0;
  for (size_t i = 0; i < n; i++) {
    double v = values[i];
    if (isnan(v)) continue;
    if (v < h->min) h->min = v;
    if (v > h->max) h->max = v;
    h->num += 1;
    h->sum += v;
    h->sum_squares += v * v;
  }
  if (h->num == 0) h->min = h->max = 0;
}

int vdl_histogram_exponential(vdl_histogram *h, const double *values, size_t n) {
  pthread_once(&once, init_edges);
  stats(h, values, n);
  h->edges = h->counts = NULL;
  h->buckets = 0;
  if (h->num == 0) return 0;
  size_t nb = n_edges - 1;
  double *counts = calloc(nb, sizeof(double));
  if (!counts) return -ENOMEM;
  for (size_t i = 0; i < n; i++)
    if (!isnan(values[i])) counts[bucket_of(values[i])] += 1;
  size_t first = 0, last = nb - 1;
  while (counts[first] == 0) first++;
  while (counts[last] == 0) last--;
  /* Keep non-empty buckets; a run of empty ones between them becomes one empty bucket. */
  h->edges = malloc((last - first + 2) * sizeof(double));
  h->counts = malloc((last - first + 1) * sizeof(double));
  if (!h->edges || !h->counts) { free(counts); vdl_histogram_free(h); return -ENOMEM; }
  size_t m = 0;
  h->edges[0] = edges_all[first];
  for (size_t i = first; i <= last; i++) {
    if (counts[i] == 0 && m > 0 && h->counts[m - 1] == 0) {
      h->edges[m] = edges_all[i + 1];
      continue;
    }
    h->counts[m] = counts[i];
    h->edges[m + 1] = edges_all[i + 1];
    m++;
  }
  /* The outer edges hug the data when it lies beyond the table (|v| > 1e20 or infinite). */
  if (h->min < h->edges[0]) h->edges[0] = h->min;
  if (h->max > h->edges[m]) h->edges[m] = h->max;
  h->buckets = m;
  free(counts);
  return 0;
}

int vdl_histogram_uniform(vdl_histogram *h, const double *values, size_t n, uint32_t bins) {
  if (bins == 0) return vdl_histogram_exponential(h, values, n);
  stats(h, values, n);
  h->edges = h->counts = NULL;
  h->buckets = 0;
  double lo = h->min, hi = h->max;
  if (h->num == 0) { lo = 0; hi = 1; }
  if (!isfinite(lo) || !isfinite(hi)) return -EINVAL;
  if (lo == hi) { lo -= 0.5; hi += 0.5; }
  h->edges = malloc(((size_t)bins + 1) * sizeof(double));
  h->counts = calloc(bins, sizeof(double));
  if (!h->edges || !h->counts) { vdl_histogram_free(h); return -ENOMEM; }
  double width = (hi - lo) / bins;
  for (uint32_t i = 0; i <= bins; i++) h->edges[i] = lo + width * i;
  h->edges[bins] = hi;
  for (size_t i = 0; i < n; i++) {
    double v = values[i];
    if (isnan(v)) continue;
    size_t b = (size_t)((v - lo) / width);
    if (b >= bins) b = bins - 1;
    /* Correct rounding at the edges so the bucket agrees with [edges[b], edges[b+1]). */
    while (b > 0 && v < h->edges[b]) b--;
    while (b + 1 < bins && v >= h->edges[b + 1]) b++;
    h->counts[b] += 1;
  }
  h->buckets = bins;
  return 0;
}
