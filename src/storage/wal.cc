#include "storage/wal.h"

#include <fcntl.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <utility>

#include "util/byte_stream.h"
#include "util/crc32c.h"
#include "util/file.h"

namespace blueshift::storage {
namespace {

constexpr char kWalMagic[] = "BLUWALOG";
constexpr size_t kHeaderSize = 8 + 4 + 8;
constexpr uint32_t kMaxRecord = 1u << 30;

// WriteAheadLog::Waiter::state.
constexpr uint32_t kWaiting = 0, kDurable = 1, kFailed = 2, kLead = 3;
static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t));

// Sleeps while *word holds `expected` (or until a wake or a signal: callers look again).
void FutexWait(std::atomic<uint32_t>* word, uint32_t expected) {
  (void)::syscall(SYS_futex, reinterpret_cast<uint32_t*>(word), FUTEX_WAIT_PRIVATE, expected, nullptr, nullptr, 0);
}

void FutexWake(std::atomic<uint32_t>* word) {
  (void)::syscall(SYS_futex, reinterpret_cast<uint32_t*>(word), FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
}

std::string FileName(uint64_t first_version) {
  char name[48];
  std::snprintf(name, sizeof name, "WAL-%020" PRIu64 ".log", first_version);
  return name;
}

bool IsLogName(const std::string& name) {
  return name.size() == 28 && name.compare(0, 4, "WAL-") == 0 && name.compare(24, 4, ".log") == 0 &&
         std::all_of(name.begin() + 4, name.begin() + 24, [](char c) { return c >= '0' && c <= '9'; });
}

Result<std::vector<std::string>> LogFiles(const std::string& dir) {
  ASSIGN_OR_RETURN(auto names, ListDir(dir));
  std::vector<std::string> logs;
  for (auto& n : names) {
    if (IsLogName(n)) logs.push_back(std::move(n));
  }
  std::sort(logs.begin(), logs.end());  // 20-digit versions sort as numbers
  return logs;
}

// Appends the intact records of one file; false once a torn or damaged record ends the log.
bool ReadRecords(std::string_view bytes, std::vector<WriteAheadLog::Record>* out) {
  ByteReader r(bytes);
  if (r.Bytes(8) != std::string_view(kWalMagic, 8)) return false;
  uint32_t version = r.U32();
  if (version < 1 || version > kWalFormatVersion) return false;
  r.U64();
  while (r.ok() && r.remaining() > 0) {
    uint32_t len = r.U32();
    if (r.ok() && len == 0) return true;  // the zero-filled tail of a preallocated file (format 3): the end
    uint32_t crc = r.U32();
    std::string_view payload = r.Bytes(len);
    if (!r.ok() || Crc32c(payload) != crc) return false;
    out->push_back({version, std::string(payload)});
  }
  return r.ok();
}

// Writes all of bytes at offset at; 0, or the errno of the failed write.
int PwriteAll(int fd, std::string_view bytes, uint64_t at) {
  if (int fault = WriteFaultForTesting(); fault != 0) return fault;
  while (!bytes.empty()) {
    ssize_t w = ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(at));
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return errno;
    bytes.remove_prefix(static_cast<size_t>(w));
    at += static_cast<uint64_t>(w);
  }
  return 0;
}

}  // namespace

Result<std::unique_ptr<WriteAheadLog>> WriteAheadLog::Create(const std::string& dir, uint64_t first_version, Io io) {
  RETURN_IF_ERROR(CreateDirDurably(dir));
  std::unique_ptr<WriteAheadLog> wal(new WriteAheadLog(dir, io));
  std::lock_guard<std::mutex> lock(wal->mu_);
  RETURN_IF_ERROR(wal->OpenFile(first_version, /*remove_older=*/true));
  return wal;
}

WriteAheadLog::~WriteAheadLog() {
  if (fd_ < 0) return;
  // Records nobody waited for yet (their commits were not acknowledged): written as a clean shutdown would.
  if (error_.ok() && WriteBuffered().ok() && !direct_) (void)::fdatasync(fd_);
  ::close(fd_);
}

Result<std::vector<WriteAheadLog::Record>> WriteAheadLog::ReadAll(const std::string& dir) {
  std::vector<Record> records;
  if (!PathExists(dir)) return records;
  ASSIGN_OR_RETURN(auto logs, LogFiles(dir));
  for (const auto& name : logs) {
    ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(dir + "/" + name));
    if (!ReadRecords(bytes, &records)) break;
  }
  return records;
}

Status WriteAheadLog::OpenFile(uint64_t first_version, bool remove_older) {
  std::string path = dir_ + "/" + FileName(first_version);
  constexpr int kFlags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
  bool direct = io_ == Io::kDirect;
  int fd = direct ? ::open(path.c_str(), kFlags | O_DIRECT | O_DSYNC, 0644) : -1;
  if (fd < 0 && (!direct || errno == EINVAL)) {  // EINVAL: the file system has no O_DIRECT (tmpfs)
    direct = false;
    fd = ::open(path.c_str(), kFlags, 0644);
  }
  if (fd < 0) return ErrnoStatus("create", path, errno);
  ByteWriter header;
  header.Bytes(kWalMagic, 8);
  header.U32(kWalFormatVersion);
  header.U64(first_version);
  // The old file's state comes back if the new file cannot be started (its records then stay in use).
  int old_fd = fd_;
  std::string old_path = std::exchange(path_, path);
  uint64_t old_size = std::exchange(file_size_, 0), old_allocated = std::exchange(allocated_, 0);
  bool old_preallocate = std::exchange(preallocate_, true);  // a new file tries again: the disk may have room now
  std::string old_buffer = std::exchange(buffer_, {});
  uint64_t old_buffer_at = std::exchange(buffer_at_, 0);
  bool old_direct = std::exchange(direct_, direct);
  std::string old_tail = std::exchange(tail_, {});
  uint64_t old_tail_at = std::exchange(tail_at_, 0);
  fd_ = fd;
  Status st = Preallocate(header.size());
  if (st.ok()) st = WriteAll(header.data());
  if (st.ok() && !direct && ::fdatasync(fd) != 0) st = ErrnoStatus("sync", path, errno);
  if (st.ok()) st = SyncDir(dir_);
  if (!st.ok()) {
    ::close(fd);
    (void)RemoveFile(path);  // a file without a whole header must not meet the next replay
    fd_ = old_fd;
    path_ = std::move(old_path);
    file_size_ = old_size;
    allocated_ = old_allocated;
    preallocate_ = old_preallocate;
    buffer_ = std::move(old_buffer);
    buffer_at_ = old_buffer_at;
    direct_ = old_direct;
    tail_ = std::move(old_tail);
    tail_at_ = old_tail_at;
    return st;
  }
  buffer_at_ = file_size_;
  if (old_fd >= 0) ::close(old_fd);
  if (!remove_older) return Status::OK();
  ASSIGN_OR_RETURN(auto logs, LogFiles(dir_));
  for (const auto& name : logs) {
    if (name != FileName(first_version)) (void)RemoveFile(dir_ + "/" + name);  // a leftover is replayed as stale
  }
  return Status::OK();
}

// Zero-fills the file from allocated_ to past file_size_ + needed, in whole chunks, and makes that durable.
// Afterwards a record's fdatasync writes the record's pages alone: the file's size, and so its inode, stays
// as it is (an appended file would need its inode written on every sync, a second I/O per commit).
Status WriteAheadLog::Preallocate(uint64_t needed) {
  if (!preallocate_ || file_size_ + needed <= allocated_) return Status::OK();
  uint64_t target = (file_size_ + needed + kPreallocChunk - 1) / kPreallocChunk * kPreallocChunk;
  // Page-aligned for a direct file (allocated_ is a multiple of kPreallocChunk, or of kPage after a short
  // write). A sync's leader may meanwhile write the pages before allocated_: these are others.
  constexpr size_t kZeros = 1u << 20;
  std::unique_ptr<char, void (*)(void*)> zeros(static_cast<char*>(std::aligned_alloc(kPage, kZeros)), &std::free);
  if (!zeros) return Status(ErrorCode::kOutOfMemory, "out of memory growing the write-ahead log");
  std::memset(zeros.get(), 0, kZeros);
  for (uint64_t at = allocated_; at < target;) {
    size_t n = static_cast<size_t>(std::min<uint64_t>(kZeros, target - at));
    ssize_t w = ::pwrite(fd_, zeros.get(), n, static_cast<off_t>(at));
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && (errno == ENOSPC || errno == EFBIG || errno == EDQUOT)) {
      // No room for a chunk ahead: append records as they come (each sync then writes the inode too). A
      // record that does not fit fails on its own write; the zeros written here read as the log's end.
      preallocate_ = false;
      allocated_ = std::max(allocated_, at);
      return Status::OK();
    }
    if (w < 0) return ErrnoStatus("write", path_, errno);
    at += static_cast<uint64_t>(w);
  }
  if (!direct_ && ::fdatasync(fd_) != 0) return ErrnoStatus("sync", path_, errno);
  allocated_ = target;
  return Status::OK();
}

Status WriteAheadLog::WriteAll(std::string_view bytes) {
  RETURN_IF_ERROR(Preallocate(bytes.size()));
  if (int err = WriteAt(bytes, file_size_); err != 0) {
    // Zero a partial record again so that the log still ends where the last whole record does.
    (void)ZeroAt(bytes.size(), file_size_);
    return ErrnoStatus("write", path_, err);
  }
  file_size_ += bytes.size();
  buffer_at_ = file_size_;
  return Status::OK();
}

Status WriteAheadLog::WriteBuffered() {
  if (buffer_.empty()) return Status::OK();
  if (int err = WriteAt(buffer_, buffer_at_); err != 0) {
    error_ = ErrnoStatus("write", path_, err);  // records of published commits: sticky
    Release(Settle());                          // every queued committer fails with it
    return error_;
  }
  buffer_.clear();
  buffer_at_ = file_size_;
  return Status::OK();
}

Result<uint64_t> WriteAheadLog::Append(std::string_view payload) {
  if (payload.size() > kMaxRecord) return Status(ErrorCode::kOutOfMemory, "commit too large for the write-ahead log");
  // The frame's header (8 bytes: no allocation); the payload is copied once, into the buffer.
  ByteWriter header;
  header.U32(static_cast<uint32_t>(payload.size()));
  header.U32(Crc32c(payload));
  const uint64_t size = header.size() + payload.size();
  std::unique_lock<std::mutex> lock(mu_);
  if (!error_.ok()) return error_;
  RETURN_IF_ERROR(Preallocate(size));
  if (preallocate_) {
    // The file has room for it: the record waits in the buffer for the next leader's write (Sync).
    buffer_.append(header.data());
    buffer_.append(payload);
    file_size_ += size;
    return ++appended_;
  }
  // No room was preallocated (a full disk): write it now, after the buffered records, so that a record that
  // does not fit fails its own commit alone.
  idle_cv_.wait(lock, [&] { return !syncing_; });
  if (!error_.ok()) return error_;
  RETURN_IF_ERROR(WriteBuffered());
  RETURN_IF_ERROR(WriteAll(std::string(header.data()).append(payload)));
  return ++appended_;
}

Status WriteAheadLog::Sync(uint64_t lsn) {
  std::unique_lock<std::mutex> lock(mu_);
  Waiter self;
  self.lsn = lsn;
  while (synced_ < lsn) {
    if (!error_.ok()) {
      // No sync leads again: whoever queued behind this one fails with the error now, not never.
      Release(Settle());
      return error_;
    }
    if (syncing_) {
      // The sync in flight or the next one covers the record: its leader says which (Settle).
      self.state.store(kWaiting, std::memory_order_relaxed);
      waiters_.push_back(&self);
      lock.unlock();
      uint32_t state;
      while ((state = self.state.load(std::memory_order_acquire)) == kWaiting) FutexWait(&self.state, kWaiting);
      if (state == kDurable) return Status::OK();
      lock.lock();  // kFailed: error_ says why; kLead: no sync runs now, so this one starts the next
      continue;
    }
    // Lead a group: one write of every record buffered so far, then one fdatasync for everything appended.
    syncing_ = true;
    uint64_t target = appended_;
    std::string batch;
    batch.swap(buffer_);
    uint64_t at = buffer_at_;
    buffer_at_ = file_size_;
    // The file (fd_, direct_, path_) stays while a sync runs (OpenFile waits for none to run).
    int fd = fd_;
    bool direct = direct_;
    std::string path = path_;
    lock.unlock();
    const char* what = "write";
    int err = WriteAt(batch, at);
    if (err == 0 && !direct && ::fdatasync(fd) != 0) {
      err = errno;
      what = "sync";
    }
    lock.lock();
    syncing_ = false;
    if (err != 0) {
      error_ = ErrnoStatus(what, path, err);
    } else {
      synced_ = std::max(synced_, target);
    }
    Status result = error_;
    auto settled = Settle();
    idle_cv_.notify_all();
    lock.unlock();
    Release(settled);
    return result;  // target covers lsn: the record was appended before this Sync
  }
  return Status::OK();
}

std::vector<std::pair<WriteAheadLog::Waiter*, uint32_t>> WriteAheadLog::Settle() {
  std::vector<std::pair<Waiter*, uint32_t>> settled;
  size_t kept = 0;
  for (Waiter* w : waiters_) {
    if (!error_.ok()) {
      settled.emplace_back(w, kFailed);
    } else if (w->lsn <= synced_) {
      settled.emplace_back(w, kDurable);
    } else {
      waiters_[kept++] = w;
    }
  }
  waiters_.resize(kept);
  if (!waiters_.empty() && !syncing_) {
    settled.emplace_back(waiters_.front(), kLead);  // the oldest record not yet durable leads the next sync
    waiters_.erase(waiters_.begin());
  }
  return settled;
}

void WriteAheadLog::Release(const std::vector<std::pair<Waiter*, uint32_t>>& settled) {
  for (const auto& [w, state] : settled) {
    std::atomic<uint32_t>* word = &w->state;
    // Once the store is seen, the waiter may return and its frame be reused: the wake only names the
    // address, and a futex sleeper there (any) rechecks its own word.
    word->store(state, std::memory_order_release);
    FutexWake(word);
  }
}

uint64_t WriteAheadLog::file_bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return file_size_;
}

bool WriteAheadLog::direct() const {
  std::lock_guard<std::mutex> lock(mu_);
  return direct_;
}

int WriteAheadLog::WriteAt(std::string_view bytes, uint64_t at) {
  if (!direct_) return PwriteAll(fd_, bytes, at);
  return WriteDirect(bytes, 0, at, /*advance=*/true);
}

int WriteAheadLog::ZeroAt(size_t size, uint64_t at) {
  if (!direct_) return PwriteAll(fd_, std::string(size, '\0'), at);
  return WriteDirect({}, size, at, /*advance=*/false);
}

// The pages from tail_at_ on: the last page's bytes written before, then `bytes` and `zeros` zero bytes,
// padded with zeros to a whole page (what the file holds past its end already: preallocated zeros, or
// nothing, which the next write overwrites).
int WriteAheadLog::WriteDirect(std::string_view bytes, size_t zeros, uint64_t at, bool advance) {
  if (at != tail_at_ + tail_.size()) return EINVAL;  // not an append: a bug, refused rather than written
  const size_t used = tail_.size() + bytes.size() + zeros;
  const size_t size = (used + kPage - 1) / kPage * kPage;
  if (size == 0) return 0;
  if (size > pages_size_) {
    const size_t grown = std::max(size, 2 * pages_size_);
    pages_.reset(static_cast<char*>(std::aligned_alloc(kPage, grown)));
    pages_size_ = pages_ ? grown : 0;
    if (!pages_) return ENOMEM;
  }
  char* out = pages_.get();
  std::memcpy(out, tail_.data(), tail_.size());
  std::memcpy(out + tail_.size(), bytes.data(), bytes.size());
  std::memset(out + tail_.size() + bytes.size(), 0, size - tail_.size() - bytes.size());
  if (int err = PwriteAll(fd_, std::string_view(out, size), tail_at_); err != 0 || !advance) return err;
  const uint64_t end = at + bytes.size();
  const uint64_t end_page = end / kPage * kPage;
  tail_.assign(out + (end_page - tail_at_), end - end_page);
  tail_at_ = end_page;
  return 0;
}

uint64_t WriteAheadLog::synced_lsn() const {
  std::lock_guard<std::mutex> lock(mu_);
  return synced_;
}

Status WriteAheadLog::Rotate(uint64_t first_version) {
  std::unique_lock<std::mutex> lock(mu_);
  idle_cv_.wait(lock, [&] { return !syncing_; });
  RETURN_IF_ERROR(OpenFile(first_version, /*remove_older=*/true));
  synced_ = appended_;
  // Every waiter is durable now (the manifest holds its commit).
  auto settled = Settle();
  lock.unlock();
  Release(settled);
  return Status::OK();
}

Status WriteAheadLog::StartNewFile(uint64_t first_version) {
  std::unique_lock<std::mutex> lock(mu_);
  idle_cv_.wait(lock, [&] { return !syncing_; });
  if (!error_.ok()) return error_;
  // The old file must hold every record before first_version on disk: replay reads it until a manifest
  // covers it.
  RETURN_IF_ERROR(WriteBuffered());
  if (!direct_ && ::fdatasync(fd_) != 0) {
    error_ = ErrnoStatus("sync", path_, errno);  // records of published commits: sticky
    Release(Settle());                           // every queued committer fails with it
    return error_;
  }
  synced_ = appended_;
  Release(Settle());  // every waiter is durable now (under mu_: the new file follows at once)
  return OpenFile(first_version, /*remove_older=*/false);
}

Status WriteAheadLog::RemoveFilesBefore(uint64_t first_version) {
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(auto logs, LogFiles(dir_));
  for (const auto& name : logs) {
    if (name < FileName(first_version)) (void)RemoveFile(dir_ + "/" + name);  // a leftover is replayed as stale
  }
  return Status::OK();
}

}  // namespace blueshift::storage
