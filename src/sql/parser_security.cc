// CREATE/ALTER/DROP USER, CREATE/ALTER/DROP GROUP, GRANT, REVOKE, ALTER DEFAULT PRIVILEGES and
// ALTER SCHEMA ... OWNER TO, in Redshift's forms.

#include "sql/parser_internal.h"

namespace blueshift::sql {

bool Parser::IsSecurityStatement() const {
  if (Is("grant") || Is("revoke")) return true;
  const Token& next = PeekTok();
  if (Is("create") || Is("drop")) return next.Is("user") || next.Is("group");
  if (!Is("alter")) return false;
  if (next.Is("user") || next.Is("group")) return true;
  if (next.Is("default")) return PeekTok(2).Is("privileges");
  return next.Is("schema") && PeekTok(3).Is("owner");
}

Result<StatementPtr> Parser::ParseSecurity() {
  if (Is("grant") || Is("revoke")) return ParseGrant(false);
  bool create = Is("create");
  bool drop = Is("drop");
  Advance();
  if (drop) return ParseDropRoles(Is("user") ? SecurityKind::kDropUser : SecurityKind::kDropGroup);
  if (Is("user")) return ParseUserStmt(create ? SecurityKind::kCreateUser : SecurityKind::kAlterUser);
  if (Is("group")) return ParseGroupStmt(create ? SecurityKind::kCreateGroup : SecurityKind::kAlterGroup);
  if (Is("default")) return ParseAlterDefaultPrivileges();
  Advance();  // SCHEMA
  auto stmt = std::make_unique<AlterSchemaOwnerStmt>();
  ASSIGN_OR_RETURN(stmt->schema, ParseIdent());
  RETURN_IF_ERROR(ExpectWord("owner"));
  RETURN_IF_ERROR(ExpectWord("to"));
  ASSIGN_OR_RETURN(stmt->owner, ParseIdent());
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseUserStmt(SecurityKind kind) {
  Advance();  // USER
  auto stmt = std::make_unique<UserStmt>(kind);
  ASSIGN_OR_RETURN(stmt->name, ParseIdent());
  if (kind == SecurityKind::kAlterUser && AcceptWord("rename")) {
    RETURN_IF_ERROR(ExpectWord("to"));
    UserOption o;
    o.kind = UserOption::Kind::kRename;
    o.location = Cur().begin;
    ASSIGN_OR_RETURN(o.text, ParseIdent());
    stmt->options.push_back(std::move(o));
    return StatementPtr(std::move(stmt));
  }
  AcceptWord("with");
  while (!AtStatementEnd()) RETURN_IF_ERROR(ParseUserOption(stmt.get()));
  if (kind == SecurityKind::kAlterUser && stmt->options.empty()) return SyntaxError();
  return StatementPtr(std::move(stmt));
}

Status Parser::ParseUserOption(UserStmt* stmt) {
  using K = UserOption::Kind;
  UserOption o;
  o.location = Cur().begin;
  if (AcceptWord("password")) {
    if (AcceptWord("disable")) {
      o.kind = K::kPasswordDisable;
    } else {
      ASSIGN_OR_RETURN(o.text, ParseStringLit());
    }
  } else if (Is("createdb") || Is("nocreatedb") || Is("createuser") || Is("nocreateuser")) {
    o.kind = Is("createdb") || Is("nocreatedb") ? K::kCreateDb : K::kCreateUser;
    o.flag = Cur().text.rfind("no", 0) != 0;
    Advance();
  } else if (AcceptWord("syslog")) {
    RETURN_IF_ERROR(ExpectWord("access"));
    o.kind = K::kSyslogAccess;
    if (!Is("restricted") && !Is("unrestricted")) return SyntaxError();
    o.flag = Is("unrestricted");
    Advance();
  } else if (stmt->security_kind == SecurityKind::kCreateUser && AcceptWord("in")) {
    RETURN_IF_ERROR(ExpectWord("group"));
    o.kind = K::kInGroup;
    ASSIGN_OR_RETURN(o.names, ParseIdentList());
  } else if (AcceptWord("valid")) {
    RETURN_IF_ERROR(ExpectWord("until"));
    o.kind = K::kValidUntil;
    ASSIGN_OR_RETURN(o.text, ParseStringLit());
  } else if (AcceptWord("connection")) {
    RETURN_IF_ERROR(ExpectWord("limit"));
    o.kind = K::kConnectionLimit;
    if (AcceptWord("unlimited")) {
      o.number = -1;
    } else {
      ASSIGN_OR_RETURN(o.number, ParseInt64());
    }
  } else if (AcceptWord("session")) {
    RETURN_IF_ERROR(ExpectWord("timeout"));
    o.kind = K::kSessionTimeout;
    ASSIGN_OR_RETURN(o.number, ParseInt64());
  } else if (stmt->security_kind == SecurityKind::kAlterUser && Is("reset") && PeekTok().Is("session")) {
    pos_ += 2;
    RETURN_IF_ERROR(ExpectWord("timeout"));
    o.kind = K::kSessionTimeout;
  } else {
    return SyntaxError();
  }
  stmt->options.push_back(std::move(o));
  return Status::OK();
}

Result<StatementPtr> Parser::ParseDropRoles(SecurityKind kind) {
  Advance();  // USER / GROUP
  auto stmt = std::make_unique<DropRolesStmt>(kind);
  if (Is("if") && PeekTok().Is("exists")) {
    pos_ += 2;
    stmt->if_exists = true;
  }
  ASSIGN_OR_RETURN(stmt->names, ParseIdentList());
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseGroupStmt(SecurityKind kind) {
  Advance();  // GROUP
  auto stmt = std::make_unique<GroupStmt>(kind);
  ASSIGN_OR_RETURN(stmt->name, ParseIdent());
  if (kind == SecurityKind::kCreateGroup) {
    AcceptWord("with");
    if (AcceptWord("user")) {
      ASSIGN_OR_RETURN(stmt->users, ParseIdentList());
    }
    return StatementPtr(std::move(stmt));
  }
  if (AcceptWord("rename")) {
    RETURN_IF_ERROR(ExpectWord("to"));
    ASSIGN_OR_RETURN(stmt->new_name, ParseIdent());
    return StatementPtr(std::move(stmt));
  }
  if (!Is("add") && !Is("drop")) return SyntaxError();
  stmt->add = Is("add");
  Advance();
  RETURN_IF_ERROR(ExpectWord("user"));
  ASSIGN_OR_RETURN(stmt->users, ParseIdentList());
  return StatementPtr(std::move(stmt));
}

Status Parser::ParsePrivileges(GrantStmt* stmt) {
  stmt->privileges_location = Cur().begin;
  if (AcceptWord("all")) {
    AcceptWord("privileges");
    stmt->all = true;
    return Status::OK();
  }
  static const char* kWords[] = {"select",   "insert", "update", "delete",    "references", "drop",   "alter",
                                 "truncate", "usage",  "create", "temporary", "temp",       "execute"};
  do {
    bool matched = false;
    for (const char* w : kWords) {
      if (!Is(w)) continue;
      stmt->privileges.push_back(Is("temporary") ? "temp" : w);
      matched = true;
      Advance();
      break;
    }
    if (!matched) return SyntaxError();
    if (IsPunct("("))
      return ErrorAt(ErrorCode::kFeatureNotSupported, "column-level privileges are not supported yet", Cur().begin);
  } while (AcceptPunct(","));
  return Status::OK();
}

Status Parser::ParseGrantObjects(GrantStmt* stmt) {
  RETURN_IF_ERROR(ExpectWord("on"));
  if (stmt->default_privileges) {
    if (AcceptWord("tables")) {
      stmt->object = GrantObject::kTables;
    } else if (AcceptWord("functions")) {
      stmt->object = GrantObject::kFunctions;
    } else {
      return SyntaxError();
    }
    return Status::OK();
  }
  if (AcceptWord("all")) {
    bool functions = Is("functions");
    if (!AcceptWord("tables") && !AcceptWord("functions")) return SyntaxError();
    RETURN_IF_ERROR(ExpectWord("in"));
    RETURN_IF_ERROR(ExpectWord("schema"));
    stmt->object = functions ? GrantObject::kAllFunctionsInSchema : GrantObject::kAllTablesInSchema;
  } else if (AcceptWord("schema")) {
    stmt->object = GrantObject::kSchema;
  } else if (AcceptWord("database")) {
    stmt->object = GrantObject::kDatabase;
  } else if (AcceptWord("function")) {
    stmt->object = GrantObject::kFunction;
  } else if (AcceptWord("language")) {
    stmt->object = GrantObject::kLanguage;
  } else if (Is("procedure") || Is("datashare") || Is("model")) {
    return ErrorAt(ErrorCode::kFeatureNotSupported, "GRANT ON " + Cur().text + " is not supported yet", Cur().begin);
  } else {
    AcceptWord("table");
  }
  do {
    ASSIGN_OR_RETURN(QualifiedName name, ParseQualifiedName());
    if (stmt->object == GrantObject::kFunction) {  // the argument types identify an overload
      ASSIGN_OR_RETURN(auto types, ParseFunctionArgTypes());
      stmt->function_args.push_back(std::move(types));
    }
    stmt->objects.push_back(std::move(name));
  } while (AcceptPunct(","));
  return Status::OK();
}

Result<std::vector<GranteeName>> Parser::ParseGrantees() {
  std::vector<GranteeName> out;
  do {
    GranteeName g;
    g.location = Cur().begin;
    if (AcceptWord("public")) {
      g.kind = GranteeName::Kind::kPublic;
    } else {
      if (AcceptWord("group")) g.kind = GranteeName::Kind::kGroup;
      if (Is("role")) return ErrorAt(ErrorCode::kFeatureNotSupported, "roles are not supported yet", Cur().begin);
      ASSIGN_OR_RETURN(g.name, ParseIdent());
    }
    out.push_back(std::move(g));
  } while (AcceptPunct(","));
  return out;
}

Result<StatementPtr> Parser::ParseGrant(bool default_privileges) {
  auto stmt = std::make_unique<GrantStmt>();
  stmt->location = Cur().begin;
  stmt->default_privileges = default_privileges;
  stmt->grant = Is("grant");
  Advance();
  if (!stmt->grant && Is("grant") && PeekTok().Is("option")) {
    pos_ += 2;
    RETURN_IF_ERROR(ExpectWord("for"));
    stmt->with_grant_option = true;
  }
  RETURN_IF_ERROR(ParsePrivileges(stmt.get()));
  RETURN_IF_ERROR(ParseGrantObjects(stmt.get()));
  RETURN_IF_ERROR(ExpectWord(stmt->grant ? "to" : "from"));
  ASSIGN_OR_RETURN(stmt->grantees, ParseGrantees());
  if (stmt->grant && AcceptWord("with")) {
    RETURN_IF_ERROR(ExpectWord("grant"));
    RETURN_IF_ERROR(ExpectWord("option"));
    stmt->with_grant_option = true;
  }
  if (!stmt->grant && !AcceptWord("restrict")) AcceptWord("cascade");
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseAlterDefaultPrivileges() {
  Advance();  // DEFAULT
  Advance();  // PRIVILEGES
  std::vector<std::string> users, schemas;
  while (!Is("grant") && !Is("revoke")) {
    if (AcceptWord("for")) {
      if (!AcceptWord("user") && !AcceptWord("role")) return SyntaxError();
      ASSIGN_OR_RETURN(users, ParseIdentList());
    } else if (AcceptWord("in")) {
      RETURN_IF_ERROR(ExpectWord("schema"));
      ASSIGN_OR_RETURN(schemas, ParseIdentList());
    } else {
      return SyntaxError();
    }
  }
  ASSIGN_OR_RETURN(StatementPtr stmt, ParseGrant(true));
  auto& grant = stmt->As<GrantStmt>();
  grant.for_users = std::move(users);
  grant.in_schemas = std::move(schemas);
  return stmt;
}

}  // namespace blueshift::sql
