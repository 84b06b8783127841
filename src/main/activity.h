#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "main/analyze_log.h"
#include "main/step_log.h"
#include "storage/vacuum.h"
#include "util/byte_stream.h"
#include "util/status.h"

namespace blueshift {

class Session;

// Microseconds since the Unix epoch, the unit of every time in the logs.
int64_t WallClockMicros();

// How Redshift files a statement in its logs: queries (SELECT, DML, COPY, UNLOAD, ...) go to STL_QUERY,
// DDL to STL_DDLTEXT, everything else (transaction control, SET, SHOW, CANCEL, ...) to STL_UTILITYTEXT;
// SVL_STATEMENTTEXT has all three.
enum class StatementClass : uint8_t { kQuery = 0, kDdl = 1, kUtility = 2 };

// One statement, running or finished.
struct StatementRecord {
  int64_t query = 0;  // STL_QUERY.query; 0 for DDL and utility statements
  int64_t xid = 0;
  int32_t pid = 0;
  int32_t userid = 0;
  std::string user;
  std::string database;
  std::string label;  // the session's query_group, 'default' when unset
  std::string text;   // the statement's text, at most kMaxTextBytes
  int64_t start_us = 0;
  int64_t end_us = 0;  // 0 while running
  StatementClass kind = StatementClass::kUtility;
  bool aborted = false;
  // Reads no user table (only catalog and system tables, or none): runs on the leader alone, so Redshift
  // leaves it out of STL_QUERY, SVL_QLOG and STV_INFLIGHT.
  bool leader_only = false;
};

// One line of STL_CONNECTION_LOG.
struct ConnectionEvent {
  std::string event;  // "initiating session", "authenticated", "disconnecting session"
  int64_t time_us = 0;
  std::string remote_host;
  std::string remote_port;
  int32_t pid = 0;
  std::string database;
  std::string user;
  std::string auth_method;
  int64_t duration_us = 0;  // for "disconnecting session": how long the session lasted
  std::string ssl_version;
  std::string application_name;
};

// An open session as STV_SESSIONS shows it.
struct SessionEntry {
  int32_t pid = 0;
  int64_t start_us = 0;
  std::string user;
  std::string database;
  int32_t timeout_sec = 0;
};

struct ActivityOptions {
  std::string dir;                                   // where history lives; empty keeps it in memory only
  int64_t retention_us = 7LL * 24 * 3600 * 1000000;  // history older than this is forgotten
  size_t max_records = 200000;                       // and at most this many statements/events are kept
};

// Activity is what the server is doing and has done: open sessions, running statements and the history of
// finished ones and of connections, behind STV_SESSIONS, STV_INFLIGHT, STV_RECENTS, STL_QUERY, SVL_QLOG,
// STL_QUERYTEXT, SVL_STATEMENTTEXT, STL_DDLTEXT, STL_UTILITYTEXT and STL_CONNECTION_LOG. History is appended
// to a log file (docs/format/history.md) and survives restarts for the retention period. Query ids and
// transaction ids are handed out here, unique across restarts. Thread-safe.
class Activity {
 public:
  static constexpr size_t kMaxTextBytes = 100000;

  static Result<std::unique_ptr<Activity>> Open(const ActivityOptions& options);
  ~Activity();

  int64_t NextXid();

  // Sessions. REQUIRES: a session is added once and removed before it is destroyed.
  void SessionStarted(Session* session, const SessionEntry& entry, const ConnectionEvent& connect);
  void SessionEnded(Session* session);
  // SET SESSION AUTHORIZATION: STV_SESSIONS shows the session under its new user.
  void SessionUserChanged(Session* session, const std::string& user);
  std::vector<SessionEntry> Sessions() const;
  // Asks the statement running in session `pid` to stop (CANCEL, PG_CANCEL_BACKEND), with `message` as
  // its error when not empty. 42704 when no session has that pid; 42501 when `requester` is not a superuser
  // and the session belongs to another user (users cancel only their own queries).
  Status CancelSession(int32_t pid, const std::string& message, const std::string& requester, bool superuser);
  // Whether `requester` may cancel or terminate session `pid`: superusers any, others only their own
  // (42501). OK when no session has that pid (the caller reports that in its own words).
  Status MaySignal(int32_t pid, const std::string& requester, bool superuser) const;

  // Statements. StatementStarted gives a query id to a kQuery record (record.query) and returns a handle
  // for the other calls.
  int64_t StatementStarted(StatementRecord record);
  void MarkLeaderOnly(int64_t handle);
  void StatementFinished(int64_t handle, bool aborted);
  int64_t QueryIdOf(int64_t handle) const;
  int64_t XidOf(int64_t handle) const;  // the running statement's transaction id (STL_QUERY.xid)
  // A running statement's query id, transaction id and user id (0s for an unknown handle), in one lookup.
  struct Ids {
    int64_t query = 0;
    int64_t xid = 0;
    int32_t userid = 0;
  };
  Ids IdsOf(int64_t handle) const;

  // What the system views read: running statements (in start order) and finished ones (oldest first).
  std::vector<StatementRecord> Running() const;
  std::vector<StatementRecord> History() const;
  std::vector<ConnectionEvent> Connections() const;

  // The steps of the latest queries (STL_SCAN, SVL_QUERY_SUMMARY), kept for the same retention.
  StepLog& steps() { return steps_; }
  const StepLog& steps() const { return steps_; }
  static constexpr size_t kMaxStepRows = 200000;

  // The ANALYZE operations (STL_ANALYZE), kept for the same retention; RecordAnalyze files one and
  // appends it to the history log.
  const AnalyzeLog& analyze_log() const { return analyze_log_; }
  void RecordAnalyze(AnalyzeEvent e);
  static constexpr size_t kMaxAnalyzeEvents = 100000;
  // The VACUUM history of each database's store (STL_VACUUM), kept in the history log for the same
  // retention: `store` is "" for the root and the directory name (its oid) for another database. A store
  // opening takes its history back with VacuumHistory and reports new events to RecordVacuum.
  void RecordVacuum(const std::string& store, const storage::VacuumEvent& e);
  std::vector<storage::VacuumEvent> VacuumHistory(const std::string& store) const;

 private:
  explicit Activity(ActivityOptions options) : options_(std::move(options)) {}
  Status Load();
  // Appends one encoded record to the log; history is best effort and never fails a statement. Records
  // are buffered and written together (one write(2) a flush): by the flusher thread every kFlushInterval,
  // at once when kFlushBytes are waiting, and when the Activity closes.
  void AppendLocked(const std::string& payload);
  // The same, the record written by put(ByteWriter&) straight into the buffer.
  template <typename Put>
  void AppendLocked(Put put);
  void FlushLocked();
  void RunFlusher();
  static constexpr std::chrono::milliseconds kFlushInterval{100};
  static constexpr size_t kFlushBytes = 64 * 1024;
  // Drops what is past retention or beyond max_records; rewrites the log once half of its records are ones
  // dropped (counted across calls: at max_records every statement drops one).
  void PruneLocked(int64_t now_us);
  Status RewriteLocked();
  // Load's ANALYZE and VACUUM records; false for another tag or a damaged record.
  bool LoadMaintenance(uint8_t tag, ByteReader& r);
  void PruneVacuumsLocked(int64_t cutoff, std::deque<storage::VacuumEvent>* events);
  size_t LiveRecordsLocked() const;  // records a rewritten log would hold

  struct OpenSession {
    Session* session = nullptr;
    SessionEntry entry;
    ConnectionEvent connect;
  };

  const ActivityOptions options_;
  StepLog steps_{options_.retention_us, kMaxStepRows};
  AnalyzeLog analyze_log_{options_.retention_us, kMaxAnalyzeEvents};
  mutable std::mutex mu_;
  int log_fd_ = -1;
  size_t log_records_ = 0;  // records in the log file (or waiting in pending_), dropped ones included
  std::string pending_;     // framed records not written yet
  std::condition_variable flush_cv_;
  bool closing_ = false;
  std::thread flusher_;  // runs while the log is a file
  int64_t next_handle_ = 1;
  std::map<int32_t, OpenSession> sessions_;
  std::map<int64_t, StatementRecord> running_;  // by handle
  std::deque<StatementRecord> history_;
  std::deque<ConnectionEvent> connections_;
  std::map<std::string, std::deque<storage::VacuumEvent>> vacuums_;  // by store
  size_t vacuum_count_ = 0;
};

}  // namespace blueshift
