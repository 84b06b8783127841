#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "server/message_reader.h"
#include "server/message_writer.h"
#include "server/query_engine.h"
#include "server/wire_sink.h"

namespace blueshift::server {

// ExtendedQuery is one connection's extended-protocol state: its prepared statements and portals, and
// the handlers for Parse, Bind, Describe, Execute and Close (docs/format/wire.md). Handlers append their
// replies to the writer and return the first error; the connection then sends ErrorResponse and skips
// messages until Sync. Sync itself, Flush and the skipping are the connection's. One thread.
class ExtendedQuery {
 public:
  ExtendedQuery(EngineSession* session, MessageWriter* w) : session_(session), w_(w) {}

  // REQUIRES: message.type is one of P, B, D, E, C. sync_follows: the client's next message is Sync.
  Status Handle(const Message& message, bool sync_follows);
  // At Sync: portals do not outlive the transaction that made them.
  void EndOfUnit();
  // A simple Query drops the unnamed statement and portal, as in PostgreSQL.
  void DropUnnamed();

 private:
  struct Portal {
    std::shared_ptr<EngineStatement> statement;
    std::vector<Value> params;
    std::vector<int16_t> formats;
    std::unique_ptr<RowBuffer> buffer;  // set while a max_rows Execute left rows to fetch
    bool done = false;
  };

  Status Parse(PayloadReader* in);
  Status Bind(PayloadReader* in);
  Status Describe(PayloadReader* in);
  Status Execute(PayloadReader* in, bool sync_follows);
  Status Close(PayloadReader* in);
  Status RunPortal(Portal* portal, int32_t max_rows, bool sync_follows);
  void EmitBuffered(Portal* portal, int32_t max_rows);
  Result<std::shared_ptr<EngineStatement>> FindStatement(const std::string& name) const;
  Result<Portal*> FindPortal(const std::string& name);

  EngineSession* session_;
  MessageWriter* w_;
  std::map<std::string, std::shared_ptr<EngineStatement>> statements_;
  // The parameter type OIDs each statement's Parse declared: binary parameters are in those types' forms.
  std::map<std::string, std::vector<int32_t>> declared_oids_;
  std::map<std::string, Portal> portals_;
};

}  // namespace blueshift::server
