// CREATE [OR REPLACE] FUNCTION ... LANGUAGE sql, DROP FUNCTION and ALTER FUNCTION ... RENAME TO / OWNER TO.

#include <algorithm>

#include "catalog/access_check.h"
#include "main/statement_runner.h"

namespace blueshift {

namespace {

using sql::FunctionAction;

Status At(Status st, int location) {
  return sql::ErrorAt(std::move(st), location);
}

Status MustOwn(const AccessCheck& access, const FunctionDef& f) {
  if (access.superuser() || access.user().name == f.owner) return Status::OK();
  return Status(ErrorCode::kInsufficientPrivilege, "must be owner of function " + f.name);
}

Status DuplicateFunction(const std::string& name) {
  return Status(ErrorCode::kDuplicateFunction, "function \"" + name + "\" already exists with same argument types");
}

// The language of CREATE FUNCTION: sql, or the Python UDFs that are not supported yet.
Status CheckLanguage(const sql::FunctionStmt& stmt, const Catalog& cat, const AccessCheck& access) {
  if (stmt.language == "plpythonu")
    return At(Status(ErrorCode::kFeatureNotSupported, "Python UDFs (LANGUAGE plpythonu) are not supported yet"),
              stmt.language_location);
  if (stmt.language != "sql")
    return At(Status(ErrorCode::kUndefinedObject, "language \"" + stmt.language + "\" does not exist"),
              stmt.language_location);
  if (!cat.security().HasPrivilege(access.user(), {AclObject::kLanguage, 0, "sql"}, "rdsdb", kPrivUsage))
    return At(Status(ErrorCode::kInsufficientPrivilege, "permission denied for language sql"), stmt.location);
  return Status::OK();
}

Result<FunctionDef> FunctionFromStatement(const sql::FunctionStmt& stmt) {
  FunctionDef def;
  def.name = stmt.name.name();
  if (def.name.size() > 127) def.name.resize(127);
  for (const auto& t : stmt.arg_types) {
    auto type = sql::Binder::BindFunctionType(t);
    if (!type.ok()) return At(type.status(), t.location);
    def.arg_types.push_back(*type);
  }
  if (def.arg_types.size() > 32)
    return At(Status(ErrorCode::kProgramLimitExceeded, "functions cannot have more than 32 arguments"), stmt.location);
  auto ret = sql::Binder::BindFunctionType(stmt.return_type);
  if (!ret.ok()) return At(ret.status(), stmt.return_type.location);
  def.return_type = *ret;
  def.volatility = stmt.volatility == "stable"      ? Volatility::kStable
                   : stmt.volatility == "immutable" ? Volatility::kImmutable
                                                    : Volatility::kVolatile;
  def.body_sql = stmt.body;
  return def;
}

}  // namespace

Status StatementRunner::RunFunction(const sql::FunctionStmt& stmt, ResultSink* sink) {
  switch (stmt.action) {
    case FunctionAction::kCreate:
      return RunCreateFunction(stmt, sink);
    case FunctionAction::kDrop:
      return RunDropFunction(stmt, sink);
    case FunctionAction::kRename:
    case FunctionAction::kOwner:
      return RunAlterFunction(stmt, sink);
  }
  return Status(ErrorCode::kInternal, "function statement not handled");
}

Status StatementRunner::RunCreateFunction(const sql::FunctionStmt& stmt, ResultSink* sink) {
  AccessCheck access(txn_->catalog(), session_->options_.user);
  RETURN_IF_ERROR(CheckLanguage(stmt, txn_->catalog(), access));
  ASSIGN_OR_RETURN(FunctionDef def, FunctionFromStatement(stmt));
  sql::Binder binder(MakeBindContext(nullptr, nullptr));
  ASSIGN_OR_RETURN(def.schema, binder.ResolveSchemaForCreate(stmt.name));
  RETURN_IF_ERROR(At(access.Schema(def.schema, kPrivCreate), stmt.name.location));
  def.owner = access.user().name;
  // The change is made and checked on a copy, which replaces the transaction's catalog once the body binds.
  Catalog cat = txn_->catalog();
  std::shared_ptr<const FunctionDef> old;
  for (const auto& f : cat.FindFunctions(def.schema, def.name)) {
    if (SameSignature(f->arg_types, def.arg_types)) old = f;
  }
  if (old && !stmt.or_replace) return At(DuplicateFunction(def.name), stmt.name.location);
  if (old) {
    RETURN_IF_ERROR(At(MustOwn(access, *old), stmt.name.location));
    if (old->return_type != def.return_type)
      return At(Status(ErrorCode::kInvalidFunctionDefinition, "cannot change return type of existing function")
                    .WithHint("Use DROP FUNCTION " + FunctionSignature(*old) + " first."),
                stmt.return_type.location);
    def.oid = old->oid;
    def.schema_oid = old->schema_oid;
    def.owner = old->owner;
    cat.PutFunction(std::make_shared<const FunctionDef>(def));
  } else {
    ASSIGN_OR_RETURN(def.oid, cat.CreateFunction(def));
    def.schema_oid = cat.FindFunctionByOid(def.oid)->schema_oid;
    // New functions are executable by PUBLIC, as in Redshift, unless the owner's default privileges for
    // functions in every schema say otherwise; then the owner's default privileges apply.
    const auto& defaults = cat.security().default_acls();
    bool builtin = std::none_of(defaults.begin(), defaults.end(), [&](const DefaultAcl& d) {
      return d.owner == access.user().id && d.kind == AclObject::kFunction && d.schema_oid == 0;
    });
    if (builtin)
      cat.MutableSecurity().Grant({AclObject::kFunction, def.oid, ""}, {Grantee::Kind::kPublic, 0}, kPrivExecute,
                                  access.user().id);
    cat.MutableSecurity().ApplyDefaults(access.user(), def.schema_oid, {AclObject::kFunction, def.oid, ""});
  }
  sql::BindContext ctx = MakeBindContext(nullptr, nullptr);
  ctx.catalog = &cat;
  sql::Binder checker(ctx);
  auto checked = checker.CheckFunctionBody(def);
  if (!checked.ok()) return At(checked.status(), stmt.body_location);
  txn_->MutableCatalog() = std::move(cat);
  return sink->Complete("CREATE FUNCTION");
}

Status StatementRunner::RunDropFunction(const sql::FunctionStmt& stmt, ResultSink* sink) {
  sql::Binder binder(MakeBindContext(nullptr, nullptr));
  ASSIGN_OR_RETURN(auto f, binder.ResolveFunctionSignature(stmt.name, stmt.arg_types));
  AccessCheck access(txn_->catalog(), session_->options_.user);
  RETURN_IF_ERROR(At(MustOwn(access, *f), stmt.name.location));
  RETURN_IF_ERROR(At(DropDependentViews(f->oid, "function " + FunctionSignature(*f),
                                        stmt.behavior == sql::DropBehavior::kCascade, sink),
                     stmt.location));
  RETURN_IF_ERROR(txn_->MutableCatalog().DropFunction(f->oid));
  return sink->Complete("DROP FUNCTION");
}

Status StatementRunner::RunAlterFunction(const sql::FunctionStmt& stmt, ResultSink* sink) {
  sql::Binder binder(MakeBindContext(nullptr, nullptr));
  ASSIGN_OR_RETURN(auto f, binder.ResolveFunctionSignature(stmt.name, stmt.arg_types));
  Catalog& cat = txn_->MutableCatalog();
  AccessCheck access(cat, session_->options_.user);
  RETURN_IF_ERROR(At(MustOwn(access, *f), stmt.name.location));
  FunctionDef def = *f;
  if (stmt.action == FunctionAction::kOwner) {
    if (!cat.security().FindUser(stmt.target))
      return At(Status(ErrorCode::kUndefinedObject, "user \"" + stmt.target + "\" does not exist"), stmt.location);
    def.owner = stmt.target;
  } else {
    for (const auto& other : cat.FindFunctions(def.schema, stmt.target)) {
      if (SameSignature(other->arg_types, def.arg_types)) return At(DuplicateFunction(stmt.target), stmt.location);
    }
    def.name = stmt.target;
  }
  cat.PutFunction(std::make_shared<const FunctionDef>(std::move(def)));
  return sink->Complete("ALTER FUNCTION");
}

}  // namespace blueshift
