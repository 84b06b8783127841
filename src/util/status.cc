#include "util/status.h"

#include <cstdio>
#include <cstdlib>

namespace blueshift {

const char* SqlState(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return "00000";
    case ErrorCode::kSyntaxError:
      return "42601";
    case ErrorCode::kUndefinedTable:
      return "42P01";
    case ErrorCode::kUndefinedColumn:
      return "42703";
    case ErrorCode::kUndefinedSchema:
      return "3F000";
    case ErrorCode::kUndefinedObject:
      return "42704";
    case ErrorCode::kUndefinedParameter:
      return "42P02";
    case ErrorCode::kUndefinedFunction:
      return "42883";
    case ErrorCode::kDuplicateFunction:
      return "42723";
    case ErrorCode::kAmbiguousFunction:
      return "42725";
    case ErrorCode::kInvalidFunctionDefinition:
      return "42P13";
    case ErrorCode::kDuplicateTable:
      return "42P07";
    case ErrorCode::kDuplicateSchema:
      return "42P06";
    case ErrorCode::kDuplicateColumn:
      return "42701";
    case ErrorCode::kDuplicateObject:
      return "42710";
    case ErrorCode::kDuplicateDatabase:
      return "42P04";
    case ErrorCode::kObjectInUse:
      return "55006";
    case ErrorCode::kNotInPrerequisiteState:
      return "55000";
    case ErrorCode::kAmbiguousColumn:
      return "42702";
    case ErrorCode::kDatatypeMismatch:
      return "42804";
    case ErrorCode::kGroupingError:
      return "42803";
    case ErrorCode::kWindowingError:
      return "42P20";
    case ErrorCode::kInvalidColumnReference:
      return "42P10";
    case ErrorCode::kInvalidRecursion:
      return "42P19";
    case ErrorCode::kWrongObjectType:
      return "42809";
    case ErrorCode::kInvalidColumnDefinition:
      return "42611";
    case ErrorCode::kInvalidTableDefinition:
      return "42P16";
    case ErrorCode::kInvalidParameterValue:
      return "22023";
    case ErrorCode::kFeatureNotSupported:
      return "0A000";
    case ErrorCode::kNumericValueOutOfRange:
      return "22003";
    case ErrorCode::kStringDataRightTruncation:
      return "22001";
    case ErrorCode::kInvalidTextRepresentation:
      return "22P02";
    case ErrorCode::kInvalidDatetimeFormat:
      return "22007";
    case ErrorCode::kDatetimeFieldOverflow:
      return "22008";
    case ErrorCode::kDivisionByZero:
      return "22012";
    case ErrorCode::kNotNullViolation:
      return "23502";
    case ErrorCode::kUniqueViolation:
      return "23505";
    case ErrorCode::kCardinalityViolation:
      return "21000";
    case ErrorCode::kActiveSqlTransaction:
      return "25001";
    case ErrorCode::kInFailedSqlTransaction:
      return "25P02";
    case ErrorCode::kNoActiveSqlTransaction:
      return "25P01";
    case ErrorCode::kReadOnlySqlTransaction:
      return "25006";
    case ErrorCode::kSerializationFailure:
      return "40001";
    case ErrorCode::kDeadlockDetected:
      return "40P01";
    case ErrorCode::kDependentObjectsStillExist:
      return "2BP01";
    case ErrorCode::kInsufficientPrivilege:
      return "42501";
    case ErrorCode::kInvalidPassword:
      return "28P01";
    case ErrorCode::kInvalidAuthorization:
      return "28000";
    case ErrorCode::kInvalidCatalogName:
      return "3D000";
    case ErrorCode::kProtocolViolation:
      return "08P01";
    case ErrorCode::kQueryCanceled:
      return "57014";
    case ErrorCode::kAdminShutdown:
      return "57P01";
    case ErrorCode::kTooManyConnections:
      return "53300";
    case ErrorCode::kDiskFull:
      return "53100";
    case ErrorCode::kOutOfMemory:
      return "53200";
    case ErrorCode::kProgramLimitExceeded:
      return "54000";
    case ErrorCode::kStatementTooComplex:
      return "54001";
    case ErrorCode::kIoError:
      return "58030";
    case ErrorCode::kDataCorrupted:
      return "XX001";
    case ErrorCode::kInternal:
      return "XX000";
  }
  return "XX000";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string("ERROR(") + sqlstate() + "): " + message_;
}

namespace internal {
void CheckFailed(const char* file, int line, const char* expr, const std::string& operands) {
  std::fprintf(stderr, "%s:%d: CHECK failed: %s %s\n", file, line, expr, operands.c_str());
  std::abort();
}
}  // namespace internal

}  // namespace blueshift
