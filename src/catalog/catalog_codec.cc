#include "catalog/catalog_codec.h"

#include <utility>

#include "catalog/security_codec.h"

namespace blueshift {
namespace {

// Version 2 added the type ids TIMESTAMPTZ (12) and TIME (13); version 3 appends the security section;
// version 4 appends the views after it; version 5 records where an AUTO table's rows are placed; version 6
// appends the databases after the views; version 7 adds the type id VARBYTE (14); version 8 stores the constraints'
// oids; version 9 the pg_attrdef oid of each column with a DEFAULT or IDENTITY; version 10 adds the type ids TIMETZ
// (15), INTERVAL YEAR TO MONTH (16) and INTERVAL DAY TO SECOND (17); version 11 appends the SQL user-defined
// functions after the databases (and privilege object kind 4, languages); version 12 records, for each relation a
// regular view reads, how many columns a table had when the view was created. Versions 1 to 11 still decode (with the
// bootstrap users and grants before 3, with no views before 4, with AUTO tables placed as EVEN before 5, with the
// bootstrap database list — dev, SERIALIZABLE — before 6, with constraint oids handed out on load before 8 and
// default oids before 9, with no functions and USAGE ON LANGUAGE sql granted to PUBLIC before 11, with no
// recorded column counts, so a view's * shows the columns its query gives now, before 12).
constexpr uint32_t kCatalogFormatVersion = 12;
constexpr uint32_t kOldestCatalogFormatVersion = 1;
constexpr uint32_t kFirstVersionWithSecurity = 3;
constexpr uint32_t kFirstVersionWithViews = 4;
constexpr uint32_t kFirstVersionWithAutoPlacement = 5;
constexpr uint32_t kFirstVersionWithDatabases = 6;
constexpr uint32_t kFirstVersionWithConstraintOids = 8;
constexpr uint32_t kFirstVersionWithDefaultOids = 9;
constexpr uint32_t kFirstVersionWithFunctions = 11;
constexpr uint32_t kFirstVersionWithStarColumns = 12;

Status Corrupt(const std::string& what) {
  return Status(ErrorCode::kDataCorrupted, "catalog in manifest is corrupted: " + what);
}

void PutIntList(const std::vector<int>& v, ByteWriter* w) {
  w->U32(static_cast<uint32_t>(v.size()));
  for (int x : v) w->I32(x);
}

std::vector<int> GetIntList(ByteReader* r) {
  uint32_t n = r->U32();
  std::vector<int> v;
  if (!r->CanHold(n, 4)) return v;
  for (uint32_t i = 0; i < n; i++) v.push_back(r->I32());
  return v;
}

void PutColumn(const ColumnDef& c, ByteWriter* w) {
  w->String(c.name);
  EncodeLogicalType(c.type, w);
  w->Bool(c.not_null);
  w->String(c.default_sql);
  w->Bool(c.identity.has_value());
  if (c.identity) {
    w->I64(c.identity->seed);
    w->I64(c.identity->step);
    w->Bool(c.identity->generated_by_default);
  }
  w->U8(static_cast<uint8_t>(c.encoding));
  w->Bool(c.encoding_explicit);
  w->Bool(c.case_insensitive);
  if (c.HasDefault()) w->U32(c.default_oid);
}

void PutTable(const TableDef& t, ByteWriter* w) {
  w->U32(t.oid);
  w->U32(t.schema_oid);
  w->String(t.schema);
  w->String(t.name);
  w->U32(static_cast<uint32_t>(t.columns.size()));
  for (const auto& c : t.columns) PutColumn(c, w);
  w->U8(static_cast<uint8_t>(t.dist_style));
  w->I32(t.dist_key);
  w->U8(static_cast<uint8_t>(t.auto_dist));
  w->U8(static_cast<uint8_t>(t.sort_style));
  PutIntList(t.sort_keys, w);
  w->Bool(t.encode_auto);
  w->Bool(t.backup);
  w->Bool(t.temporary);
  PutIntList(t.primary_key, w);
  if (!t.primary_key.empty()) w->U32(t.primary_key_oid);
  w->U32(static_cast<uint32_t>(t.unique_keys.size()));
  for (size_t i = 0; i < t.unique_keys.size(); i++) {
    PutIntList(t.unique_keys[i], w);
    w->U32(i < t.unique_key_oids.size() ? t.unique_key_oids[i] : 0);
  }
  w->U32(static_cast<uint32_t>(t.foreign_keys.size()));
  for (const auto& fk : t.foreign_keys) {
    w->U32(fk.oid);
    PutIntList(fk.columns, w);
    w->String(fk.ref_schema);
    w->String(fk.ref_table);
    w->U32(static_cast<uint32_t>(fk.ref_columns.size()));
    for (const auto& rc : fk.ref_columns) w->String(rc);
  }
  w->String(t.owner);
}

void PutStrings(const std::vector<std::string>& v, ByteWriter* w) {
  w->U32(static_cast<uint32_t>(v.size()));
  for (const auto& x : v) w->String(x);
}

Result<std::vector<std::string>> GetStrings(ByteReader* r) {
  uint32_t n = r->U32();
  if (!r->CanHold(n, 4)) return Corrupt("truncated");
  std::vector<std::string> v;
  for (uint32_t i = 0; i < n; i++) v.emplace_back(r->String());
  return v;
}

void PutView(const ViewDef& v, ByteWriter* w) {
  w->U32(v.oid);
  w->U32(v.schema_oid);
  w->String(v.schema);
  w->String(v.name);
  w->String(v.owner);
  w->String(v.query_sql);
  PutStrings(v.column_names, w);
  w->Bool(v.late_binding);
  PutStrings(v.result_names, w);
  for (const auto& t : v.result_types) EncodeLogicalType(t, w);
  w->U32(static_cast<uint32_t>(v.depends_on.size()));
  for (Oid d : v.depends_on) w->U32(d);
  for (size_t i = 0; i < v.depends_on.size(); i++) w->U32(i < v.star_columns.size() ? v.star_columns[i] : 0);
}

Result<ViewDef> GetView(ByteReader* r, uint32_t version) {
  ViewDef v;
  v.oid = r->U32();
  v.schema_oid = r->U32();
  v.schema = std::string(r->String());
  v.name = std::string(r->String());
  v.owner = std::string(r->String());
  v.query_sql = std::string(r->String());
  ASSIGN_OR_RETURN(v.column_names, GetStrings(r));
  v.late_binding = r->Bool();
  ASSIGN_OR_RETURN(v.result_names, GetStrings(r));
  for (size_t i = 0; i < v.result_names.size(); i++) {
    ASSIGN_OR_RETURN(auto t, DecodeLogicalType(r));
    v.result_types.push_back(t);
  }
  uint32_t nd = r->U32();
  if (!r->CanHold(nd, 4)) return Corrupt("truncated");
  for (uint32_t i = 0; i < nd; i++) v.depends_on.push_back(r->U32());
  if (version >= kFirstVersionWithStarColumns) {
    for (uint32_t i = 0; i < nd; i++) v.star_columns.push_back(r->U32());
  }
  if (!r->ok()) return Corrupt("truncated");
  return v;
}

void PutFunction(const FunctionDef& f, ByteWriter* w) {
  w->U32(f.oid);
  w->U32(f.schema_oid);
  w->String(f.schema);
  w->String(f.name);
  w->String(f.owner);
  w->U32(static_cast<uint32_t>(f.arg_types.size()));
  for (const auto& t : f.arg_types) EncodeLogicalType(t, w);
  EncodeLogicalType(f.return_type, w);
  w->U8(static_cast<uint8_t>(f.volatility));
  w->String(f.body_sql);
}

Result<FunctionDef> GetFunction(ByteReader* r) {
  FunctionDef f;
  f.oid = r->U32();
  f.schema_oid = r->U32();
  f.schema = std::string(r->String());
  f.name = std::string(r->String());
  f.owner = std::string(r->String());
  uint32_t n = r->U32();
  if (!r->CanHold(n, 9)) return Corrupt("truncated");
  for (uint32_t i = 0; i < n; i++) {
    ASSIGN_OR_RETURN(auto t, DecodeLogicalType(r));
    f.arg_types.push_back(t);
  }
  ASSIGN_OR_RETURN(f.return_type, DecodeLogicalType(r));
  uint8_t volatility = r->U8();
  if (volatility > static_cast<uint8_t>(Volatility::kImmutable)) return Corrupt("unknown function volatility");
  f.volatility = static_cast<Volatility>(volatility);
  f.body_sql = std::string(r->String());
  if (!r->ok()) return Corrupt("truncated");
  return f;
}

Result<ColumnDef> GetColumn(ByteReader* r, uint32_t version) {
  ColumnDef c;
  c.name = std::string(r->String());
  ASSIGN_OR_RETURN(c.type, DecodeLogicalType(r));
  c.not_null = r->Bool();
  c.default_sql = std::string(r->String());
  if (r->Bool()) {
    IdentitySpec id;
    id.seed = r->I64();
    id.step = r->I64();
    id.generated_by_default = r->Bool();
    c.identity = id;
  }
  uint8_t enc = r->U8();
  if (enc > static_cast<uint8_t>(Encoding::kZstd)) return Corrupt("unknown encoding " + std::to_string(enc));
  c.encoding = static_cast<Encoding>(enc);
  c.encoding_explicit = r->Bool();
  c.case_insensitive = r->Bool();
  if (version >= kFirstVersionWithDefaultOids && c.HasDefault()) c.default_oid = r->U32();
  return c;
}

bool IndicesValid(const std::vector<int>& v, size_t n) {
  for (int x : v) {
    if (x < 0 || static_cast<size_t>(x) >= n) return false;
  }
  return true;
}

Status ValidateTable(const TableDef& t) {
  size_t n = t.columns.size();
  bool ok = IndicesValid(t.sort_keys, n) && IndicesValid(t.primary_key, n) &&
            (t.dist_key == -1 || (t.dist_key >= 0 && static_cast<size_t>(t.dist_key) < n));
  if (t.Placement() == DistStyle::kKey) ok = ok && t.dist_key >= 0;
  for (const auto& k : t.unique_keys) ok = ok && IndicesValid(k, n);
  for (const auto& fk : t.foreign_keys) ok = ok && IndicesValid(fk.columns, n);
  if (!ok) return Corrupt("column index out of range in table \"" + t.name + "\"");
  return Status::OK();
}

// Before version 8 constraints had no oids: the decoder assigns them (Catalog::AssignConstraintOids).
Status GetConstraints(ByteReader* r, uint32_t version, TableDef* t) {
  bool oids = version >= kFirstVersionWithConstraintOids;
  t->primary_key = GetIntList(r);
  if (oids && !t->primary_key.empty()) t->primary_key_oid = r->U32();
  uint32_t nu = r->U32();
  if (!r->CanHold(nu, 4)) return Corrupt("truncated");
  for (uint32_t i = 0; i < nu; i++) {
    t->unique_keys.push_back(GetIntList(r));
    t->unique_key_oids.push_back(oids ? r->U32() : 0);
  }
  uint32_t nf = r->U32();
  if (!r->CanHold(nf, 16)) return Corrupt("truncated");
  for (uint32_t i = 0; i < nf; i++) {
    ForeignKeyDef fk;
    if (oids) fk.oid = r->U32();
    fk.columns = GetIntList(r);
    fk.ref_schema = std::string(r->String());
    fk.ref_table = std::string(r->String());
    uint32_t nc = r->U32();
    if (!r->CanHold(nc, 4)) return Corrupt("truncated");
    for (uint32_t k = 0; k < nc; k++) fk.ref_columns.emplace_back(r->String());
    t->foreign_keys.push_back(std::move(fk));
  }
  return Status::OK();
}

Result<TableDef> GetTable(ByteReader* r, uint32_t version) {
  TableDef t;
  t.oid = r->U32();
  t.schema_oid = r->U32();
  t.schema = std::string(r->String());
  t.name = std::string(r->String());
  uint32_t ncols = r->U32();
  if (!r->CanHold(ncols, 20)) return Corrupt("truncated");
  for (uint32_t i = 0; i < ncols; i++) {
    ASSIGN_OR_RETURN(ColumnDef c, GetColumn(r, version));
    t.columns.push_back(std::move(c));
  }
  uint8_t dist = r->U8();
  t.dist_key = r->I32();
  // Before version 5 an AUTO table's rows were placed as EVEN.
  uint8_t auto_dist = version >= kFirstVersionWithAutoPlacement ? r->U8() : static_cast<uint8_t>(DistStyle::kEven);
  uint8_t sort = r->U8();
  if (dist > static_cast<uint8_t>(DistStyle::kAll) || auto_dist > static_cast<uint8_t>(DistStyle::kAll) ||
      auto_dist == static_cast<uint8_t>(DistStyle::kAuto) || sort > static_cast<uint8_t>(SortStyle::kInterleaved)) {
    return Corrupt("unknown distribution or sort style in table \"" + t.name + "\"");
  }
  t.dist_style = static_cast<DistStyle>(dist);
  t.auto_dist = static_cast<DistStyle>(auto_dist);
  t.sort_style = static_cast<SortStyle>(sort);
  t.sort_keys = GetIntList(r);
  t.encode_auto = r->Bool();
  t.backup = r->Bool();
  t.temporary = r->Bool();
  RETURN_IF_ERROR(GetConstraints(r, version, &t));
  t.owner = std::string(r->String());
  if (!r->ok()) return Corrupt("truncated");
  RETURN_IF_ERROR(ValidateTable(t));
  return t;
}

}  // namespace

void EncodeLogicalType(const LogicalType& type, ByteWriter* out) {
  out->U8(static_cast<uint8_t>(type.id()));
  bool has_length = type.IsString() || type.IsVarbyte();
  if (type.IsInterval()) {
    out->I32(static_cast<int32_t>(type.interval_fields()));
    out->I32(type.id() == TypeId::kIntervalDS ? type.interval_precision() : 0);
    return;
  }
  out->I32(has_length ? type.length() : type.id() == TypeId::kDecimal ? type.precision() : 0);
  out->I32(type.id() == TypeId::kDecimal ? type.scale() : 0);
}

Result<LogicalType> DecodeLogicalType(ByteReader* in) {
  uint8_t id = in->U8();
  int32_t a = in->I32();
  int32_t b = in->I32();
  if (!in->ok()) return Corrupt("truncated type");
  switch (static_cast<TypeId>(id)) {
    case TypeId::kDecimal:
      if (a < 1 || a > LogicalType::kMaxDecimalPrecision || b < 0 || b > a) break;
      return LogicalType::Decimal(a, b);
    case TypeId::kChar:
      if (a < 0 || a > LogicalType::kMaxCharLength) break;
      return LogicalType::Char(a);
    case TypeId::kVarchar:
      if (a < 0 || a > LogicalType::kMaxVarcharLength) break;
      return LogicalType::Varchar(a);
    case TypeId::kVarbyte:
      if (a < 1 || a > LogicalType::kMaxVarbyteLength) break;
      return LogicalType::Varbyte(a);
    case TypeId::kTimeTz:
      return LogicalType::TimeTz();
    case TypeId::kIntervalYM:
    case TypeId::kIntervalDS: {
      LogicalType t = LogicalType::Interval(static_cast<IntervalFields>(a), b);
      if (a < 1 || a > static_cast<int>(IntervalFields::kMinuteToSecond) || b < 0 ||
          b > LogicalType::kMaxIntervalPrecision || t.id() != static_cast<TypeId>(id))
        break;
      return t;
    }
    case TypeId::kInterval:
      break;  // never stored
    default:
      if (id > static_cast<uint8_t>(TypeId::kVarbyte)) break;
      return LogicalType(static_cast<TypeId>(id));
  }
  return Corrupt("bad type (id " + std::to_string(id) + ", " + std::to_string(a) + ", " + std::to_string(b) + ")");
}

std::string EncodeCatalog(const Catalog& catalog) {
  ByteWriter w;
  w.U32(kCatalogFormatVersion);
  w.U32(catalog.next_oid());
  auto schemas = catalog.Schemas();
  w.U32(static_cast<uint32_t>(schemas.size()));
  for (const SchemaDef* s : schemas) {
    w.U32(s->oid);
    w.String(s->name);
    w.String(s->owner);
  }
  auto tables = catalog.Tables();
  w.U32(static_cast<uint32_t>(tables.size()));
  for (const auto& t : tables) PutTable(*t, &w);
  EncodeSecurity(catalog.security(), &w);
  auto views = catalog.Views();
  w.U32(static_cast<uint32_t>(views.size()));
  for (const auto& v : views) PutView(*v, &w);
  w.U32(static_cast<uint32_t>(catalog.databases().size()));
  for (const auto& [name, d] : catalog.databases()) {
    w.U32(d.oid);
    w.String(d.name);
    w.String(d.owner);
    w.I32(d.connection_limit);
    w.U8(static_cast<uint8_t>(d.isolation));
  }
  auto functions = catalog.Functions();
  w.U32(static_cast<uint32_t>(functions.size()));
  for (const auto& f : functions) PutFunction(*f, &w);
  return w.Release();
}

Result<Catalog> DecodeCatalog(std::string_view bytes) {
  ByteReader r(bytes);
  uint32_t version = r.U32();
  if (r.ok() && (version < kOldestCatalogFormatVersion || version > kCatalogFormatVersion))
    return Corrupt("unknown format version " + std::to_string(version));
  Catalog c;
  c.set_next_oid(r.U32());
  uint32_t ns = r.U32();
  if (!r.CanHold(ns, 12)) return Corrupt("truncated");
  for (uint32_t i = 0; i < ns; i++) {
    SchemaDef s;
    s.oid = r.U32();
    s.name = std::string(r.String());
    s.owner = std::string(r.String());
    c.PutSchema(std::move(s));
  }
  uint32_t nt = r.U32();
  if (!r.CanHold(nt, 32)) return Corrupt("truncated");
  for (uint32_t i = 0; i < nt; i++) {
    ASSIGN_OR_RETURN(TableDef t, GetTable(&r, version));
    if (version < kFirstVersionWithDefaultOids) c.AssignConstraintOids(&t);
    c.PutTable(std::make_shared<const TableDef>(std::move(t)));
  }
  if (version >= kFirstVersionWithSecurity) {
    ASSIGN_OR_RETURN(c.MutableSecurity(), DecodeSecurity(&r));
  } else {
    c.MutableSecurity() = Catalog::Bootstrap().security();
  }
  uint32_t nv = version >= kFirstVersionWithViews ? r.U32() : 0;
  if (!r.CanHold(nv, 32)) return Corrupt("truncated");
  for (uint32_t i = 0; i < nv; i++) {
    ASSIGN_OR_RETURN(ViewDef v, GetView(&r, version));
    c.PutView(std::make_shared<const ViewDef>(std::move(v)));
  }
  if (version >= kFirstVersionWithDatabases) {
    uint32_t nd = r.U32();
    if (!r.CanHold(nd, 17)) return Corrupt("truncated");
    for (uint32_t i = 0; i < nd; i++) {
      DatabaseDef d;
      d.oid = r.U32();
      d.name = std::string(r.String());
      d.owner = std::string(r.String());
      d.connection_limit = r.I32();
      uint8_t level = r.U8();
      if (level > static_cast<uint8_t>(IsolationLevel::kSnapshot)) return Corrupt("unknown isolation level");
      d.isolation = static_cast<IsolationLevel>(level);
      c.PutDatabase(std::move(d));
    }
  } else {
    c.PutDatabase(Catalog::DefaultDatabase());
  }
  if (version >= kFirstVersionWithFunctions) {
    uint32_t nf = r.U32();
    if (!r.CanHold(nf, 40)) return Corrupt("truncated");
    for (uint32_t i = 0; i < nf; i++) {
      ASSIGN_OR_RETURN(FunctionDef f, GetFunction(&r));
      c.PutFunction(std::make_shared<const FunctionDef>(std::move(f)));
    }
  } else {
    Catalog::GrantSqlLanguageToPublic(&c.MutableSecurity());
  }
  if (!r.ok()) return Corrupt("truncated");
  if (r.remaining() != 0) return Corrupt("trailing bytes");
  return c;
}

}  // namespace blueshift
