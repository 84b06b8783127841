#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "util/check.h"

namespace blueshift {

// ErrorCode names a class of failure. Each maps to one SQLSTATE (see SqlState()), which is what a client
// sees in ErrorResponse; the names follow PostgreSQL's condition names where one exists.
enum class ErrorCode {
  kOk = 0,
  kSyntaxError,                 // 42601
  kUndefinedTable,              // 42P01
  kUndefinedColumn,             // 42703
  kUndefinedSchema,             // 3F000
  kUndefinedObject,             // 42704
  kUndefinedParameter,          // 42P02
  kUndefinedFunction,           // 42883
  kDuplicateTable,              // 42P07
  kDuplicateSchema,             // 42P06
  kDuplicateColumn,             // 42701
  kDuplicateObject,             // 42710
  kAmbiguousColumn,             // 42702
  kDatatypeMismatch,            // 42804
  kGroupingError,               // 42803
  kWindowingError,              // 42P20
  kInvalidColumnReference,      // 42P10
  kInvalidRecursion,            // 42P19
  kWrongObjectType,             // 42809
  kInvalidColumnDefinition,     // 42611
  kInvalidTableDefinition,      // 42P16
  kInvalidParameterValue,       // 22023
  kFeatureNotSupported,         // 0A000
  kNumericValueOutOfRange,      // 22003
  kStringDataRightTruncation,   // 22001
  kInvalidTextRepresentation,   // 22P02
  kInvalidDatetimeFormat,       // 22007
  kDatetimeFieldOverflow,       // 22008
  kDivisionByZero,              // 22012
  kNotNullViolation,            // 23502
  kUniqueViolation,             // 23505
  kCardinalityViolation,        // 21000
  kActiveSqlTransaction,        // 25001
  kInFailedSqlTransaction,      // 25P02
  kNoActiveSqlTransaction,      // 25P01
  kReadOnlySqlTransaction,      // 25006
  kSerializationFailure,        // 40001
  kDeadlockDetected,            // 40P01
  kDependentObjectsStillExist,  // 2BP01
  kInsufficientPrivilege,       // 42501
  kInvalidPassword,             // 28P01
  kInvalidAuthorization,        // 28000
  kInvalidCatalogName,          // 3D000
  kDuplicateDatabase,           // 42P04
  kObjectInUse,                 // 55006
  kNotInPrerequisiteState,      // 55000
  kProtocolViolation,           // 08P01
  kQueryCanceled,               // 57014
  kAdminShutdown,               // 57P01
  kTooManyConnections,          // 53300
  kDiskFull,                    // 53100
  kOutOfMemory,                 // 53200
  kProgramLimitExceeded,        // 54000
  kStatementTooComplex,         // 54001
  kIoError,                     // 58030
  kDataCorrupted,               // XX001
  kInternal,                    // XX000
  kDuplicateFunction,           // 42723
  kAmbiguousFunction,           // 42725
  kInvalidFunctionDefinition,   // 42P13
};

// The five-character SQLSTATE for a code.
const char* SqlState(ErrorCode code);

// Status is the result of a fallible call: OK, or an error code with a message a user can act on. A
// position (1-based character offset into the statement text) marks where a syntax or binding error is.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status OK() { return Status(); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const char* sqlstate() const { return SqlState(code_); }
  int position() const { return position_; }
  const std::string& detail() const { return detail_; }
  const std::string& hint() const { return hint_; }

  Status& WithPosition(int position) & {
    position_ = position;
    return *this;
  }
  Status&& WithPosition(int position) && {
    position_ = position;
    return std::move(*this);
  }
  Status&& WithDetail(std::string detail) && {
    detail_ = std::move(detail);
    return std::move(*this);
  }
  Status&& WithHint(std::string hint) && {
    hint_ = std::move(hint);
    return std::move(*this);
  }

  // "ERROR(42601): message" — for logs and tests.
  std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  int position_ = 0;
  std::string detail_;
  std::string hint_;
};

// Result<T> holds a T or an error Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : value_(std::move(status)) {  // NOLINT: implicit by design
    DCHECK(!std::get<Status>(value_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(value_); }
  const Status& status() const& {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(value_);
  }
  Status status() && { return ok() ? Status::OK() : std::move(std::get<Status>(value_)); }

  // REQUIRES: ok().
  T& value() & { return std::get<T>(value_); }
  const T& value() const& { return std::get<T>(value_); }
  T&& value() && { return std::move(std::get<T>(value_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> value_;
};

#define BS_CONCAT_INNER(a, b) a##b
#define BS_CONCAT(a, b) BS_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)         \
  do {                                \
    ::blueshift::Status _st = (expr); \
    if (!_st.ok()) return _st;        \
  } while (0)

#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)    \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return std::move(tmp).status(); \
  lhs = std::move(tmp).value()

#define ASSIGN_OR_RETURN(lhs, expr) ASSIGN_OR_RETURN_IMPL(BS_CONCAT(_res_, __LINE__), lhs, expr)

}  // namespace blueshift
