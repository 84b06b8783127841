#include "main/activity.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <cstring>

#include "main/lock_manager.h"
#include "main/session.h"
#include "util/byte_stream.h"
#include "util/crc32c.h"
#include "util/file.h"
#include "util/fixed_fields.h"
#include "util/query_id.h"

namespace blueshift {

namespace {

// docs/format/history.md: the file starts with a header record; every record is
// [u32 payload length][u32 crc32c of payload][payload], payload = [u8 tag][fields].
constexpr uint32_t kMagic = 0x54534842;  // "BHST"
constexpr uint32_t kVersion = 2;         // reads 1 (no analyze or vacuum records)
constexpr uint8_t kTagHeader = 0;
constexpr uint8_t kTagStatement = 1;
constexpr uint8_t kTagConnection = 2;
constexpr uint8_t kTagAnalyze = 3;
constexpr uint8_t kTagVacuum = 4;
constexpr char kFileName[] = "history.log";

std::string EncodeHeader() {
  ByteWriter w;
  w.U8(kTagHeader);
  w.U32(kMagic);
  w.U32(kVersion);
  return w.Release();
}

void PutStatement(const StatementRecord& r, ByteWriter& w) {
  // Every query's record: its fields stored into room made once, not appended one by one.
  FixedFields f(&w, 60 + r.user.size() + r.database.size() + r.label.size() + r.text.size());
  f.Put<uint8_t>(kTagStatement);
  f.Put<int64_t>(r.query);
  f.Put<int64_t>(r.xid);
  f.Put<int32_t>(r.pid);
  f.Put<int32_t>(r.userid);
  for (const std::string* s : {&r.user, &r.database, &r.label, &r.text}) {
    f.Put<uint32_t>(static_cast<uint32_t>(s->size()));
    f.Bytes(s->data(), s->size());
  }
  f.Put<int64_t>(r.start_us);
  f.Put<int64_t>(r.end_us);
  f.Put<uint8_t>(static_cast<uint8_t>(r.kind));
  f.Put<uint8_t>(r.aborted ? 1 : 0);
  f.Put<uint8_t>(r.leader_only ? 1 : 0);
}

std::string EncodeStatement(const StatementRecord& r) {
  ByteWriter w;
  // One allocation for the record: 54 bytes of fixed fields and the strings.
  w.mutable_data().reserve(64 + r.user.size() + r.database.size() + r.label.size() + r.text.size());
  PutStatement(r, w);
  return w.Release();
}

std::string EncodeConnection(const ConnectionEvent& e) {
  ByteWriter w;
  w.U8(kTagConnection);
  w.String(e.event);
  w.I64(e.time_us);
  w.String(e.remote_host);
  w.String(e.remote_port);
  w.I32(e.pid);
  w.String(e.database);
  w.String(e.user);
  w.String(e.auth_method);
  w.I64(e.duration_us);
  w.String(e.ssl_version);
  w.String(e.application_name);
  return w.Release();
}

bool DecodeStatement(ByteReader& r, StatementRecord* s) {
  s->query = r.I64();
  s->xid = r.I64();
  s->pid = r.I32();
  s->userid = r.I32();
  s->user = std::string(r.String());
  s->database = std::string(r.String());
  s->label = std::string(r.String());
  s->text = std::string(r.String());
  s->start_us = r.I64();
  s->end_us = r.I64();
  uint8_t kind = r.U8();
  s->aborted = r.Bool();
  s->leader_only = r.Bool();
  if (kind > static_cast<uint8_t>(StatementClass::kUtility)) return false;
  s->kind = static_cast<StatementClass>(kind);
  return r.ok();
}

bool DecodeConnection(ByteReader& r, ConnectionEvent* e) {
  e->event = std::string(r.String());
  e->time_us = r.I64();
  e->remote_host = std::string(r.String());
  e->remote_port = std::string(r.String());
  e->pid = r.I32();
  e->database = std::string(r.String());
  e->user = std::string(r.String());
  e->auth_method = std::string(r.String());
  e->duration_us = r.I64();
  e->ssl_version = std::string(r.String());
  e->application_name = std::string(r.String());
  return r.ok();
}

std::string EncodeAnalyze(const AnalyzeEvent& e) {
  ByteWriter w;
  w.U8(kTagAnalyze);
  w.I32(e.userid);
  w.I64(e.xid);
  w.String(e.database);
  w.U32(e.table_id);
  w.String(e.schema);
  w.String(e.table);
  w.String(e.status);
  w.U64(std::bit_cast<uint64_t>(e.rows));
  w.U64(std::bit_cast<uint64_t>(e.modified_rows));
  w.I32(e.threshold_percent);
  w.I64(e.start_us);
  w.I64(e.end_us);
  return w.Release();
}

bool DecodeAnalyze(ByteReader& r, AnalyzeEvent* e) {
  e->userid = r.I32();
  e->xid = r.I64();
  e->database = std::string(r.String());
  e->table_id = r.U32();
  e->schema = std::string(r.String());
  e->table = std::string(r.String());
  e->status = std::string(r.String());
  e->rows = std::bit_cast<double>(r.U64());
  e->modified_rows = std::bit_cast<double>(r.U64());
  e->threshold_percent = r.I32();
  e->start_us = r.I64();
  e->end_us = r.I64();
  return r.ok();
}

std::string EncodeVacuum(const std::string& store, const storage::VacuumEvent& e) {
  ByteWriter w;
  w.U8(kTagVacuum);
  w.String(store);
  w.I32(e.userid);
  w.I64(e.xid);
  w.U32(e.table_id);
  w.String(e.status);
  for (int64_t v : {e.rows, e.sorted_rows, e.blocks, e.eventtime_us, e.reclaimable_rows, e.reclaimable_space_mb})
    w.I64(v);
  w.I32(e.is_recluster);
  w.I64(e.sort_partitions);
  w.I64(e.elapsed_us);
  return w.Release();
}

bool DecodeVacuum(ByteReader& r, std::string* store, storage::VacuumEvent* e) {
  *store = std::string(r.String());
  e->userid = r.I32();
  e->xid = r.I64();
  e->table_id = r.U32();
  e->status = std::string(r.String());
  for (int64_t* v :
       {&e->rows, &e->sorted_rows, &e->blocks, &e->eventtime_us, &e->reclaimable_rows, &e->reclaimable_space_mb}) {
    *v = r.I64();
  }
  e->is_recluster = r.I32();
  e->sort_partitions = r.I64();
  e->elapsed_us = r.I64();
  return r.ok();
}

std::string Frame(const std::string& payload) {
  ByteWriter w;
  w.mutable_data().reserve(8 + payload.size());
  w.U32(static_cast<uint32_t>(payload.size()));
  w.U32(Crc32c(payload));
  w.Bytes(payload.data(), payload.size());
  return w.Release();
}

}  // namespace

int64_t WallClockMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::unique_ptr<Activity>> Activity::Open(const ActivityOptions& options) {
  std::unique_ptr<Activity> a(new Activity(options));
  if (!options.dir.empty()) {
    RETURN_IF_ERROR(a->Load());
    a->flusher_ = std::thread([p = a.get()] { p->RunFlusher(); });
  }
  return a;
}

Activity::~Activity() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closing_ = true;
  }
  flush_cv_.notify_all();
  if (flusher_.joinable()) flusher_.join();
  std::lock_guard<std::mutex> lock(mu_);
  FlushLocked();
  if (log_fd_ >= 0) ::close(log_fd_);
}

void Activity::RunFlusher() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!closing_) {
    flush_cv_.wait_for(lock, kFlushInterval);
    FlushLocked();
  }
}

// Reads the log up to its first damaged record (a torn tail after kill -9 ends it), forgets what retention
// drops, and writes the survivors back as a fresh log that later records are appended to.
Status Activity::Load() {
  std::string path = options_.dir + "/" + kFileName;
  if (PathExists(path)) {
    ASSIGN_OR_RETURN(std::string data, ReadFileToString(path));
    ByteReader frames(data);
    bool first = true;
    while (frames.remaining() >= 8) {
      uint32_t len = frames.U32();
      uint32_t crc = frames.U32();
      if (frames.remaining() < len) break;
      std::string_view payload = frames.Bytes(len);
      if (Crc32c(payload.data(), payload.size()) != crc) break;
      ByteReader r(payload);
      uint8_t tag = r.U8();
      if (first) {
        if (tag != kTagHeader || r.U32() != kMagic) {
          return Status(ErrorCode::kDataCorrupted, "query history file " + path + " is not a history log");
        }
        uint32_t version = r.U32();
        if (version != kVersion && version != 1) {
          return Status(ErrorCode::kDataCorrupted,
                        "query history file " + path + " has unsupported version " + std::to_string(version));
        }
        first = false;
        continue;
      }
      if (tag == kTagStatement) {
        StatementRecord s;
        if (!DecodeStatement(r, &s)) break;
        ReserveQueryIdsThrough(s.query);
        if (s.xid > 0) LockManager::Global().ReserveXidsThrough(static_cast<uint64_t>(s.xid));
        history_.push_back(std::move(s));
      } else if (tag == kTagConnection) {
        ConnectionEvent e;
        if (!DecodeConnection(r, &e)) break;
        connections_.push_back(std::move(e));
      } else if (!LoadMaintenance(tag, r)) {
        break;
      }
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  int64_t cutoff = WallClockMicros() - options_.retention_us;
  while (!history_.empty() && history_.front().end_us < cutoff) history_.pop_front();
  while (!connections_.empty() && connections_.front().time_us < cutoff) connections_.pop_front();
  for (auto& [store, events] : vacuums_) PruneVacuumsLocked(cutoff, &events);
  return RewriteLocked();
}

bool Activity::LoadMaintenance(uint8_t tag, ByteReader& r) {
  int64_t cutoff = WallClockMicros() - options_.retention_us;
  if (tag == kTagAnalyze) {
    AnalyzeEvent e;
    if (!DecodeAnalyze(r, &e)) return false;
    if (e.end_us >= cutoff) analyze_log_.Add(std::move(e));
    return true;
  }
  if (tag != kTagVacuum) return false;
  std::string store;
  storage::VacuumEvent e;
  if (!DecodeVacuum(r, &store, &e)) return false;
  vacuums_[store].push_back(std::move(e));
  vacuum_count_++;
  return true;
}

void Activity::PruneVacuumsLocked(int64_t cutoff, std::deque<storage::VacuumEvent>* events) {
  while (!events->empty() &&
         (events->front().eventtime_us < cutoff || events->size() > storage::VacuumLog::kMaxEvents)) {
    events->pop_front();
    vacuum_count_--;
  }
}

void Activity::RecordAnalyze(AnalyzeEvent e) {
  std::lock_guard<std::mutex> lock(mu_);
  AppendLocked(EncodeAnalyze(e));
  analyze_log_.Add(std::move(e));
  PruneLocked(WallClockMicros());
}

void Activity::RecordVacuum(const std::string& store, const storage::VacuumEvent& e) {
  std::lock_guard<std::mutex> lock(mu_);
  AppendLocked(EncodeVacuum(store, e));
  auto& events = vacuums_[store];
  events.push_back(e);
  vacuum_count_++;
  int64_t now = WallClockMicros();
  PruneVacuumsLocked(now - options_.retention_us, &events);
  PruneLocked(now);
}

std::vector<storage::VacuumEvent> Activity::VacuumHistory(const std::string& store) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = vacuums_.find(store);
  if (it == vacuums_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

Status Activity::RewriteLocked() {
  if (options_.dir.empty()) return Status::OK();
  std::string data = Frame(EncodeHeader());
  for (const auto& s : history_) data += Frame(EncodeStatement(s));
  for (const auto& e : connections_) data += Frame(EncodeConnection(e));
  for (const auto& e : analyze_log_.Events()) data += Frame(EncodeAnalyze(e));
  for (const auto& [store, events] : vacuums_) {
    for (const auto& e : events) data += Frame(EncodeVacuum(store, e));
  }
  std::string path = options_.dir + "/" + kFileName;
  RETURN_IF_ERROR(ReplaceFileDurably(path + ".tmp", path, data));
  pending_.clear();  // every record waiting is in memory, so in the file just written
  if (log_fd_ >= 0) ::close(log_fd_);
  log_fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (log_fd_ < 0) return ErrnoStatus("open", path, errno);
  log_records_ = LiveRecordsLocked();
  return Status::OK();
}

void Activity::AppendLocked(const std::string& payload) {
  AppendLocked([&](ByteWriter& w) { w.Bytes(payload.data(), payload.size()); });
}

template <typename Put>
void Activity::AppendLocked(Put put) {
  if (log_fd_ < 0) return;
  // A statement's own write(2) cost a single-row INSERT 0.7 us, and made its WAL's fdatasync 2 us longer.
  // The record is encoded right after its frame's header in pending_, which is filled in after.
  ByteWriter w;
  w.mutable_data().swap(pending_);
  const size_t header = w.size();
  w.U64(0);
  put(w);
  std::string& out = w.mutable_data();
  const char* payload = out.data() + header + 8;
  const size_t n = out.size() - header - 8;
  const uint32_t frame[2] = {static_cast<uint32_t>(n), Crc32c(payload, n)};
  std::memcpy(out.data() + header, frame, sizeof(frame));  // little-endian, as ByteWriter writes
  pending_.swap(out);
  log_records_++;
  if (pending_.size() >= kFlushBytes) FlushLocked();
}

void Activity::FlushLocked() {
  if (pending_.empty() || log_fd_ < 0) return;
  // Whole records reach the OS together or, when the process dies mid-write, as a torn tail that the next
  // Load stops at.
  ssize_t n = ::write(log_fd_, pending_.data(), pending_.size());
  (void)n;  // best effort: a failed write loses these records, as it did one record at a time
  pending_.clear();
}

void Activity::PruneLocked(int64_t now_us) {
  int64_t cutoff = now_us - options_.retention_us;
  while (!history_.empty() && (history_.front().end_us < cutoff || history_.size() > options_.max_records))
    history_.pop_front();
  while (!connections_.empty() && (connections_.front().time_us < cutoff || connections_.size() > options_.max_records))
    connections_.pop_front();
  // Rewriting costs the whole log, so it waits until half of it is garbage: at max_records, where every
  // statement drops one, that is one record rewritten per statement (a quarter made it three, 2.6% of a
  // single-row INSERT's server CPU).
  const size_t live = LiveRecordsLocked();
  if (log_records_ > live && (log_records_ - live) * 2 > log_records_) (void)RewriteLocked();
}

size_t Activity::LiveRecordsLocked() const {
  return history_.size() + connections_.size() + analyze_log_.Size() + vacuum_count_;
}

int64_t Activity::NextXid() {
  return static_cast<int64_t>(LockManager::Global().NextXid());
}

void Activity::SessionStarted(Session* session, const SessionEntry& entry, const ConnectionEvent& connect) {
  std::lock_guard<std::mutex> lock(mu_);
  sessions_[entry.pid] = OpenSession{session, entry, connect};
  for (const char* event : {"initiating session", "authenticated"}) {
    ConnectionEvent e = connect;
    e.event = event;
    e.time_us = entry.start_us;
    AppendLocked(EncodeConnection(e));
    connections_.push_back(std::move(e));
  }
}

void Activity::SessionEnded(Session* session) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
    if (it->second.session != session) continue;
    ConnectionEvent e = it->second.connect;
    e.event = "disconnecting session";
    e.time_us = WallClockMicros();
    e.duration_us = e.time_us - it->second.entry.start_us;
    AppendLocked(EncodeConnection(e));
    connections_.push_back(std::move(e));
    sessions_.erase(it);
    PruneLocked(WallClockMicros());
    return;
  }
}

void Activity::SessionUserChanged(Session* session, const std::string& user) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [pid, open] : sessions_) {
    if (open.session == session) open.entry.user = user;
  }
}

namespace {
Status SignalDenied() {
  return Status(ErrorCode::kInsufficientPrivilege, "must be superuser to signal other server processes");
}
}  // namespace

Status Activity::MaySignal(int32_t pid, const std::string& requester, bool superuser) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(pid);
  if (superuser || it == sessions_.end() || it->second.entry.user == requester) return Status::OK();
  return SignalDenied();
}

std::vector<SessionEntry> Activity::Sessions() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<SessionEntry> out;
  for (const auto& [pid, s] : sessions_) out.push_back(s.entry);
  return out;
}

Status Activity::CancelSession(int32_t pid, const std::string& message, const std::string& requester, bool superuser) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(pid);
  if (it == sessions_.end())
    return Status(ErrorCode::kUndefinedObject, "Session " + std::to_string(pid) + " does not exist");
  if (!superuser && it->second.entry.user != requester) return SignalDenied();
  it->second.session->Cancel(message);
  return Status::OK();
}

int64_t Activity::StatementStarted(StatementRecord record) {
  std::lock_guard<std::mutex> lock(mu_);
  // Query ids are unique in the process, not only per database: the load logs behind STL_LOAD_ERRORS and
  // STL_LOAD_COMMITS are process-wide and keyed by query id (tests open many databases in one process).
  if (record.kind == StatementClass::kQuery) record.query = NextQueryId();
  if (record.text.size() > kMaxTextBytes) record.text.resize(kMaxTextBytes);
  int64_t handle = next_handle_++;
  running_.emplace(handle, std::move(record));
  return handle;
}

void Activity::MarkLeaderOnly(int64_t handle) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = running_.find(handle);
  if (it != running_.end()) it->second.leader_only = true;
}

int64_t Activity::QueryIdOf(int64_t handle) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = running_.find(handle);
  return it == running_.end() ? 0 : it->second.query;
}

int64_t Activity::XidOf(int64_t handle) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = running_.find(handle);
  return it == running_.end() ? 0 : it->second.xid;
}

Activity::Ids Activity::IdsOf(int64_t handle) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = running_.find(handle);
  if (it == running_.end()) return {};
  return {it->second.query, it->second.xid, it->second.userid};
}

void Activity::StatementFinished(int64_t handle, bool aborted) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = running_.find(handle);
  if (it == running_.end()) return;
  StatementRecord r = std::move(it->second);
  running_.erase(it);
  r.end_us = std::max(WallClockMicros(), r.start_us);
  r.aborted = aborted;
  AppendLocked([&](ByteWriter& w) { PutStatement(r, w); });
  history_.push_back(std::move(r));
  if (history_.size() > options_.max_records) PruneLocked(WallClockMicros());
}

std::vector<StatementRecord> Activity::Running() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<StatementRecord> out;
  for (const auto& [handle, r] : running_) out.push_back(r);
  return out;
}

std::vector<StatementRecord> Activity::History() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {history_.begin(), history_.end()};
}

std::vector<ConnectionEvent> Activity::Connections() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {connections_.begin(), connections_.end()};
}

}  // namespace blueshift
