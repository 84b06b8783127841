#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/table_def.h"
#include "exec/physical_operator.h"
#include "exec/query_profile.h"
#include "plan/logical_operator.h"
#include "sql/ast.h"
#include "sql/statement_shape.h"

namespace blueshift {

class Catalog;

// A session's INSERT ... VALUES statements, bound and planned once per shape (sql/statement_shape.h) or per
// prepared statement: an application's single-row INSERTs in autocommit differ only in their literals or
// parameters, and parsing, binding and planning each one again cost more server CPU than writing its row. An entry is
// used only while the statement sees the catalog version it was bound against (held, so never a reused pointer: DDL and
// GRANT make a new one), with the same search_path and user (and parameter types); the items are its
// literals or parameters, each cast to its column at every run as binding casts it
// (Binder::LiteralForColumn, Binder::ConstantForColumn), so errors and values are the same.
// One session's; not thread-safe.
class InsertShapeCache {
 public:
  struct Entry {
    std::string key;  // StatementShape::key
    std::shared_ptr<const Catalog> catalog;
    std::string search_path;
    std::string user;
    // The statement parsed from the first text of the shape: what its locks and the activity log read
    // (its literals are that text's).
    std::shared_ptr<const sql::Statement> statement;
    int text_begin = 0;  // the statement's text within the message: [text_begin, size - text_tail)
    size_t text_tail = 0;
    std::shared_ptr<const TableDef> table;
    LogicalOperatorPtr plan;  // Insert <- Projection <- Values; the physical plan was made from it
    PhysicalOperatorPtr physical;
    // The steps of `physical`'s one pipeline, described (QueryProfile::Seal) and not run: each run's
    // profile starts as a copy (QueryProfile::CopySealed).
    std::unique_ptr<QueryProfile> steps;
    // A prepared statement's entry instead (key empty): the statement, held by `holder`, and the types of
    // the parameters it was bound with.
    const sql::Statement* prepared = nullptr;
    std::shared_ptr<const void> holder;
    std::vector<LogicalType> param_types;
    std::vector<LogicalType> types;        // the VALUES rows' types (the table's columns)
    std::vector<std::vector<Value>> rows;  // the bound rows; the cells of `slots` are set at each run
    // A cell set at each run: from literal `item` of the shape, or from parameter `item` (0-based), which
    // is at `location` in the text.
    struct Slot {
      int row = 0;
      int column = 0;
      int item = 0;
      int location = -1;
    };
    std::vector<Slot> slots;
  };

  // The entry of this shape, or null.
  const Entry* Find(std::string_view key) const;
  // The entry of this prepared statement, or null.
  const Entry* FindPrepared(const sql::Statement* statement) const;
  // Adds an entry, replacing one of the same key; the oldest goes beyond kEntries.
  void Add(std::unique_ptr<Entry> entry);

  static constexpr size_t kEntries = 8;

 private:
  std::vector<std::unique_ptr<Entry>> entries_;  // newest first
};

// The prepared statement Session::Execute runs, for StatementRunner::RunInsert: its parsed statement and
// what holds it.
struct PreparedInsert {
  const sql::Statement* statement = nullptr;
  std::shared_ptr<const void> holder;
};

// The single INSERT of a shape that Session::ExecuteSimple runs, for StatementRunner::RunInsert.
struct ShapedInsert {
  std::string_view text;  // the whole message; literal locations are in it
  const sql::StatementShape* shape = nullptr;
  const InsertShapeCache::Entry* cached = nullptr;  // null: bound as usual, and cached when it qualifies
  std::shared_ptr<const sql::Statement> statement;  // what runs: the entry's, or parsed from `text`
};

}  // namespace blueshift
