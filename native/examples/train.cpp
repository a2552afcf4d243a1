// A training loop that logs with the C++ wrapper.
//   c++ -std=c++17 train.cpp $(pkg-config --cflags --libs visualdl) -o train && ./train logs/cpp
#include <cmath>
#include <iostream>
#include <random>
#include <vector>

#include "visualdl.hpp"

int main(int argc, char **argv) {
  std::string run = argc > 1 ? argv[1] : "logs/cpp-example";
  try {
    visualdl::LogWriter log(run);
    std::mt19937 rng(42);
    std::normal_distribution<double> normal(0.0, 0.02);
    std::vector<double> weights(512);
    for (auto &w : weights) w = normal(rng);
    for (int64_t step = 0; step < 2000; ++step) {
      log.add_scalar("train/loss", step, 2.0 * std::exp(-step / 400.0) + std::abs(normal(rng)));
      if (step % 250 == 0) {
        for (auto &w : weights) w += normal(rng) * 0.1;
        log.add_histogram("model/weights", step, weights);
      }
    }
    // A tiny embedding: 4 points in 3 dimensions with a label each.
    std::vector<float> points{0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 1};
    log.add_embedding("features", 2000, points, 4, 3, {"z", "y", "x", "xyz"});
    log.add_text("notes", 2000, "trained from C++");
    log.close();
  } catch (const visualdl::Error &e) {
    std::cerr << "logging failed: " << e.what() << "\n";
    return 1;
  }
  std::cout << "wrote " << run << "\n";
  return 0;
}
