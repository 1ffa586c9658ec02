#pragma once
// Status and Result<T>: the outcome of an operation that an input or a scenario
// author can make fail. Codes follow the families of Spark's exceptions so that
// a message can be compared with Spark's. Values, not exceptions: no exception
// crosses a public core function. Thread-compatible (immutable once built).

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace tideline {

// A position in a source file (1-based line and column; 0 when unknown).
struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;
  bool known() const { return line > 0; }
};

enum class StatusCode {
  kOk,
  kInvalidArgument,   // IllegalArgumentException / require(...)
  kAnalysisError,     // AnalysisException
  kIllegalState,      // IllegalStateException
  kParseError,        // a file or expression that does not parse (has a position)
  kIoError,           // file system or network
  kCorruption,        // a damaged checkpoint or recording
  kRuntimeError,      // a failure while a batch runs (SparkException)
  kNotFound,
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Error(StatusCode code, std::string message, SourcePos pos = {}) {
    Status s;
    s.code_ = code;
    s.message_ = std::move(message);
    s.pos_ = std::move(pos);
    return s;
  }
  static Status InvalidArgument(std::string m, SourcePos p = {}) {
    return Error(StatusCode::kInvalidArgument, std::move(m), std::move(p));
  }
  static Status Analysis(std::string m, SourcePos p = {}) {
    return Error(StatusCode::kAnalysisError, std::move(m), std::move(p));
  }
  static Status IllegalState(std::string m) { return Error(StatusCode::kIllegalState, std::move(m)); }
  static Status Parse(std::string m, SourcePos p) {
    return Error(StatusCode::kParseError, std::move(m), std::move(p));
  }
  static Status Io(std::string m) { return Error(StatusCode::kIoError, std::move(m)); }
  static Status Corruption(std::string m) { return Error(StatusCode::kCorruption, std::move(m)); }
  static Status Runtime(std::string m) { return Error(StatusCode::kRuntimeError, std::move(m)); }
  static Status NotFound(std::string m, SourcePos p = {}) {
    return Error(StatusCode::kNotFound, std::move(m), std::move(p));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const SourcePos& pos() const { return pos_; }
  Status WithPos(SourcePos p) const {
    Status s = *this;
    if (!s.pos_.known()) s.pos_ = std::move(p);
    return s;
  }

  // "FILE:LINE:COL: error: MESSAGE" when the position is known, else "error: MESSAGE".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  SourcePos pos_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  Status status() const { return ok() ? Status::Ok() : std::get<1>(v_); }

 private:
  std::variant<T, Status> v_;
};

#define TL_RETURN_IF_ERROR(expr)            \
  do {                                      \
    ::tideline::Status tl_s_ = (expr);      \
    if (!tl_s_.ok()) return tl_s_;          \
  } while (0)

#define TL_CONCAT_INNER(a, b) a##b
#define TL_CONCAT(a, b) TL_CONCAT_INNER(a, b)
#define TL_ASSIGN_OR_RETURN(lhs, expr) TL_ASSIGN_OR_RETURN_IMPL(TL_CONCAT(tl_r_, __LINE__), lhs, expr)
#define TL_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()

}  // namespace tideline
