#include "core/common/status.h"

#include <fmt/format.h>

namespace tideline {

std::string Status::ToString() const {
  if (ok()) return "ok";
  if (pos_.known()) return fmt::format("{}:{}:{}: error: {}", pos_.file, pos_.line, pos_.column, message_);
  if (!pos_.file.empty()) return fmt::format("{}: error: {}", pos_.file, message_);
  return fmt::format("error: {}", message_);
}

}  // namespace tideline
