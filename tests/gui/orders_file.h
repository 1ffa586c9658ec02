#pragma once
// Orders files for the Studio's full-speed tests: `lines` orders of the book's generator
// (seed 2, 1000 orders per second), written to a file.

#include <QString>
#include <cstdio>
#include <string>

#include "datasets/orders_generator.h"

namespace tideline::studio::testing {

inline bool writeOrders(const QString& path, long long lines) {
  datasets::OrdersOptions o;
  o.lines = lines;
  o.seed = 2;
  o.rate = 1000;
  datasets::OrdersGenerator g(o);
  std::FILE* f = std::fopen(path.toLocal8Bit().constData(), "wb");
  if (!f) return false;
  std::string buf;
  bool ok = true;
  while (ok && g.AppendNextLine(&buf)) {
    if (buf.size() >= (1u << 22)) {
      ok = std::fwrite(buf.data(), 1, buf.size(), f) == buf.size();
      buf.clear();
    }
  }
  ok = ok && std::fwrite(buf.data(), 1, buf.size(), f) == buf.size();
  return std::fclose(f) == 0 && ok;
}

}  // namespace tideline::studio::testing
