#include "system/system_functions.h"

#include <algorithm>
#include <map>
#include <set>

#include "function/array_text.h"
#include "system/function_lookup.h"
#include "system/privilege_functions.h"
#include "system/system_table_builder.h"
#include "system/table_constraints.h"

namespace blueshift {

namespace {

LogicalType TextType() {
  return LogicalType::Varchar(LogicalType::kMaxVarcharLength);
}

BoundScalarFunction Make(const std::string& name, std::vector<LogicalType> args, LogicalType ret, ScalarKernel k,
                         std::shared_ptr<const void> data = nullptr) {
  BoundScalarFunction f;
  f.name = name;
  f.arg_types = std::move(args);
  f.return_type = ret;
  f.kernel = k;
  f.data = std::move(data);
  f.deterministic = false;  // depends on the catalog: never folded into a cached plan
  return f;
}

bool AnyNull(std::span<const Vector* const> args, size_t i) {
  for (const Vector* a : args) {
    if (a->IsNull(i)) return true;
  }
  return false;
}

// Integer key -> text (pg_get_userbyid, regclass names, format_type's type names).
using NameMap = std::map<int64_t, std::string>;

int64_t IntAt(const Vector* v, size_t i) {
  switch (v->type().physical()) {
    case PhysicalType::kBool:
      return v->data<uint8_t>()[i];
    case PhysicalType::kInt16:
      return v->data<int16_t>()[i];
    case PhysicalType::kInt32:
      return v->data<int32_t>()[i];
    case PhysicalType::kInt64:
      return v->data<int64_t>()[i];
    default:
      return 0;
  }
}

Status LookupNameKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& names = *static_cast<const NameMap*>(data);
  for (size_t i = 0; i < n; i++) {
    if (AnyNull(args, i)) {
      out->SetNull(i, true);
      continue;
    }
    auto it = names.find(IntAt(args[0], i));
    if (it == names.end()) {
      out->SetNull(i, true);
    } else {
      out->SetNull(i, false);
      out->SetString(i, it->second);
    }
  }
  return Status::OK();
}

Status InSetKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& set = *static_cast<const std::set<int64_t>*>(data);
  for (size_t i = 0; i < n; i++) {
    if (AnyNull(args, i)) {
      out->SetNull(i, true);
      continue;
    }
    out->SetNull(i, false);
    out->data<uint8_t>()[i] = set.count(IntAt(args[0], i)) ? 1 : 0;
  }
  return Status::OK();
}

// The catalog array types' spellings ("int2vector", "smallint[]", ...); "???" for an unknown oid, as
// PostgreSQL prints it.
std::string ArrayTypeName(int64_t oid) {
  for (int k = 1; k <= static_cast<int>(PgArrayKind::kNameArray); k++) {
    LogicalType t = LogicalType::PgArray(static_cast<PgArrayKind>(k));
    if (t.PgOid() == oid) return t.ToString();
  }
  return "???";
}

// format_type of an interval typmod: the qualifier and precision it encodes ("interval day to second(3)").
std::string IntervalTypeName(int64_t typmod) {
  for (int f = 1; f <= static_cast<int>(IntervalFields::kMinuteToSecond); f++) {
    for (int p = 0; p <= LogicalType::kMaxIntervalPrecision; p++) {
      LogicalType t = LogicalType::Interval(static_cast<IntervalFields>(f), p);
      if (t.PgTypmod() == typmod) return t.ToString();
    }
  }
  return "interval";
}

// format_type(type oid, typmod): the type's SQL spelling with its modifiers.
Status FormatTypeKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) {
    if (args[0]->IsNull(i)) {
      out->SetNull(i, true);
      continue;
    }
    int64_t oid = IntAt(args[0], i);
    int64_t mod = args.size() > 1 && !args[1]->IsNull(i) ? IntAt(args[1], i) : -1;
    std::string s;
    switch (oid) {
      case 16:
        s = "boolean";
        break;
      case 18:
        s = "\"char\"";
        break;
      case 19:
        s = "name";
        break;
      case 20:
        s = "bigint";
        break;
      case 21:
        s = "smallint";
        break;
      case 23:
        s = "integer";
        break;
      case 25:
        s = "text";
        break;
      case 26:
        s = "oid";
        break;
      case 700:
        s = "real";
        break;
      case 701:
        s = "double precision";
        break;
      case 1042:
        s = mod >= 4 ? "character(" + std::to_string(mod - 4) + ")" : "character";
        break;
      case 1043:
        s = mod >= 4 ? "character varying(" + std::to_string(mod - 4) + ")" : "character varying";
        break;
      case 1082:
        s = "date";
        break;
      case 1083:
        s = "time without time zone";
        break;
      case 1114:
        s = "timestamp without time zone";
        break;
      case 1184:
        s = "timestamp with time zone";
        break;
      case 1266:
        s = "time with time zone";
        break;
      case 1186:
        s = IntervalTypeName(mod);
        break;
      case 6551:
        s = mod >= 4 ? "binary varying(" + std::to_string(mod - 4) + ")" : "binary varying";
        break;
      case 1700:
        s = mod >= 4 ? "numeric(" + std::to_string((mod - 4) >> 16) + "," + std::to_string((mod - 4) & 0xffff) + ")"
                     : "numeric";
        break;
      default:
        s = ArrayTypeName(oid);
    }
    out->SetNull(i, false);
    out->SetString(i, s);
  }
  return Status::OK();
}

// Returns its first argument (pg_get_expr: our defaults are stored as SQL text already).
Status FirstArgKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) out->CopyRow(*args[0], i, i);
  return Status::OK();
}

// array_to_string(array, delimiter[, null_string]): the elements joined; NULL elements are skipped unless
// null_string is given.
Status ArrayToStringKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) {
    if (args[0]->IsNull(i) || args[1]->IsNull(i)) {
      out->SetNull(i, true);
      continue;
    }
    ASSIGN_OR_RETURN(ArrayText a, ParseArrayText(args[0]->data<std::string_view>()[i]));
    std::string_view delim = args[1]->data<std::string_view>()[i];
    bool keep_nulls = args.size() > 2 && !args[2]->IsNull(i);
    std::string joined;
    bool first = true;
    for (const auto& e : a.elements) {
      if (!e && !keep_nulls) continue;
      if (!first) joined += delim;
      joined += e ? *e : std::string(args[2]->data<std::string_view>()[i]);
      first = false;
    }
    out->SetNull(i, false);
    out->SetString(i, joined);
  }
  return Status::OK();
}

// array_upper(array, dim) / array_lower(array, dim): the last / first subscript of dimension 1 (the only
// one these arrays have); NULL for another dimension and for an empty array. data: non-null for array_upper.
Status ArrayBoundKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  for (size_t i = 0; i < n; i++) {
    if (AnyNull(args, i) || args[1]->data<int32_t>()[i] != 1) {
      out->SetNull(i, true);
      continue;
    }
    ASSIGN_OR_RETURN(ArrayText a, ParseArrayText(args[0]->data<std::string_view>()[i]));
    out->SetNull(i, a.elements.empty());
    const int32_t upper = a.lower + static_cast<int32_t>(a.elements.size()) - 1;
    out->data<int32_t>()[i] = data ? upper : a.lower;
  }
  return Status::OK();
}

Status ConstantKernel(std::span<const Vector* const>, size_t n, Vector* out, const void* data) {
  const Value& v = *static_cast<const Value*>(data);
  for (size_t i = 0; i < n; i++) out->SetValue(i, v);
  return Status::OK();
}

BoundScalarFunction ConstantFunction(const std::string& name, const std::vector<LogicalType>& args, Value v) {
  LogicalType t = v.type();
  return Make(name, args, t, ConstantKernel, std::make_shared<const Value>(std::move(v)));
}

std::shared_ptr<const NameMap> TableNames(const SystemContext& ctx) {
  auto names = std::make_shared<NameMap>();
  for (const auto& t : ctx.catalog->Tables()) {
    bool visible = std::find(ctx.search_path.begin(), ctx.search_path.end(), t->schema) != ctx.search_path.end();
    (*names)[t->oid] = visible ? t->name : t->schema + "." + t->name;
  }
  for (const SystemTable* s : AllSystemTables()) (*names)[s->oid] = s->name;
  return names;
}

std::shared_ptr<const NameMap> ConstraintDefinitions(const SystemContext& ctx) {
  auto defs = std::make_shared<NameMap>();
  for (const auto& t : ctx.catalog->Tables()) {
    for (const auto& c : system_internal::ConstraintsOf(*ctx.catalog, *t))
      (*defs)[c.oid] = system_internal::ConstraintDefinition(*ctx.catalog, *t, c, ctx.search_path);
  }
  return defs;
}

// An index's CREATE INDEX text, and its key columns by 1-based position (0 is the whole definition).
using IndexDefMap = std::map<int64_t, std::vector<std::string>>;

std::shared_ptr<const IndexDefMap> IndexDefinitions(const SystemContext& ctx) {
  auto defs = std::make_shared<IndexDefMap>();
  for (const auto& t : ctx.catalog->Tables()) {
    for (const TableDef& index : system_internal::IndexRelationsOf(*ctx.catalog, *t)) {
      std::vector<std::string> parts{""};
      std::string cols;
      for (const ColumnDef& c : index.columns) {
        parts.push_back(c.name);
        cols += (cols.empty() ? "" : ", ") + c.name;
      }
      parts[0] =
          "CREATE UNIQUE INDEX " + index.name + " ON " + t->schema + "." + t->name + " USING btree (" + cols + ")";
      (*defs)[index.oid] = std::move(parts);
    }
  }
  return defs;
}

// pg_get_indexdef(oid) and pg_get_indexdef(oid, column, pretty): NULL for an unknown index or column.
Status IndexDefKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& defs = *static_cast<const IndexDefMap*>(data);
  for (size_t i = 0; i < n; i++) {
    auto it = AnyNull(args, i) ? defs.end() : defs.find(IntAt(args[0], i));
    int64_t column = args.size() > 1 && it != defs.end() ? IntAt(args[1], i) : 0;
    if (it == defs.end() || column < 0 || column >= static_cast<int64_t>(it->second.size())) {
      out->SetNull(i, true);
      continue;
    }
    out->SetNull(i, false);
    out->SetString(i, it->second[column]);
  }
  return Status::OK();
}

}  // namespace

Result<int32_t> RegclassOid(const std::string& text, const SystemContext& ctx) {
  size_t dot = text.find('.');
  std::string schema = dot == std::string::npos ? "" : text.substr(0, dot);
  std::string name = dot == std::string::npos ? text : text.substr(dot + 1);
  if (schema.empty() || schema == "pg_catalog") {
    if (const SystemTable* s = FindSystemTable("pg_catalog", name)) return static_cast<int32_t>(s->oid);
  }
  auto find = [&](const std::string& s) -> Oid {  // a table or a view
    if (auto t = ctx.catalog->FindTable(s, name)) return t->oid;
    if (auto v = ctx.catalog->FindView(s, name)) return v->oid;
    return 0;
  };
  if (!schema.empty()) {
    if (Oid oid = find(schema)) return static_cast<int32_t>(oid);
  } else {
    for (const auto& s : ctx.search_path) {
      if (Oid oid = find(s)) return static_cast<int32_t>(oid);
    }
  }
  return Status(ErrorCode::kUndefinedTable, "relation \"" + text + "\" does not exist");
}

std::optional<Result<BoundScalarFunction>> ResolveSystemFunction(const std::string& name,
                                                                 const std::vector<LogicalType>& args,
                                                                 const SystemContext& ctx) {
  auto types = [&](std::vector<LogicalType> t) { return t; };
  if (name == "pg_get_userbyid" && args.size() == 1) {
    auto names = std::make_shared<NameMap>();
    for (const UserDef* u : ctx.catalog->security().Users()) (*names)[u->id] = u->name;
    return Make(name, types({LogicalType::BigInt()}), LogicalType::Varchar(128), LookupNameKernel, names);
  }
  if (name == "regclass_name" && args.size() == 1)
    return Make(name, types({LogicalType::BigInt()}), TextType(), LookupNameKernel, TableNames(ctx));
  if (name == "pg_table_is_visible" && args.size() == 1) {
    auto visible = std::make_shared<std::set<int64_t>>();
    for (const auto& t : ctx.catalog->Tables()) {
      if (std::find(ctx.search_path.begin(), ctx.search_path.end(), t->schema) != ctx.search_path.end() &&
          ctx.catalog->FindTable(t->schema, t->name) == t) {
        // Only the first table of a name along the search path is visible.
        bool shadowed = false;
        for (const auto& s : ctx.search_path) {
          if (s == t->schema) break;
          if (ctx.catalog->FindTable(s, t->name)) shadowed = true;
        }
        if (!shadowed) visible->insert(t->oid);
      }
    }
    for (const SystemTable* s : AllSystemTables()) {
      if (s->schema == "pg_catalog") visible->insert(s->oid);
    }
    for (const auto& v : ctx.catalog->Views()) {
      for (const auto& s : ctx.search_path) {  // the first relation of the name along the path
        if (!ctx.catalog->FindTable(s, v->name) && !ctx.catalog->FindView(s, v->name)) continue;
        if (s == v->schema) visible->insert(v->oid);
        break;
      }
    }
    return Make(name, types({LogicalType::BigInt()}), LogicalType::Boolean(), InSetKernel, visible);
  }
  if (name == "pg_type_is_visible" && args.size() == 1) {  // every type is in pg_catalog, always searched
    auto types_set = std::make_shared<std::set<int64_t>>();
    for (int32_t oid : system_internal::PgTypeOids()) types_set->insert(oid);
    return Make(name, types({LogicalType::BigInt()}), LogicalType::Boolean(), InSetKernel, types_set);
  }
  if (name == "pg_get_viewdef" && (args.size() == 1 || args.size() == 2) && args[0].IsInteger()) {
    auto defs = std::make_shared<NameMap>();
    for (const auto& v : ctx.catalog->Views()) (*defs)[v->oid] = system_internal::ViewDefinition(*v);
    std::vector<LogicalType> a{LogicalType::BigInt()};
    if (args.size() == 2) a.push_back(LogicalType::Boolean());
    return Make(name, a, TextType(), LookupNameKernel, defs);
  }
  if (name == "format_type" && (args.size() == 1 || args.size() == 2)) {
    std::vector<LogicalType> a(args.size(), LogicalType::BigInt());
    return Make(name, a, TextType(), FormatTypeKernel);
  }
  if (name == "pg_get_expr" && args.size() >= 2) {
    std::vector<LogicalType> a{TextType()};
    for (size_t i = 1; i < args.size(); i++) a.push_back(args[i]);
    return Make(name, a, TextType(), FirstArgKernel);
  }
  if (name == "pg_get_constraintdef" && (args.size() == 1 || args.size() == 2)) {
    std::vector<LogicalType> a{LogicalType::BigInt()};
    if (args.size() == 2) a.push_back(LogicalType::Boolean());
    return Make(name, a, TextType(), LookupNameKernel, ConstraintDefinitions(ctx));
  }
  if (name == "pg_get_indexdef" && (args.size() == 1 || args.size() == 3)) {
    std::vector<LogicalType> a{LogicalType::BigInt()};
    if (args.size() == 3) a.insert(a.end(), {LogicalType::BigInt(), LogicalType::Boolean()});
    return Make(name, a, TextType(), IndexDefKernel, IndexDefinitions(ctx));
  }
  if ((name == "obj_description" || name == "col_description" || name == "shobj_description" ||
       name == "pg_get_viewdef" || name == "pg_get_triggerdef") &&
      !args.empty())
    return ConstantFunction(name, args, Value::NullOf(TextType()));
  if (name == "pg_encoding_to_char" && args.size() == 1) return ConstantFunction(name, args, Value::Varchar("UTF8"));
  if (name == "array_to_string" && (args.size() == 2 || args.size() == 3)) {
    std::vector<LogicalType> a(args.size(), TextType());
    return Make(name, a, TextType(), ArrayToStringKernel);
  }
  if ((name == "array_upper" || name == "array_lower") && args.size() == 2) {
    std::shared_ptr<const void> upper = name == "array_upper" ? std::make_shared<int>(1) : nullptr;
    return Make(name, types({TextType(), LogicalType::Integer()}), LogicalType::Integer(), ArrayBoundKernel, upper);
  }
  if (name == "current_schemas" && args.size() == 1) {
    // current_schemas(true) includes the implicit pg_catalog (searched first), as in PostgreSQL.
    auto forms = std::make_shared<NameMap>();
    std::string path;
    for (const auto& s : ctx.search_path) path += (path.empty() ? "" : ",") + s;
    bool listed = std::find(ctx.search_path.begin(), ctx.search_path.end(), "pg_catalog") != ctx.search_path.end();
    (*forms)[0] = "{" + path + "}";
    (*forms)[1] = "{" + (listed ? path : "pg_catalog" + std::string(path.empty() ? "" : ",") + path) + "}";
    return Make(name, types({LogicalType::Boolean()}), LogicalType::PgArray(PgArrayKind::kNameArray), LookupNameKernel,
                forms);
  }
  if ((name == "pg_get_function_result" || name == "pg_get_function_arguments" ||
       name == "pg_get_function_identity_arguments" || name == "pg_get_functiondef") &&
      args.size() == 1) {
    auto texts = std::make_shared<NameMap>();
    for (const auto& f : ctx.catalog->Functions()) (*texts)[f->oid] = FunctionInfoText(name, *f);
    return Make(name, types({LogicalType::BigInt()}), TextType(), LookupNameKernel, texts);
  }
  if (name == "pg_function_is_visible" && args.size() == 1) {
    // The first function of a name and argument types along the search path.
    auto visible = std::make_shared<std::set<int64_t>>();
    std::vector<std::shared_ptr<const FunctionDef>> seen;
    for (const auto& schema : ctx.search_path) {
      for (const auto& f : ctx.catalog->Functions()) {
        if (f->schema != schema) continue;
        bool hidden = std::any_of(seen.begin(), seen.end(), [&](const auto& o) {
          return o->name == f->name && SameSignature(o->arg_types, f->arg_types);
        });
        if (!hidden) visible->insert(f->oid);
        seen.push_back(f);
      }
    }
    return Make(name, types({LogicalType::BigInt()}), LogicalType::Boolean(), InSetKernel, visible);
  }
  if (auto f = ResolvePrivilegeFunction(name, args, ctx)) return f;
  return std::nullopt;
}

}  // namespace blueshift
