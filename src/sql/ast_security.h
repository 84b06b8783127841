#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sql/ast_stmt.h"

namespace blueshift::sql {

// Users, groups and privileges: CREATE/ALTER/DROP USER, CREATE/ALTER/DROP GROUP, GRANT/REVOKE,
// ALTER DEFAULT PRIVILEGES and ALTER SCHEMA ... OWNER TO. All are StmtKind::kSecurity; security_kind
// says which struct it is. Names are case-folded like other identifiers.

enum class SecurityKind {
  kCreateUser,        // UserStmt
  kAlterUser,         // UserStmt
  kDropUser,          // DropRolesStmt
  kCreateGroup,       // GroupStmt
  kAlterGroup,        // GroupStmt
  kDropGroup,         // DropRolesStmt
  kGrant,             // GrantStmt (GRANT, REVOKE and ALTER DEFAULT PRIVILEGES)
  kAlterSchemaOwner,  // AlterSchemaOwnerStmt
};

struct SecurityStmt : Statement {
  explicit SecurityStmt(SecurityKind k) : Statement(StmtKind::kSecurity), security_kind(k) {}
  SecurityKind security_kind;
};

// One option of CREATE/ALTER USER.
struct UserOption {
  enum class Kind {
    kPassword,         // text = the password or hash as written
    kPasswordDisable,  // PASSWORD DISABLE
    kCreateDb,         // flag
    kCreateUser,       // flag
    kSyslogAccess,     // flag = UNRESTRICTED
    kInGroup,          // names
    kValidUntil,       // text
    kConnectionLimit,  // number; -1 = UNLIMITED
    kSessionTimeout,   // number; RESET SESSION TIMEOUT gives 0
    kRename,           // text = the new name
  } kind = Kind::kPassword;
  bool flag = true;  // CREATEDB vs NOCREATEDB ...
  std::string text;
  int64_t number = 0;
  std::vector<std::string> names;
  int location = -1;
};

struct UserStmt : SecurityStmt {
  explicit UserStmt(SecurityKind k) : SecurityStmt(k) {}
  std::string name;
  std::vector<UserOption> options;
};

struct DropRolesStmt : SecurityStmt {
  explicit DropRolesStmt(SecurityKind k) : SecurityStmt(k) {}
  bool if_exists = false;
  std::vector<std::string> names;
};

struct GroupStmt : SecurityStmt {
  explicit GroupStmt(SecurityKind k) : SecurityStmt(k) {}
  std::string name;
  bool add = true;                 // ALTER GROUP ... ADD USER vs DROP USER
  std::vector<std::string> users;  // CREATE GROUP g WITH USER ..., ALTER GROUP g ADD/DROP USER ...
  std::string new_name;            // ALTER GROUP g RENAME TO
};

enum class GrantObject {
  kTable,
  kAllTablesInSchema,
  kSchema,
  kDatabase,
  kFunction,
  kAllFunctionsInSchema,
  kLanguage,   // GRANT USAGE ON LANGUAGE sql | plpythonu
  kTables,     // ALTER DEFAULT PRIVILEGES ... ON TABLES
  kFunctions,  // ALTER DEFAULT PRIVILEGES ... ON FUNCTIONS
};

struct GranteeName {
  enum class Kind { kUser, kGroup, kPublic } kind = Kind::kUser;
  std::string name;
  int location = -1;
};

struct GrantStmt : SecurityStmt {
  GrantStmt() : SecurityStmt(SecurityKind::kGrant) {}
  bool grant = true;                    // GRANT vs REVOKE
  bool all = false;                     // ALL [PRIVILEGES]
  std::vector<std::string> privileges;  // lower case: "select", "temp" (TEMPORARY folded), ...
  int privileges_location = -1;
  GrantObject object = GrantObject::kTable;
  std::vector<QualifiedName> objects;                // tables, schemas, databases, functions, languages
  std::vector<std::vector<TypeName>> function_args;  // ON FUNCTION: each function's argument types
  std::vector<GranteeName> grantees;
  bool with_grant_option = false;  // GRANT ... WITH GRANT OPTION; REVOKE GRANT OPTION FOR
  // ALTER DEFAULT PRIVILEGES [FOR USER ...] [IN SCHEMA ...]
  bool default_privileges = false;
  std::vector<std::string> for_users;
  std::vector<std::string> in_schemas;
};

struct AlterSchemaOwnerStmt : SecurityStmt {
  AlterSchemaOwnerStmt() : SecurityStmt(SecurityKind::kAlterSchemaOwner) {}
  std::string schema;
  std::string owner;
};

}  // namespace blueshift::sql
