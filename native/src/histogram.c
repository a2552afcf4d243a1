/* Histogram buckets, computed exactly as the Java SDK does (org.visualdl.sdk.internal.Histograms):
 * TensorBoard's exponential buckets (limits 0 and +-1e-12 * 1.1^k up to 1e20, so 10% wide at every
 * scale), stored from the first to the last non-empty bucket with the outer edges clamped to the
 * data's min and max; or n buckets of equal width between min and max. Non-finite values (NaN,
 * +-Inf) are left out of buckets, min, max, num, sum and sum of squares. */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>

#include "encode.h"

/* Upper limits: bucket b holds limits[b-1] <= v < limits[b] (bucket 0: v < limits[0]). */
static double limits[2 * 1000 + 2];
static size_t n_limits;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_limits(void) {
  static double pos[1000];
  size_t n = 0;
  for (double v = 1e-12; v < 1e20; v *= 1.1) pos[n++] = v;
  for (size_t i = 0; i < n; i++) limits[i] = -pos[n - 1 - i];
  limits[n] = 0;
  for (size_t i = 0; i < n; i++) limits[n + 1 + i] = pos[i];
  limits[2 * n + 1] = DBL_MAX;
  n_limits = 2 * n + 2;
}

/* The first limit greater than v (an exact hit on limit i belongs to bucket i + 1). */
static size_t bucket_of(double v) {
  size_t lo = 0, hi = n_limits; /* answer in [lo, hi] */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (limits[mid] <= v) lo = mid + 1; else hi = mid;
  }
  return lo < n_limits - 1 ? lo : n_limits - 1;
}

void vdl_histogram_free(vdl_histogram *h) {
  free(h->edges);
  free(h->counts);
  h->edges = h->counts = NULL;
  h->buckets = 0;
}

static int alloc(vdl_histogram *h, size_t buckets) {
  h->edges = malloc((buckets + 1) * sizeof(double));
  h->counts = calloc(buckets, sizeof(double));
  if (!h->edges || !h->counts) {
    vdl_histogram_free(h);
    return -ENOMEM;
  }
  h->buckets = buckets;
  return 0;
}

/* Statistics; returns 1 when there is something to bucket beyond a single value. */
static int stats(vdl_histogram *h, const double *values, size_t n) {
  double min = INFINITY, max = -INFINITY, sum = 0, sq = 0, num = 0;
  for (size_t i = 0; i < n; i++) {
    double v = values[i];
    if (!isfinite(v)) continue;
    num += 1;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sq += v * v;
  }
  h->edges = h->counts = NULL;
  h->buckets = 0;
  h->num = num;
  h->sum = sum;
  h->sum_squares = sq;
  h->min = num > 0 ? min : 0;
  h->max = num > 0 ? max : 0;
  return num > 0;
}

int vdl_histogram_uniform(vdl_histogram *h, const double *values, size_t n, uint32_t bins) {
  if (bins == 0) return vdl_histogram_exponential(h, values, n);
  if (!stats(h, values, n)) return 0;
  double min = h->min, max = h->max;
  if (min == max) {
    if (alloc(h, 1)) return -ENOMEM;
    h->edges[0] = min;
    h->edges[1] = max;
    h->counts[0] = h->num;
    return 0;
  }
  if (alloc(h, bins)) return -ENOMEM;
  double width = (max - min) / bins;
  for (size_t i = 0; i < n; i++) {
    double v = values[i];
    if (!isfinite(v)) continue;
    double q = (v - min) / width;
    size_t b = q <= 0 ? 0 : q >= (double)(bins - 1) ? bins - 1 : (size_t)q;
    h->counts[b] += 1;
  }
  for (uint32_t i = 0; i <= bins; i++) h->edges[i] = i == bins ? max : min + i * width;
  return 0;
}

int vdl_histogram_exponential(vdl_histogram *h, const double *values, size_t n) {
  pthread_once(&once, init_limits);
  if (!stats(h, values, n)) return 0;
  double min = h->min, max = h->max;
  if (min == max) {
    if (alloc(h, 1)) return -ENOMEM;
    h->edges[0] = min;
    h->edges[1] = max;
    h->counts[0] = h->num;
    return 0;
  }
  size_t lo = bucket_of(min), hi = bucket_of(max);
  if (alloc(h, hi - lo + 1)) return -ENOMEM;
  for (size_t i = 0; i < n; i++) {
    double v = values[i];
    if (isfinite(v)) h->counts[bucket_of(v) - lo] += 1;
  }
  for (size_t b = lo; b <= hi; b++) h->edges[b - lo] = b == lo ? min : limits[b - 1];
  h->edges[hi - lo + 1] = max;
  return 0;
}
