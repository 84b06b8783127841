// ALTER TABLE: each action edits a copy of the table's definition. Segments are immutable, so changes the
// stored rows must follow (a column with a non-null DEFAULT added, a column dropped, a new distribution or
// sort key, a narrower VARCHAR) also get a plan that rewrites the rows into the new definition. A column
// added without a DEFAULT costs nothing: segments written before it read it as NULL.

#include <algorithm>
#include <set>

#include "function/cast.h"
#include "sql/binder_scope.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;

namespace {

// What an action did beyond editing the definition.
struct AlterEffect {
  bool rewrite = false;
  std::vector<int> source_of;  // for a rewrite: the old column behind each new one, -1 for its default
};

Status ColumnNotFound(const std::string& column, const TableDef& t) {
  return Status(ErrorCode::kUndefinedColumn, "column \"" + column + "\" of relation \"" + t.name + "\" does not exist");
}

Status ColumnExists(const std::string& column, const TableDef& t) {
  return Status(ErrorCode::kDuplicateColumn, "column \"" + column + "\" of relation \"" + t.name + "\" already exists");
}

std::vector<int> Identity(size_t n) {
  std::vector<int> out;
  for (size_t i = 0; i < n; i++) out.push_back(static_cast<int>(i));
  return out;
}

// Column indices after dropping `dropped`: later ones move down; the dropped one disappears.
void ShiftIndices(std::vector<int>* cols, int dropped) {
  std::vector<int> out;
  for (int c : *cols) {
    if (c != dropped) out.push_back(c > dropped ? c - 1 : c);
  }
  *cols = std::move(out);
}

bool Contains(const std::vector<int>& v, int x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

Status DropColumn(const AlterTableStmt& stmt, TableDef* def, AlterEffect* effect) {
  int c = def->FindColumn(stmt.column);
  if (c < 0) return ColumnNotFound(stmt.column, *def);
  if (def->IsDistKey(c))
    return Status(ErrorCode::kFeatureNotSupported, "cannot drop distkey column \"" + stmt.column + "\"");
  if (def->SortKeyPosition(c) > 0)
    return Status(ErrorCode::kFeatureNotSupported, "cannot drop sortkey column \"" + stmt.column + "\"");
  if (def->columns.size() == 1)
    return Status(ErrorCode::kFeatureNotSupported, "cannot drop the last column of table \"" + def->name + "\"");
  def->columns.erase(def->columns.begin() + c);
  if (def->dist_key > c) def->dist_key--;
  ShiftIndices(&def->sort_keys, c);
  // Constraints on the column go with it.
  if (Contains(def->primary_key, c)) def->primary_key.clear();
  ShiftIndices(&def->primary_key, c);
  std::vector<std::vector<int>> unique;
  std::vector<Oid> unique_oids;
  def->unique_key_oids.resize(def->unique_keys.size());
  for (size_t i = 0; i < def->unique_keys.size(); i++) {
    auto& u = def->unique_keys[i];
    if (Contains(u, c)) continue;
    ShiftIndices(&u, c);
    unique.push_back(u);
    unique_oids.push_back(def->unique_key_oids[i]);
  }
  def->unique_keys = std::move(unique);
  def->unique_key_oids = std::move(unique_oids);
  std::vector<ForeignKeyDef> fks;
  for (auto& fk : def->foreign_keys) {
    if (Contains(fk.columns, c)) continue;
    ShiftIndices(&fk.columns, c);
    fks.push_back(fk);
  }
  def->foreign_keys = std::move(fks);
  effect->rewrite = true;
  effect->source_of.clear();
  for (size_t i = 0; i <= def->columns.size(); i++) {
    if (static_cast<int>(i) != c) effect->source_of.push_back(static_cast<int>(i));
  }
  return Status::OK();
}

Status RenameColumn(const AlterTableStmt& stmt, TableDef* def) {
  int c = def->FindColumn(stmt.column);
  if (c < 0) return ColumnNotFound(stmt.column, *def);
  if (def->FindColumn(stmt.new_name) >= 0) return ColumnExists(stmt.new_name, *def);
  def->columns[c].name = stmt.new_name;
  return Status::OK();
}

// Whether column c is one Redshift's ALTER COLUMN TYPE may change (DG r_ALTER_TABLE): not one with a
// DEFAULT, a key constraint or an encoding that keeps a dictionary or runs (BYTEDICT, RUNLENGTH, TEXT255,
// TEXT32K).
Status CheckTypeAlterable(const TableDef& def, int c) {
  const blueshift::ColumnDef& col = def.columns[c];
  auto refuse = [&](const std::string& why) {
    return Status(ErrorCode::kFeatureNotSupported,
                  "cannot alter type of column \"" + col.name + "\" of relation \"" + def.name + "\": " + why);
  };
  if (!col.default_sql.empty()) return refuse("it has a default value");
  switch (col.encoding) {
    case Encoding::kByteDict:
    case Encoding::kRunLength:
    case Encoding::kText255:
    case Encoding::kText32k:
      return refuse(std::string("its encoding is ") + EncodingName(col.encoding));
    default:
      break;
  }
  auto in = [c](const std::vector<int>& cols) { return std::find(cols.begin(), cols.end(), c) != cols.end(); };
  bool keyed = in(def.primary_key) || std::any_of(def.unique_keys.begin(), def.unique_keys.end(), in) ||
               std::any_of(def.foreign_keys.begin(), def.foreign_keys.end(),
                           [&](const ForeignKeyDef& fk) { return in(fk.columns); });
  if (keyed) return refuse("it is part of a UNIQUE, PRIMARY KEY or FOREIGN KEY constraint");
  return Status::OK();
}

// Redshift changes only the length of a VARCHAR column. Longer costs nothing (the stored strings are
// valid as they are); shorter rewrites the rows, failing if a value does not fit.
Status AlterColumnType(const AlterTableStmt& stmt, TableDef* def, AlterEffect* effect) {
  int c = def->FindColumn(stmt.column);
  if (c < 0) return ColumnNotFound(stmt.column, *def);
  ASSIGN_OR_RETURN(LogicalType type, Binder::BindType(stmt.type));
  RETURN_IF_ERROR(CheckColumnType(type, def->name, stmt.column));
  blueshift::ColumnDef& col = def->columns[c];
  if (col.type.id() != TypeId::kVarchar || type.id() != TypeId::kVarchar)
    return Status(ErrorCode::kFeatureNotSupported,
                  "ALTER COLUMN TYPE is supported only from VARCHAR to VARCHAR of another length, not from " +
                      col.type.ToString() + " to " + type.ToString());
  RETURN_IF_ERROR(CheckTypeAlterable(*def, c));
  if (type.length() < col.type.length()) {
    effect->rewrite = true;
    effect->source_of = Identity(def->columns.size());
  }
  col.type = type;
  return Status::OK();
}

// Redshift's limits (DG r_ALTER_TABLE): each column once per command, to an encoding other than its own,
// and not in a table with an interleaved sort key.
Status AlterEncode(const AlterTableStmt& stmt, TableDef* def) {
  if (def->sort_style == SortStyle::kInterleaved)
    return Status(ErrorCode::kFeatureNotSupported,
                  "cannot alter the encoding of a column of table \"" + def->name + "\" with an interleaved sort key");
  std::set<int> altered;
  for (const auto& [name, enc_name] : stmt.encodes) {
    int c = def->FindColumn(name);
    if (c < 0) return ColumnNotFound(name, *def);
    blueshift::ColumnDef& col = def->columns[c];
    auto enc = ParseEncoding(enc_name);
    if (!enc || !EncodingAllowed(*enc, col.type))
      return Status(ErrorCode::kInvalidColumnDefinition,
                    "invalid encoding type specified for column \"" + name + "\": " + enc_name);
    if (!altered.insert(c).second)
      return Status(ErrorCode::kSyntaxError, "column \"" + name + "\" is altered more than once in one command");
    if (*enc == col.encoding)
      return Status(ErrorCode::kInvalidParameterValue,
                    "column \"" + name + "\" is already encoded as " + EncodingName(*enc));
    col.encoding = *enc;
    col.encoding_explicit = true;
  }
  def->encode_auto = false;
  return Status::OK();
}

void EncodeAuto(TableDef* def) {
  def->encode_auto = true;
  for (size_t i = 0; i < def->columns.size(); i++) {
    auto& col = def->columns[i];
    col.encoding_explicit = false;
    col.encoding = DefaultEncoding(col.type, def->SortKeyPosition(static_cast<int>(i)) > 0, def->temporary);
  }
}

// Redshift's ALTER TABLE: "The ALTER DISTSTYLE ALL (EVEN) command is not supported for tables with interleaved
// sort keys and temporary tables"; "The ALTER DISTKEY command is not supported for tables with interleaved sort
// keys" (ALTER DISTSTYLE KEY DISTKEY is the same clause). ALTER DISTSTYLE AUTO has no such rule.
Status CheckAlterDistribution(const AlterTableStmt& stmt, const TableDef& def) {
  bool key = stmt.action == AlterTableAction::kAlterDistKey || stmt.diststyle == DistStyle::kKey;
  std::string clause = key                                  ? "ALTER DISTKEY"
                       : stmt.diststyle == DistStyle::kAll  ? "ALTER DISTSTYLE ALL"
                       : stmt.diststyle == DistStyle::kEven ? "ALTER DISTSTYLE EVEN"
                                                            : "";
  if (clause.empty()) return Status::OK();
  if (def.sort_style == SortStyle::kInterleaved)
    return Status(ErrorCode::kFeatureNotSupported, clause + " is not supported on tables with interleaved sort keys");
  if (def.temporary && !key)
    return Status(ErrorCode::kFeatureNotSupported, clause + " is not supported on temporary tables");
  return Status::OK();
}

Status AlterDistribution(const AlterTableStmt& stmt, TableDef* def, AlterEffect* effect) {
  int key = -1;
  if (!stmt.column.empty()) {
    key = def->FindColumn(stmt.column);
    if (key < 0) return ColumnNotFound(stmt.column, *def);
  }
  if (stmt.action == AlterTableAction::kAlterDistKey || stmt.diststyle == DistStyle::kKey) {
    def->dist_style = blueshift::DistStyle::kKey;
  } else if (stmt.diststyle == DistStyle::kAll) {
    def->dist_style = blueshift::DistStyle::kAll;
  } else if (stmt.diststyle == DistStyle::kEven) {
    def->dist_style = blueshift::DistStyle::kEven;
  } else {
    def->dist_style = blueshift::DistStyle::kAuto;
  }
  def->dist_key = key;
  effect->rewrite = true;
  effect->source_of = Identity(def->columns.size());
  return Status::OK();
}

Status AlterSortKey(const AlterTableStmt& stmt, TableDef* def, AlterEffect* effect) {
  std::vector<int> keys;
  for (const auto& name : stmt.sortkey) {
    int c = def->FindColumn(name);
    if (c < 0) return ColumnNotFound(name, *def);
    keys.push_back(c);
  }
  if (keys.size() > 400) return Status(ErrorCode::kInvalidTableDefinition, "a SORTKEY has at most 400 columns");
  def->sort_keys = std::move(keys);
  def->sort_style = stmt.sortkey_kind == SortKeyKind::kAuto ? SortStyle::kAuto
                    : def->sort_keys.empty()                ? SortStyle::kNone
                                                            : SortStyle::kCompound;
  effect->rewrite = !def->sort_keys.empty();
  effect->source_of = Identity(def->columns.size());
  return Status::OK();
}

Status AddConstraint(const TableConstraint& tc, TableDef* def) {
  std::vector<int> cols;
  for (const auto& n : tc.columns) {
    int c = def->FindColumn(n);
    if (c < 0) return ColumnNotFound(n, *def);
    cols.push_back(c);
  }
  if (tc.kind == TableConstraint::Kind::kPrimaryKey) {
    if (!def->primary_key.empty())
      return Status(ErrorCode::kInvalidTableDefinition,
                    "multiple primary keys for table \"" + def->name + "\" are not allowed");
    def->primary_key = cols;
  } else if (tc.kind == TableConstraint::Kind::kUnique) {
    def->unique_keys.push_back(cols);
  } else {
    ForeignKeyDef fk;
    fk.columns = cols;
    fk.ref_table = tc.ref_table->name();
    fk.ref_columns = tc.ref_columns;
    def->foreign_keys.push_back(std::move(fk));
  }
  return Status::OK();
}

// Constraints carry PostgreSQL's generated names: t_pkey, t_a_key, t_a_fkey.
Status DropConstraint(const std::string& name, TableDef* def) {
  auto col_names = [&](const std::vector<int>& cols) {
    std::string s;
    for (int c : cols) s += "_" + def->columns[c].name;
    return s;
  };
  if (!def->primary_key.empty() && name == def->name + "_pkey") {
    def->primary_key.clear();
    return Status::OK();
  }
  for (size_t i = 0; i < def->unique_keys.size(); i++) {
    if (name != def->name + col_names(def->unique_keys[i]) + "_key") continue;
    def->unique_keys.erase(def->unique_keys.begin() + i);
    if (i < def->unique_key_oids.size()) def->unique_key_oids.erase(def->unique_key_oids.begin() + i);
    return Status::OK();
  }
  for (size_t i = 0; i < def->foreign_keys.size(); i++) {
    if (name != def->name + col_names(def->foreign_keys[i].columns) + "_fkey") continue;
    def->foreign_keys.erase(def->foreign_keys.begin() + i);
    return Status::OK();
  }
  return Status(ErrorCode::kUndefinedObject,
                "constraint \"" + name + "\" of relation \"" + def->name + "\" does not exist");
}

}  // namespace

namespace {

Status AddColumn(Binder& binder, const AlterTableStmt& stmt, TableDef* def, AlterEffect* effect) {
  const ColumnDef& c = stmt.column_def;
  if (def->FindColumn(c.name) >= 0) return ColumnExists(c.name, *def);
  if (c.identity)
    return Status(ErrorCode::kFeatureNotSupported, "ALTER TABLE ADD COLUMN does not support IDENTITY columns");
  if (c.distkey || c.sortkey)
    return Status(ErrorCode::kFeatureNotSupported, "ALTER TABLE ADD COLUMN does not support DISTKEY or SORTKEY");
  // Redshift's ADD COLUMN takes no column constraint but NOT NULL / NULL; constraints come with ADD table_constraint.
  if (c.primary_key || c.unique || c.references) {
    std::string constraint = c.primary_key ? "PRIMARY KEY" : c.unique ? "UNIQUE" : "REFERENCES";
    return Status(ErrorCode::kFeatureNotSupported,
                  "ALTER TABLE ADD COLUMN does not support " + constraint + " constraints");
  }
  if (def->columns.size() >= 1600)
    return Status(ErrorCode::kInvalidTableDefinition, "tables can have at most 1600 columns");
  blueshift::ColumnDef col;
  col.name = c.name;
  ASSIGN_OR_RETURN(col.type, Binder::BindType(c.type));
  RETURN_IF_ERROR(CheckColumnType(col.type, def->name, c.name));
  col.not_null = c.nullability == Nullability::kNotNull;
  bool null_default = true;
  if (c.default_value) {
    ASSIGN_OR_RETURN(auto d, binder.BindDefaultExpr(*c.default_value));
    ASSIGN_OR_RETURN(d, binder.CastToColumn(std::move(d), col, c.default_value->location));
    null_default = d->kind == blueshift::ExprKind::kConstant && d->constant.is_null();
    col.default_sql = ToString(*c.default_value);
  }
  if (col.not_null && null_default)
    return Status(ErrorCode::kFeatureNotSupported,
                  "ALTER TABLE ADD COLUMN defined as NOT NULL must have a non-null default expression");
  if (!c.encode.empty()) {
    auto enc = ParseEncoding(c.encode);
    if (!enc || !EncodingAllowed(*enc, col.type))
      return Status(ErrorCode::kInvalidColumnDefinition,
                    "invalid encoding type specified for column \"" + c.name + "\": " + c.encode);
    col.encoding = *enc;
    col.encoding_explicit = true;
  } else {
    col.encoding = DefaultEncoding(col.type, false, def->temporary);
  }
  col.case_insensitive = c.collate == "case_insensitive";
  def->columns.push_back(std::move(col));
  if (!null_default) {
    effect->rewrite = true;
    effect->source_of = Identity(def->columns.size() - 1);
    effect->source_of.push_back(-1);
  }
  return Status::OK();
}

// Redshift's APPEND moves blocks, so "Columns with the same names must also have identical column attributes"
// (NOT NULL, ENCODE, COLLATE; the types are compared by AppendMapping), and "Both objects must use the same
// distribution style and distribution key, if one was defined. If the objects are sorted, both objects must use
// the same sort style and define the same columns as sort keys." Every mismatch is Redshift's one error; the
// detail names what differs.
Status AppendAttributesMatch(const TableDef& target, const TableDef& source, const std::vector<int>& source_of) {
  auto mismatch = [](const std::string& detail) {
    return Status(ErrorCode::kDatatypeMismatch, "Target table and source table attributes don't match.")
        .WithDetail(detail);
  };
  for (size_t i = 0; i < target.columns.size(); i++) {
    if (source_of[i] < 0) continue;
    const auto& t = target.columns[i];
    const auto& s = source.columns[source_of[i]];
    std::string column = "column \"" + t.name + "\" ";
    if (t.not_null != s.not_null) return mismatch(column + "is NOT NULL in one table only");
    if (t.encoding != s.encoding)
      return mismatch(column + "has ENCODE " + EncodingName(t.encoding) + " in the target and " +
                      EncodingName(s.encoding) + " in the source");
    if (t.case_insensitive != s.case_insensitive) return mismatch(column + "is CASE_INSENSITIVE in one table only");
  }
  auto key_name = [](const TableDef& d) { return d.dist_key >= 0 ? d.columns[d.dist_key].name : std::string(); };
  if (target.dist_style != source.dist_style || key_name(target) != key_name(source))
    return mismatch("the tables have different distribution styles or distribution keys");
  auto sort_names = [](const TableDef& d) {
    std::vector<std::string> names;
    for (int c : d.sort_keys) names.push_back(d.columns[c].name);
    return names;
  };
  bool sorted = !target.sort_keys.empty() || !source.sort_keys.empty();
  if (sorted && (target.sort_style != source.sort_style || sort_names(target) != sort_names(source)))
    return mismatch("the tables have different sort styles or sort keys");
  return Status::OK();
}

// APPEND FROM: target columns take the source's column of the same name; IGNOREEXTRA tolerates source
// columns the target lacks, FILLTARGET fills target columns the source lacks with their DEFAULT.
Result<std::vector<int>> AppendMapping(const AlterTableStmt& stmt, const TableDef& target, const TableDef& source) {
  auto mismatch = [] {
    return Status(ErrorCode::kDatatypeMismatch, "Target table and source table attributes don't match.");
  };
  std::vector<int> source_of;
  int matched = 0;
  for (const auto& col : target.columns) {
    int s = source.FindColumn(col.name);
    if (s < 0 && !stmt.fill_target) return mismatch();
    if (s >= 0 && source.columns[s].type != col.type) return mismatch();
    matched += s >= 0 ? 1 : 0;
    source_of.push_back(s);
  }
  if (matched < static_cast<int>(source.columns.size()) && !stmt.ignore_extra) return mismatch();
  // IDENTITY columns are not moved: one table's may be left out by FILLTARGET (the target's then generates
  // its values) or IGNOREEXTRA; GENERATED BY DEFAULT AS IDENTITY columns move like any other.
  auto identity = [](const blueshift::ColumnDef& c) { return c.identity && !c.identity->generated_by_default; };
  bool in_target = std::any_of(target.columns.begin(), target.columns.end(), identity);
  bool in_source = std::any_of(source.columns.begin(), source.columns.end(), identity);
  if (in_target && in_source)
    return Status(ErrorCode::kFeatureNotSupported, "cannot append: both tables have an IDENTITY column");
  for (size_t i = 0; i < target.columns.size(); i++) {
    if (source_of[i] >= 0 && (identity(target.columns[i]) || identity(source.columns[source_of[i]])))
      return Status(ErrorCode::kFeatureNotSupported,
                    "cannot append IDENTITY column \"" + target.columns[i].name + "\"");
  }
  return source_of;
}

}  // namespace

Result<LogicalOperatorPtr> Binder::BindCopyRows(std::shared_ptr<const TableDef> from,
                                                std::shared_ptr<const TableDef> to, const std::vector<int>& source_of) {
  auto get = std::make_unique<LogicalOperator>(LogicalKind::kGet);
  get->table = from;
  get->table_index = next_table_index_++;
  for (size_t i = 0; i < from->columns.size(); i++) get->columns.push_back(static_cast<int>(i));
  auto proj = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
  proj->table_index = next_table_index_++;
  for (size_t i = 0; i < to->columns.size(); i++) {
    int s = source_of[i];
    BExprPtr e;
    if (s < 0) {
      ASSIGN_OR_RETURN(e, BindColumnDefault(to->columns[i]));
    } else {
      ASSIGN_OR_RETURN(e,
                       CastToColumn(BExpr::Column({get->table_index, s}, from->columns[s].type), to->columns[i], -1));
    }
    proj->exprs.push_back(std::move(e));
  }
  proj->children.push_back(std::move(get));
  std::vector<bool> given(source_of.size());
  for (size_t i = 0; i < source_of.size(); i++) given[i] = source_of[i] >= 0;
  auto insert = std::make_unique<LogicalOperator>(LogicalKind::kInsert);
  insert->generated = IdentityFills(*to, {given}, {});
  insert->table = std::move(to);
  insert->children.push_back(std::move(proj));
  return LogicalOperatorPtr(std::move(insert));
}

Result<TableDef> Binder::BindAlterTable(const AlterTableStmt& stmt, LogicalOperatorPtr* rewrite) {
  ASSIGN_OR_RETURN(auto table, ResolveTarget(stmt.table, TargetUse::kAlter));
  if (Status owner = Access().TableOwner(*table, kPrivAlter); !owner.ok()) return ErrorAt(owner, stmt.table.location);
  TableDef def = *table;
  AlterEffect effect;
  Status st;
  switch (stmt.action) {
    case AlterTableAction::kAddColumn:
      st = AddColumn(*this, stmt, &def, &effect);
      break;
    case AlterTableAction::kDropColumn:
      st = DropColumn(stmt, &def, &effect);
      break;
    case AlterTableAction::kRenameTable:
      def.name = stmt.new_name.substr(0, 127);
      // A name that begins with '#' names a temporary table (Redshift's ALTER TABLE RENAME TO).
      if (!def.temporary && !def.name.empty() && def.name[0] == '#')
        st = Status(ErrorCode::kFeatureNotSupported,
                    "cannot rename permanent table \"" + stmt.table.name() + "\" to \"" + def.name +
                        "\": a table name beginning with '#' indicates a temporary table");
      else if (ctx_.catalog->FindTable(def.schema, def.name) || ctx_.catalog->FindView(def.schema, def.name))
        st = Status(ErrorCode::kDuplicateTable, "relation \"" + def.name + "\" already exists");
      break;
    case AlterTableAction::kRenameColumn:
      st = RenameColumn(stmt, &def);
      break;
    case AlterTableAction::kAlterColumnType:
      st = AlterColumnType(stmt, &def, &effect);
      break;
    case AlterTableAction::kAlterColumnEncode:
      st = AlterEncode(stmt, &def);
      break;
    case AlterTableAction::kAlterDistStyle:
    case AlterTableAction::kAlterDistKey:
      st = CheckAlterDistribution(stmt, def);
      if (st.ok()) st = AlterDistribution(stmt, &def, &effect);
      break;
    case AlterTableAction::kAlterSortKey:
      st = AlterSortKey(stmt, &def, &effect);
      break;
    case AlterTableAction::kAlterEncodeAuto:
      EncodeAuto(&def);
      break;
    case AlterTableAction::kOwnerTo:
      def.owner = stmt.new_name;
      if (!ctx_.catalog->security().FindUser(def.owner))
        st = Status(ErrorCode::kUndefinedObject, "user \"" + def.owner + "\" does not exist");
      break;
    case AlterTableAction::kAddConstraint:
      st = AddConstraint(stmt.constraint, &def);
      break;
    case AlterTableAction::kDropConstraint:
      st = DropConstraint(stmt.new_name, &def);
      break;
    case AlterTableAction::kAppendFrom: {
      // The source is emptied: it must be a user table, as the target.
      ASSIGN_OR_RETURN(auto source, ResolveTarget(stmt.source, TargetUse::kAlter));
      if (Status so = Access().TableOwner(*source, kPrivSelect | kPrivDelete); !so.ok())
        return ErrorAt(so, stmt.source.location);
      if (source->oid == table->oid)
        return ErrorAt(Status(ErrorCode::kInvalidParameterValue, "cannot append a table to itself"),
                       stmt.source.location);
      // "The target table must be a permanent table. However, the source can be either a permanent table or a
      // materialized view configured for streaming ingestion."
      if (def.temporary || source->temporary)
        return ErrorAt(
            Status(ErrorCode::kFeatureNotSupported, std::string("the ") + (def.temporary ? "target" : "source") +
                                                        " of ALTER TABLE APPEND must be a permanent table"),
            def.temporary ? stmt.table.location : stmt.source.location);
      auto mapping = AppendMapping(stmt, def, *source);
      if (mapping.ok()) {
        if (Status same = AppendAttributesMatch(def, *source, *mapping); !same.ok()) mapping = same;
      }
      if (!mapping.ok()) return ErrorAt(mapping.status(), stmt.source.location);
      ASSIGN_OR_RETURN(*rewrite, BindCopyRows(source, table, *mapping));
      return def;
    }
  }
  if (!st.ok()) return ErrorAt(st, stmt.location);
  if (effect.rewrite) {
    ASSIGN_OR_RETURN(*rewrite, BindCopyRows(table, std::make_shared<const TableDef>(def), effect.source_of));
  }
  return def;
}

}  // namespace blueshift::sql

namespace blueshift::sql {

// The parent's column names, types, NOT NULL, encodings (and DEFAULTs with INCLUDING DEFAULTS), its
// distribution, sort key and BACKUP; not its constraints.
Result<TableDef> Binder::BindCreateTableLike(const CreateTableStmt& stmt) {
  ASSIGN_OR_RETURN(auto parent, ResolveTable(*stmt.like));
  if (!stmt.columns.empty() || !stmt.constraints.empty())
    return ErrorAt(Status(ErrorCode::kFeatureNotSupported, "LIKE together with other columns is not supported"),
                   stmt.location);
  TableDef def;
  ASSIGN_OR_RETURN(def.schema, stmt.temp ? ResolveTempSchema(stmt.name) : ResolveSchemaForCreate(stmt.name));
  def.name = stmt.name.name().substr(0, 127);
  def.temporary = stmt.temp;
  for (const auto& pc : parent->columns) {
    blueshift::ColumnDef col = pc;
    if (!stmt.like_including_defaults) col.default_sql.clear();
    if (col.identity && !stmt.like_including_defaults) col.identity.reset();
    def.columns.push_back(std::move(col));
  }
  def.dist_style = parent->dist_style;
  def.dist_key = parent->dist_key;
  def.sort_style = parent->sort_style;
  def.sort_keys = parent->sort_keys;
  def.encode_auto = parent->encode_auto;
  def.backup = parent->backup;
  // Redshift: they are inherited and "you cannot explicitly set them in the CREATE TABLE ... LIKE statement".
  const TableAttributes& a = stmt.attributes;
  if (a.backup || a.diststyle != DistStyle::kUnspecified || !a.distkey.empty() ||
      a.sortkey_kind != SortKeyKind::kUnspecified)
    return ErrorAt(Status(ErrorCode::kFeatureNotSupported,
                          "DISTSTYLE, DISTKEY, SORTKEY and BACKUP cannot be set in CREATE TABLE ... LIKE: they are "
                          "inherited from \"" +
                              parent->name + "\""),
                   stmt.location);
  return def;
}

}  // namespace blueshift::sql
