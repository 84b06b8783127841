#include "system/show_objects.h"

#include "function/like_pattern.h"
#include "system/system_table_builder.h"

namespace blueshift {

namespace {

struct ListingInfo {
  const char* table;   // the SVV view whose rows the listing shows
  size_t name_column;  // what LIKE matches: database, schema, table or column name
  size_t max_path;     // dotted names after FROM ..., the database included
};

ListingInfo Info(ShowListing listing) {
  switch (listing) {
    case ShowListing::kDatabases:
      return {"svv_redshift_databases", 0, 0};
    case ShowListing::kSchemas:
      return {"svv_all_schemas", 1, 1};
    case ShowListing::kTables:
      return {"svv_all_tables", 2, 2};
    case ShowListing::kFunctions:
      return {nullptr, 2, 2};
    case ShowListing::kColumns:
      break;
  }
  return {"svv_all_columns", 3, 3};
}

const SystemTable& ListingTable(ShowListing listing) {
  const SystemTable* t = FindSystemTable("pg_catalog", Info(listing).table);
  return *t;  // defined with the other SVV views (svv_all_views.cc)
}

// The database, schema and table the path names; the database defaults to the connected one.
struct Target {
  std::string database, schema, table;
};

Result<Target> ResolveTarget(const ShowRequest& r, const SystemContext& ctx) {
  Target t;
  std::vector<std::string> path = r.path;
  if (path.size() < Info(r.listing).max_path) path.insert(path.begin(), ctx.database);
  if (!path.empty()) t.database = path[0];
  if (path.size() > 1) t.schema = path[1];
  if (path.size() > 2) t.table = path[2];
  if (!t.database.empty() && t.database != ctx.database) {
    if (ctx.catalog->FindDatabase(t.database) == nullptr)
      return Status(ErrorCode::kInvalidCatalogName, "database \"" + t.database + "\" does not exist");
    return Status(ErrorCode::kFeatureNotSupported, "cannot list the objects of database \"" + t.database +
                                                       "\" from database \"" + ctx.database +
                                                       "\": a server serves the objects of one database");
  }
  if (!t.schema.empty()) RETURN_IF_ERROR(ctx.catalog->GetSchema(t.schema).status());
  if (!t.table.empty() && ctx.catalog->FindTable(t.schema, t.table) == nullptr &&
      ctx.catalog->FindView(t.schema, t.table) == nullptr)
    return Status(ErrorCode::kUndefinedTable, "relation \"" + t.schema + "." + t.table + "\" does not exist");
  return t;
}

}  // namespace

std::vector<std::pair<std::string, LogicalType>> ShowColumns(ShowListing listing) {
  std::vector<std::pair<std::string, LogicalType>> out;
  if (listing == ShowListing::kFunctions) {
    for (const auto& c : system_internal::FunctionListingColumns()) out.emplace_back(c.name, c.type);
    return out;
  }
  for (const ColumnDef& c : ListingTable(listing).def->columns) out.emplace_back(c.name, c.type);
  if (listing == ShowListing::kDatabases) out[4].first = "parameters";  // SVV_REDSHIFT_DATABASES' database_options
  return out;
}

Status ShowRows(const ShowRequest& request, const SystemContext& ctx, std::vector<SystemRow>* rows) {
  ASSIGN_OR_RETURN(Target target, ResolveTarget(request, ctx));
  std::optional<LikePattern> like;
  if (request.like) {
    ASSIGN_OR_RETURN(LikePattern p, LikePattern::Compile(*request.like, "", false));
    like = std::move(p);
  }
  std::vector<SystemRow> all;
  if (request.listing == ShowListing::kFunctions) {
    RETURN_IF_ERROR(system_internal::FunctionListingRows(ctx, &all));
  } else {
    RETURN_IF_ERROR(ListingTable(request.listing).rows(ctx, &all));
  }
  const std::string* wanted[] = {&target.database, &target.schema, &target.table};
  size_t name_column = Info(request.listing).name_column;
  for (SystemRow& row : all) {
    if (request.limit && static_cast<int64_t>(rows->size()) >= *request.limit) break;
    bool keep = true;
    for (size_t i = 0; i < name_column && i < 3; i++) keep = keep && row[i].GetString() == *wanted[i];
    if (keep && like) keep = like->Matches(row[name_column].GetString());
    if (keep) rows->push_back(std::move(row));
  }
  return Status::OK();
}

}  // namespace blueshift
