// The C++ wrapper: overloads, exceptions with the library's message, RAII and move.
#include <array>
#include <cstdio>
#include <cstring>
#include <vector>

#include "visualdl.hpp"

static int failures = 0;
#define CHECK(c) do { if (!(c)) { std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

int main(int argc, char **argv) {
  std::string dir = argc > 1 ? argv[1] : "cpp-out";
  {
    visualdl::LogWriter log(dir);
    log.add_scalar("loss", 0, 1.0);
    log.add_scalar("loss", 1, 0.5, 123456);
    std::vector<int64_t> steps{2, 3, 4};
    std::vector<double> values{0.25, 0.125, 0.0625};
    log.add_scalar_batch("loss", steps, values);
    log.add_scalar_batch("loss", steps.data(), values.data(), steps.size());
    log.add_histogram("w", 0, std::vector<double>{1, 2, 3});
    log.add_histogram("w", 1, std::array<float, 3>{1, 2, 3});
    log.add_histogram("w", 2, std::vector<double>{1, 2, 3}, 10u);
    log.add_embedding("e", 0, std::vector<float>{1, 2, 3, 4}, 2, 2, {"a", "b"});
    log.add_text("t", 0, "text");
    log.add_audio("a", 0, std::vector<float>{0.0f, 0.5f, -1.0f}, 16000);
    log.add_pr_curve("pr", 0, std::vector<bool>{true, false, true}, {0.9, 0.2, 0.4});
    log.add_roc_curve("roc", 0, std::vector<bool>{true, false, true}, {0.9, 0.2, 0.4}, 5);
    log.add_hparams({{"lr", 0.01}, {"layers", 3}, {"optimizer", "adam"}, {"bn", true}},
                    {"loss"});
    log.add_graph("net.onnx", std::vector<uint8_t>{8, 7, 0x3a, 0});
    log.add_graph("keras", "{}", 2, "keras-json");
    bool threw = false;
    try {
      log.add_graph("g", std::vector<uint8_t>{1}, "caffe");
    } catch (const visualdl::Error &e) {
      threw = std::strstr(e.what(), "graph format") != nullptr;
    }
    CHECK(threw);
    threw = false;
    try {
      log.add_pr_curve("pr", 0, std::vector<bool>{true}, {0.9, 0.2});
    } catch (const std::invalid_argument &) {
      threw = true;
    }
    CHECK(threw);
    threw = false;
    try {
      log.add_audio("a", 0, std::vector<float>{}, 16000);
    } catch (const visualdl::Error &e) {
      threw = std::strstr(e.what(), "no samples") != nullptr;
    }
    CHECK(threw);
    threw = false;
    try {
      log.add_scalar("", 0, 1);
    } catch (const visualdl::Error &e) {
      threw = true;
      CHECK(std::strstr(e.what(), "empty") != nullptr);
      CHECK(e.code() < 0);
    }
    CHECK(threw);
    threw = false;
    try {
      log.add_embedding("e", 0, std::vector<float>{1, 2, 3}, 2, 2);
    } catch (const std::invalid_argument &) {
      threw = true;
    }
    CHECK(threw);
    log.flush();
    visualdl::LogWriter moved(std::move(log));
    CHECK(log.handle() == nullptr);
    moved.add_scalar("loss", 5, 0.0);
    CHECK(moved.current_file().find(".vdl") != std::string::npos);
    moved.close();
    moved.close();
    threw = false;
    try {
      moved.add_scalar("loss", 6, 0.0);
    } catch (const visualdl::Error &) {
      threw = true;
    }
    CHECK(threw);
  }
  bool threw = false;
  try {
    visualdl::LogWriter bad("");
  } catch (const visualdl::Error &e) {
    threw = std::strlen(e.what()) > 0;
  }
  CHECK(threw);
  if (failures) return 1;
  std::puts("ok");
  return 0;
}
