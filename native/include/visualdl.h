/*
 * libvisualdl: write VisualDL record files from C.
 *
 * The files are exactly those of the Java SDK (org.visualdl.sdk.LogWriter): TFRecord-style framing
 * with masked CRC32C, one protobuf Frame per payload (proto/src/main/proto/visualdl), named
 * <startMs>.<host>.<pid>.<seq>.vdl inside the run folder.
 *
 *   vdl_writer *w = vdl_writer_open("logs/train");
 *   if (!w) { fprintf(stderr, "%s\n", vdl_last_error()); return 1; }
 *   for (int64_t step = 0; step < 1000; step++) vdl_add_scalar(w, "train/loss", step, loss(step));
 *   vdl_writer_close(w);   // everything added is in the file
 *
 * Every function returns 0 on success and a negative errno-style code on failure (-EINVAL for a
 * bad argument, -EIO or the failing call's -errno for an I/O failure); vdl_last_error() then holds
 * a one-line message for the calling thread. A writer is thread-safe: many threads may add at once.
 * Calls only copy data into memory; a background thread writes it to the file every flush interval.
 * An I/O failure of that thread is returned by the next call: nothing is dropped silently.
 * A program that exits (exit() or returning from main) without vdl_writer_close still gets its
 * points into the file: open writers are flushed at exit. After fork(), the child must open its
 * own writer: the parent's returns -ECHILD from vdl_flush and vdl_writer_close.
 */
#ifndef VISUALDL_H
#define VISUALDL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define VDL_API
#else
#define VDL_API __attribute__((visibility("default")))
#endif

#define VDL_VERSION "0.1.0"
/* The longest tag accepted, in bytes. */
#define VDL_MAX_TAG_LENGTH 256

typedef struct vdl_writer vdl_writer;

/* Options of vdl_writer_open_with. Zero means "the default" for every field. */
typedef struct vdl_options {
  /* How often the background thread writes buffered data to the file (default 1000 ms). */
  uint32_t flush_interval_ms;
  /* Start a new file when the current one holds this many bytes (default 256 MiB, min 1024). */
  uint64_t rotate_bytes;
  /* Non-zero: force data to the device on every flush (default off). */
  int fsync;
  /* Bytes that may wait for the flush thread before a call blocks until it takes them (default
   * 64 MiB); while it writes them, callers may fill as much again. */
  uint64_t max_buffered_bytes;
} vdl_options;

/* Creates the run folder (and its parents) if needed and opens a new record file in it.
 * NULL on error, see vdl_last_error(). */
VDL_API vdl_writer *vdl_writer_open(const char *run_dir);
VDL_API vdl_writer *vdl_writer_open_with(const char *run_dir, const vdl_options *options);

/* A scalar point; its wall time is now, from the coarse real-time clock (a few milliseconds of
 * resolution, a quarter of the cost of the precise clock; vdl_add_scalar_at takes an exact one). */
VDL_API int vdl_add_scalar(vdl_writer *w, const char *tag, int64_t step, double value);
/* n scalar points of one tag, all with the wall time of now. */
VDL_API int vdl_add_scalar_batch(vdl_writer *w, const char *tag, const int64_t *steps,
                                 const double *values, size_t n);
/* A histogram of the values with the Java SDK's default buckets: TensorBoard's exponential ones
 * (limits 0 and +-1e-12 * 1.1^k up to 1e20: 10% wide at every scale), stored from the first to the
 * last non-empty bucket, outer edges clamped to the data's min and max. NaN and infinities are left
 * out of buckets and statistics. */
VDL_API int vdl_add_histogram(vdl_writer *w, const char *tag, int64_t step, const double *values,
                              size_t n);
/* An encoded PNG image, stored exactly as given (width, height and channels read from IHDR). */
VDL_API int vdl_add_image_png(vdl_writer *w, const char *tag, int64_t step, const uint8_t *png,
                              size_t len);
/* rows x dims floats, row-major; labels is NULL or holds rows UTF-8 strings. */
VDL_API int vdl_add_embedding(vdl_writer *w, const char *tag, int64_t step, const float *matrix,
                              size_t rows, size_t dims, const char *const *labels);
/* Text (Markdown), UTF-8. */
VDL_API int vdl_add_text(vdl_writer *w, const char *tag, int64_t step, const char *utf8);
/* Mono audio: n (1 to VDL_MAX_AUDIO_SAMPLES) samples in [-1, 1] (clamped; NaN and infinities rejected), stored as a 16-bit PCM
 * WAV file (each sample times 32767, rounded half away from zero). Kind "audio". */
VDL_API int vdl_add_audio(vdl_writer *w, const char *tag, int64_t step, const float *samples,
                          size_t n, uint32_t sample_rate);
/* A precision-recall curve of n predictions (finite numbers, normally in [0, 1]) and their labels
 * (non-zero: positive): num_thresholds (2 to VDL_MAX_THRESHOLDS) thresholds i / (num_thresholds
 * - 1), and at each the counts of predictions at or above it; precision = tp / (tp + fp) (1 when
 * no prediction is at or above it), recall = tp / (tp + fn) (0 without positives).
 * Kind "pr-curve". */
VDL_API int vdl_add_pr_curve(vdl_writer *w, const char *tag, int64_t step, const uint8_t *labels,
                             const double *predictions, size_t n, uint32_t num_thresholds);
/* The same counts as a ROC curve: tpr = tp / (tp + fn), fpr = fp / (fp + tn) (0 when the
 * denominator is 0). Kind "roc-curve". */
VDL_API int vdl_add_roc_curve(vdl_writer *w, const char *tag, int64_t step, const uint8_t *labels,
                              const double *predictions, size_t n, uint32_t num_thresholds);
/* A model's graph, shown by the Graph tab: the bytes of an ONNX ModelProto (a .onnx file, as
 * torch.onnx.export writes it), stored as one blob of kind "graph" at step 0 of `tag`. Logging a
 * tag again replaces the graph shown. */
VDL_API int vdl_add_graph(vdl_writer *w, const char *tag, const void *bytes, size_t size);
/* The same in a named format: "onnx", "paddle" (a ProgramDesc: __model__, *.pdmodel),
 * "tf-graphdef" (a TensorFlow GraphDef) or "keras-json" (Keras model.to_json()). */
VDL_API int vdl_add_graph_format(vdl_writer *w, const char *tag, const void *bytes, size_t size,
                                 const char *format);

#define VDL_MAX_THRESHOLDS 10000
/* The most samples vdl_add_audio takes (a 128 MiB WAV file). */
#define VDL_MAX_AUDIO_SAMPLES (1u << 26)

/* The type of a hyper-parameter value. */
typedef enum vdl_hparam_type {
  VDL_HPARAM_NUMBER = 1,
  VDL_HPARAM_STRING = 2,
  VDL_HPARAM_BOOL = 3
} vdl_hparam_type;

/* A hyper-parameter value: a tagged union. */
typedef struct vdl_hparam_value {
  vdl_hparam_type type;
  union {
    double number;      /* VDL_HPARAM_NUMBER: finite */
    const char *string; /* VDL_HPARAM_STRING: UTF-8 */
    int flag;           /* VDL_HPARAM_BOOL: zero or not */
  };
} vdl_hparam_value;

/* Convenience constructors. */
static inline vdl_hparam_value vdl_hparam_number(double v) {
  vdl_hparam_value h;
  h.type = VDL_HPARAM_NUMBER;
  h.number = v;
  return h;
}
static inline vdl_hparam_value vdl_hparam_string(const char *v) {
  vdl_hparam_value h;
  h.type = VDL_HPARAM_STRING;
  h.string = v;
  return h;
}
static inline vdl_hparam_value vdl_hparam_bool(int v) {
  vdl_hparam_value h;
  h.type = VDL_HPARAM_BOOL;
  h.flag = v;
  return h;
}

/* The run's hyper-parameters (n >= 1 distinct non-empty names, parallel to values; stored sorted
 * by the bytes of their names) and the scalar tags that measure it (m tags, may be 0), as one
 * record of tag "hparams" at step 0. Kind "hparams". */
VDL_API int vdl_add_hparams(vdl_writer *w, size_t n, const char *const *names,
                            const vdl_hparam_value *values, size_t m,
                            const char *const *metric_tags);
/* Returns when everything added before the call is in the file (and on the device with fsync). */
VDL_API int vdl_flush(vdl_writer *w);
/* Writes everything buffered, closes the file and frees the writer (even when it fails). */
VDL_API int vdl_writer_close(vdl_writer *w);
/* The message of the last failure of a call on this thread ("" when none). */
VDL_API const char *vdl_last_error(void);

/* ---- Extensions (used by the Python module; not needed for the calls above) ---- */

/* A scalar point with an explicit wall time in milliseconds since the Unix epoch. */
VDL_API int vdl_add_scalar_at(vdl_writer *w, const char *tag, int64_t step, double value,
                              int64_t wall_time_ms);
/* Like vdl_add_scalar_batch with an explicit wall time for every point (wall_times_ms may be
 * NULL: now). */
VDL_API int vdl_add_scalar_batch_at(vdl_writer *w, const char *tag, const int64_t *steps,
                                    const double *values, const int64_t *wall_times_ms, size_t n);
/* A histogram with `bins` equal-width buckets between the minimum and the maximum (as the Java
 * SDK's histogramBuckets(n)); bins == 0 means the exponential buckets of vdl_add_histogram.
 * wall_time_ms < 0 means now. */
VDL_API int vdl_add_histogram_bins(vdl_writer *w, const char *tag, int64_t step,
                                   const double *values, size_t n, uint32_t bins,
                                   int64_t wall_time_ms);
/* An embedding with metadata columns: header holds columns names (NULL when columns == 0),
 * cells holds rows * columns strings, row-major. wall_time_ms < 0 means now. */
VDL_API int vdl_add_embedding_meta(vdl_writer *w, const char *tag, int64_t step,
                                   const float *matrix, size_t rows, size_t dims,
                                   const char *const *labels, const char *const *header,
                                   size_t columns, const char *const *cells, int64_t wall_time_ms);
/* vdl_add_image_png / vdl_add_text with an explicit wall time (< 0 means now). */
VDL_API int vdl_add_image_png_at(vdl_writer *w, const char *tag, int64_t step, const uint8_t *png,
                                 size_t len, int64_t wall_time_ms);
VDL_API int vdl_add_text_at(vdl_writer *w, const char *tag, int64_t step, const char *utf8,
                            int64_t wall_time_ms);
/* The calls above with an explicit wall time (< 0 means now). */
VDL_API int vdl_add_audio_at(vdl_writer *w, const char *tag, int64_t step, const float *samples,
                             size_t n, uint32_t sample_rate, int64_t wall_time_ms);
VDL_API int vdl_add_pr_curve_at(vdl_writer *w, const char *tag, int64_t step,
                                const uint8_t *labels, const double *predictions, size_t n,
                                uint32_t num_thresholds, int64_t wall_time_ms);
VDL_API int vdl_add_roc_curve_at(vdl_writer *w, const char *tag, int64_t step,
                                 const uint8_t *labels, const double *predictions, size_t n,
                                 uint32_t num_thresholds, int64_t wall_time_ms);
VDL_API int vdl_add_hparams_at(vdl_writer *w, size_t n, const char *const *names,
                               const vdl_hparam_value *values, size_t m,
                               const char *const *metric_tags, int64_t wall_time_ms);
VDL_API int vdl_add_graph_format_at(vdl_writer *w, const char *tag, const void *bytes,
                                    size_t size, const char *format, int64_t wall_time_ms);
/* The path of the file being written now; valid until the next call on the writer. */
VDL_API const char *vdl_writer_current_file(vdl_writer *w);
/* The library version, VDL_VERSION. */
VDL_API const char *vdl_version(void);

#ifdef __cplusplus
}
#endif

#endif /* VISUALDL_H */
