#include "main/activity.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>

#include "main/session.h"
#include "util/byte_stream.h"
#include "util/crc32c.h"
#include "util/file.h"
#include "util/query_id.h"

namespace blueshift {

namespace {

// docs/format/history.md: the file starts with a header record; every record is
// [u32 payload length][u32 crc32c of payload][payload], payload = [u8 tag][fields].
constexpr uint32_t kMagic = 0x54534842;  // "BHST"
constexpr uint32_t kVersion = 1;
constexpr uint8_t kTagHeader = 0;
constexpr uint8_t kTagStatement = 1;
constexpr uint8_t kTagConnection = 2;
constexpr char kFileName[] = "history.log";

std::string EncodeHeader() {
  ByteWriter w;
  w.U8(kTagHeader);
  w.U32(kMagic);
  w.U32(kVersion);
  return w.Release();
}

std::string EncodeStatement(const StatementRecord& r) {
  ByteWriter w;
  w.U8(kTagStatement);
  w.I64(r.query);
  w.I64(r.xid);
  w.I32(r.pid);
  w.I32(r.userid);
  w.String(r.user);
  w.String(r.database);
  w.String(r.label);
  w.String(r.text);
  w.I64(r.start_us);
  w.I64(r.end_us);
  w.U8(static_cast<uint8_t>(r.kind));
  w.Bool(r.aborted);
  w.Bool(r.leader_only);
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

std::string Frame(const std::string& payload) {
  ByteWriter w;
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
  if (!options.dir.empty()) RETURN_IF_ERROR(a->Load());
  return a;
}

Activity::~Activity() {
  if (log_fd_ >= 0) ::close(log_fd_);
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
        if (version != kVersion) {
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
        next_xid_ = std::max(next_xid_, s.xid + 1);
        history_.push_back(std::move(s));
      } else if (tag == kTagConnection) {
        ConnectionEvent e;
        if (!DecodeConnection(r, &e)) break;
        connections_.push_back(std::move(e));
      } else {
        break;
      }
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  int64_t cutoff = WallClockMicros() - options_.retention_us;
  while (!history_.empty() && history_.front().end_us < cutoff) history_.pop_front();
  while (!connections_.empty() && connections_.front().time_us < cutoff) connections_.pop_front();
  return RewriteLocked();
}

Status Activity::RewriteLocked() {
  if (options_.dir.empty()) return Status::OK();
  std::string data = Frame(EncodeHeader());
  for (const auto& s : history_) data += Frame(EncodeStatement(s));
  for (const auto& e : connections_) data += Frame(EncodeConnection(e));
  std::string path = options_.dir + "/" + kFileName;
  RETURN_IF_ERROR(ReplaceFileDurably(path + ".tmp", path, data));
  if (log_fd_ >= 0) ::close(log_fd_);
  log_fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (log_fd_ < 0) return ErrnoStatus("open", path, errno);
  log_records_ = history_.size() + connections_.size();
  return Status::OK();
}

void Activity::AppendLocked(const std::string& payload) {
  if (log_fd_ < 0) return;
  std::string frame = Frame(payload);
  // One write(2) per record: a record reaches the OS whole or, when the process dies mid-write, as a torn
  // tail that the next Load stops at.
  ssize_t n = ::write(log_fd_, frame.data(), frame.size());
  if (n > 0) log_records_++;
}

void Activity::PruneLocked(int64_t now_us) {
  int64_t cutoff = now_us - options_.retention_us;
  while (!history_.empty() && (history_.front().end_us < cutoff || history_.size() > options_.max_records))
    history_.pop_front();
  while (!connections_.empty() && (connections_.front().time_us < cutoff || connections_.size() > options_.max_records))
    connections_.pop_front();
  // Rewriting costs the whole log, so it waits until a quarter of it is garbage.
  const size_t live = history_.size() + connections_.size();
  if (log_records_ > live && (log_records_ - live) * 4 > log_records_) (void)RewriteLocked();
}

int64_t Activity::NextXid() {
  std::lock_guard<std::mutex> lock(mu_);
  return next_xid_++;
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

void Activity::StatementFinished(int64_t handle, bool aborted) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = running_.find(handle);
  if (it == running_.end()) return;
  StatementRecord r = std::move(it->second);
  running_.erase(it);
  r.end_us = std::max(WallClockMicros(), r.start_us);
  r.aborted = aborted;
  AppendLocked(EncodeStatement(r));
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
