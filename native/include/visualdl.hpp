// visualdl.hpp: a header-only C++17 wrapper of libvisualdl.
//
//   visualdl::LogWriter log("logs/train");
//   for (int64_t step = 0; step < 1000; ++step) log.add_scalar("train/loss", step, loss(step));
//   log.add_histogram("weights", step, weights);        // std::vector<double>
//   // the destructor writes everything and closes the file; close() reports failures
//
// Every failure throws visualdl::Error with the library's message (vdl_last_error()) and code.
#ifndef VISUALDL_HPP
#define VISUALDL_HPP

#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "visualdl.h"

namespace visualdl {

// A failure of the library: what() is vdl_last_error(), code() the negative errno-style code.
class Error : public std::runtime_error {
 public:
  Error(int code, const std::string &message) : std::runtime_error(message), code_(code) {}
  int code() const noexcept { return code_; }

 private:
  int code_;
};

namespace detail {
inline void check(int rc) {
  if (rc != 0) throw Error(rc, vdl_last_error());
}
}  // namespace detail

// A hyper-parameter value: a number, a string or a bool.
class Hparam {
 public:
  Hparam(bool v) : v_(vdl_hparam_bool(v ? 1 : 0)) {}
  template <typename T,
            std::enable_if_t<std::is_arithmetic_v<T> && !std::is_same_v<T, bool>, int> = 0>
  Hparam(T v) : v_(vdl_hparam_number(static_cast<double>(v))) {}
  Hparam(std::string v) : s_(std::move(v)) { v_.type = VDL_HPARAM_STRING; }
  Hparam(const char *v) : Hparam(std::string(v)) {}
  // The C value; a string's pointer is valid while this object lives.
  vdl_hparam_value value() const {
    if (v_.type != VDL_HPARAM_STRING) return v_;
    return vdl_hparam_string(s_.c_str());
  }

 private:
  vdl_hparam_value v_{};
  std::string s_;
};

// Options of a writer; zero fields mean the library's defaults.
struct Options {
  uint32_t flush_interval_ms = 0;
  uint64_t rotate_bytes = 0;
  bool fsync = false;
  uint64_t max_buffered_bytes = 0;
};

// Logs a training run into a run folder. Thread-safe; movable, not copyable.
class LogWriter {
 public:
  explicit LogWriter(const std::string &run_dir) : w_(vdl_writer_open(run_dir.c_str())) {
    if (!w_) throw Error(-1, vdl_last_error());
  }
  LogWriter(const std::string &run_dir, const Options &o) {
    vdl_options c{};
    c.flush_interval_ms = o.flush_interval_ms;
    c.rotate_bytes = o.rotate_bytes;
    c.fsync = o.fsync ? 1 : 0;
    c.max_buffered_bytes = o.max_buffered_bytes;
    w_ = vdl_writer_open_with(run_dir.c_str(), &c);
    if (!w_) throw Error(-1, vdl_last_error());
  }
  LogWriter(const LogWriter &) = delete;
  LogWriter &operator=(const LogWriter &) = delete;
  LogWriter(LogWriter &&other) noexcept : w_(std::exchange(other.w_, nullptr)) {}
  LogWriter &operator=(LogWriter &&other) noexcept {
    if (this != &other) {
      if (w_) vdl_writer_close(w_);
      w_ = std::exchange(other.w_, nullptr);
    }
    return *this;
  }
  // Writes everything and closes; a failure here cannot throw, call close() to see it.
  ~LogWriter() {
    if (w_) vdl_writer_close(w_);
  }

  void add_scalar(const std::string &tag, int64_t step, double value) {
    detail::check(vdl_add_scalar(get(), tag.c_str(), step, value));
  }
  void add_scalar(const std::string &tag, int64_t step, double value, int64_t wall_time_ms) {
    detail::check(vdl_add_scalar_at(get(), tag.c_str(), step, value, wall_time_ms));
  }
  void add_scalar_batch(const std::string &tag, const int64_t *steps, const double *values,
                        std::size_t n) {
    detail::check(vdl_add_scalar_batch(get(), tag.c_str(), steps, values, n));
  }
  void add_scalar_batch(const std::string &tag, const std::vector<int64_t> &steps,
                        const std::vector<double> &values) {
    if (steps.size() != values.size())
      throw std::invalid_argument("add_scalar_batch: steps and values differ in length");
    add_scalar_batch(tag, steps.data(), values.data(), steps.size());
  }

  void add_histogram(const std::string &tag, int64_t step, const double *values, std::size_t n) {
    detail::check(vdl_add_histogram(get(), tag.c_str(), step, values, n));
  }
  void add_histogram(const std::string &tag, int64_t step, const std::vector<double> &values) {
    add_histogram(tag, step, values.data(), values.size());
  }
  // Any contiguous container of numbers (std::vector<float>, std::array<int, N>, ...).
  template <typename Container,
            typename T = std::decay_t<decltype(*std::declval<const Container &>().data())>,
            typename = std::enable_if_t<std::is_arithmetic_v<T> && !std::is_same_v<T, double>>>
  void add_histogram(const std::string &tag, int64_t step, const Container &values) {
    std::vector<double> copy(values.data(), values.data() + values.size());
    add_histogram(tag, step, copy);
  }
  // Equal-width buckets (bins > 0) instead of the exponential ones.
  void add_histogram(const std::string &tag, int64_t step, const std::vector<double> &values,
                     uint32_t bins) {
    detail::check(
        vdl_add_histogram_bins(get(), tag.c_str(), step, values.data(), values.size(), bins, -1));
  }

  void add_image_png(const std::string &tag, int64_t step, const uint8_t *png, std::size_t len) {
    detail::check(vdl_add_image_png(get(), tag.c_str(), step, png, len));
  }
  void add_image_png(const std::string &tag, int64_t step, const std::vector<uint8_t> &png) {
    add_image_png(tag, step, png.data(), png.size());
  }

  void add_embedding(const std::string &tag, int64_t step, const float *matrix, std::size_t rows,
                     std::size_t dims, const char *const *labels = nullptr) {
    detail::check(vdl_add_embedding(get(), tag.c_str(), step, matrix, rows, dims, labels));
  }
  void add_embedding(const std::string &tag, int64_t step, const std::vector<float> &matrix,
                     std::size_t rows, std::size_t dims,
                     const std::vector<std::string> &labels = {}) {
    if (matrix.size() != rows * dims)
      throw std::invalid_argument("add_embedding: matrix holds " + std::to_string(matrix.size()) +
                                  " values, not rows * dims = " + std::to_string(rows * dims));
    if (!labels.empty() && labels.size() != rows)
      throw std::invalid_argument("add_embedding: one label per row is needed");
    std::vector<const char *> ptrs;
    ptrs.reserve(labels.size());
    for (const auto &l : labels) ptrs.push_back(l.c_str());
    add_embedding(tag, step, matrix.data(), rows, dims, labels.empty() ? nullptr : ptrs.data());
  }

  void add_text(const std::string &tag, int64_t step, const std::string &utf8) {
    detail::check(vdl_add_text(get(), tag.c_str(), step, utf8.c_str()));
  }

  // Mono audio, samples in [-1, 1], stored as 16-bit PCM WAV.
  void add_audio(const std::string &tag, int64_t step, const float *samples, std::size_t n,
                 uint32_t sample_rate) {
    detail::check(vdl_add_audio(get(), tag.c_str(), step, samples, n, sample_rate));
  }
  void add_audio(const std::string &tag, int64_t step, const std::vector<float> &samples,
                 uint32_t sample_rate) {
    add_audio(tag, step, samples.data(), samples.size(), sample_rate);
  }
  // PR and ROC curves of predictions and their labels (non-zero: positive).
  void add_pr_curve(const std::string &tag, int64_t step, const uint8_t *labels,
                    const double *predictions, std::size_t n, uint32_t num_thresholds = 10) {
    detail::check(
        vdl_add_pr_curve(get(), tag.c_str(), step, labels, predictions, n, num_thresholds));
  }
  void add_pr_curve(const std::string &tag, int64_t step, const std::vector<bool> &labels,
                    const std::vector<double> &predictions, uint32_t num_thresholds = 10) {
    std::vector<uint8_t> l = curve_labels(labels, predictions);
    add_pr_curve(tag, step, l.data(), predictions.data(), l.size(), num_thresholds);
  }
  void add_roc_curve(const std::string &tag, int64_t step, const uint8_t *labels,
                     const double *predictions, std::size_t n, uint32_t num_thresholds = 10) {
    detail::check(
        vdl_add_roc_curve(get(), tag.c_str(), step, labels, predictions, n, num_thresholds));
  }
  void add_roc_curve(const std::string &tag, int64_t step, const std::vector<bool> &labels,
                     const std::vector<double> &predictions, uint32_t num_thresholds = 10) {
    std::vector<uint8_t> l = curve_labels(labels, predictions);
    add_roc_curve(tag, step, l.data(), predictions.data(), l.size(), num_thresholds);
  }
  // A model's graph: the bytes of an ONNX model, or of a model in another format ("paddle",
  // "tf-graphdef", "keras-json").
  void add_graph(const std::string &tag, const void *bytes, std::size_t size,
                 const std::string &format = "onnx") {
    detail::check(vdl_add_graph_format(get(), tag.c_str(), bytes, size, format.c_str()));
  }
  void add_graph(const std::string &tag, const std::vector<uint8_t> &bytes,
                 const std::string &format = "onnx") {
    add_graph(tag, bytes.data(), bytes.size(), format);
  }
  // The run's hyper-parameters and the scalar tags that measure it:
  //   log.add_hparams({{"lr", 0.01}, {"optimizer", "adam"}, {"bn", true}}, {"train/loss"});
  void add_hparams(const std::map<std::string, Hparam> &hparams,
                   const std::vector<std::string> &metric_tags = {}) {
    std::vector<const char *> names;
    std::vector<vdl_hparam_value> values;
    for (const auto &kv : hparams) {
      names.push_back(kv.first.c_str());
      values.push_back(kv.second.value());
    }
    std::vector<const char *> tags;
    for (const auto &t : metric_tags) tags.push_back(t.c_str());
    detail::check(vdl_add_hparams(get(), names.size(), names.data(), values.data(), tags.size(),
                                  tags.data()));
  }
  // Returns when everything added before is in the file.
  void flush() { detail::check(vdl_flush(get())); }

  // Writes everything and closes the file; throws when that failed. Closing twice does nothing.
  void close() {
    if (!w_) return;
    int rc = vdl_writer_close(std::exchange(w_, nullptr));
    detail::check(rc);
  }

  // The file being written now.
  std::string current_file() const { return w_ ? vdl_writer_current_file(w_) : std::string(); }

  // The C handle, for calls the wrapper does not cover.
  vdl_writer *handle() const noexcept { return w_; }

 private:
  vdl_writer *get() const {
    if (!w_) throw Error(-9 /* EBADF */, "this VisualDL LogWriter is closed");
    return w_;
  }
  static std::vector<uint8_t> curve_labels(const std::vector<bool> &labels,
                                           const std::vector<double> &predictions) {
    if (labels.size() != predictions.size())
      throw std::invalid_argument("curve: " + std::to_string(labels.size()) + " labels but " +
                                  std::to_string(predictions.size()) + " predictions");
    return std::vector<uint8_t>(labels.begin(), labels.end());
  }
  vdl_writer *w_ = nullptr;
};

}  // namespace visualdl

#endif  // VISUALDL_HPP
