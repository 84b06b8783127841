#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sql/ast_stmt.h"

namespace blueshift::sql {

// CREATE DATABASE, ALTER DATABASE and DROP DATABASE (StmtKind::kDatabase). Names are case-folded.
enum class DatabaseAction { kCreate, kAlter, kDrop };

struct DatabaseStmt : Statement {
  DatabaseStmt() : Statement(StmtKind::kDatabase) {}
  DatabaseAction action = DatabaseAction::kCreate;
  std::string name;
  bool if_exists = false;                   // DROP DATABASE IF EXISTS
  std::optional<std::string> owner;         // OWNER [=] name / OWNER TO name
  std::optional<int64_t> connection_limit;  // CONNECTION LIMIT n; -1 = UNLIMITED
  std::optional<std::string> collate;       // COLLATE: "case_sensitive" or "case_insensitive"
  std::optional<std::string> isolation;     // ISOLATION LEVEL: "serializable" or "snapshot"
  std::optional<std::string> rename_to;     // ALTER DATABASE ... RENAME TO
  int option_location = -1;                 // of the first option, for errors
};

}  // namespace blueshift::sql
