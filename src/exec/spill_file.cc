#include "exec/spill_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "util/byte_stream.h"
#include "util/file.h"

namespace blueshift {

namespace {

constexpr uint32_t kFrameMagic = 0x31505342;  // "BSP1": spill frame format version 1
constexpr uint8_t kHasHashes = 1, kHasBlobs = 2;
std::atomic<uint64_t> g_next_space{0};

void EncodeColumn(const Vector& v, size_t n, ByteWriter* w) {
  bool nulls = false;
  for (size_t i = 0; i < n && !nulls; i++) nulls = v.IsNull(i);
  w->U8(nulls ? 1 : 0);
  if (nulls) w->Bytes(v.validity(), n);
  if (v.type().physical() != PhysicalType::kString) {
    w->Bytes(v.raw_data(), n * v.type().FixedWidth());
    return;
  }
  const auto* s = v.data<std::string_view>();
  for (size_t i = 0; i < n; i++) w->U32(static_cast<uint32_t>(s[i].size()));
  for (size_t i = 0; i < n; i++) w->Bytes(s[i].data(), s[i].size());
}

bool DecodeColumn(ByteReader& r, size_t n, const std::shared_ptr<const std::string>& frame, Vector* v) {
  v->Reset();
  if (r.U8() != 0) {
    std::string_view valid = r.Bytes(n);
    if (!r.ok()) return false;
    std::memcpy(v->validity(), valid.data(), n);
    v->MarkMayHaveNulls();
  }
  if (v->type().physical() != PhysicalType::kString) {
    std::string_view data = r.Bytes(n * v->type().FixedWidth());
    if (!r.ok()) return false;
    std::memcpy(v->raw_data(), data.data(), data.size());
    return true;
  }
  std::vector<uint32_t> lengths(n);
  for (size_t i = 0; i < n; i++) lengths[i] = r.U32();
  auto* s = v->data<std::string_view>();
  for (size_t i = 0; i < n; i++) s[i] = r.Bytes(lengths[i]);  // views into the frame, kept alive below
  v->arena().Retain(frame);
  return r.ok();
}

Status Corrupt(const std::string& path) {
  return Status(ErrorCode::kInternal, "spill file \"" + path + "\" is corrupt");
}

}  // namespace

SpillSpace::~SpillSpace() {
  if (dir_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);  // whatever is left goes at the next Open (DIR/tmp is emptied)
}

Result<std::unique_ptr<SpillFile>> SpillSpace::NewFile() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (dir_.empty()) {
      std::string dir = data_dir_ + "/tmp/spill-" + std::to_string(getpid()) + "-" + std::to_string(g_next_space++);
      if (::mkdir(dir.c_str(), 0700) != 0) return ErrnoStatus("create directory", dir, errno);
      dir_ = dir;
    }
  }
  std::string path = dir_ + "/" + std::to_string(next_file_++) + ".spill";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoStatus("create", path, errno);
  return std::unique_ptr<SpillFile>(new SpillFile(path, fd, tracker_));
}

SpillFile::~SpillFile() {
  ::close(fd_);
  ::unlink(path_.c_str());
}

Result<SpillFrame> SpillFile::Append(const Batch& rows, const uint64_t* hashes, const uint8_t* blobs,
                                     size_t blob_width) {
  size_t n = rows.count();
  ByteWriter w;
  w.U32(kFrameMagic);
  w.U32(static_cast<uint32_t>(n));
  w.U16(static_cast<uint16_t>(rows.num_columns()));
  w.U8((hashes ? kHasHashes : 0) | (blobs ? kHasBlobs : 0));
  w.U32(static_cast<uint32_t>(blob_width));
  for (size_t c = 0; c < rows.num_columns(); c++) EncodeColumn(rows.column(c), n, &w);
  if (hashes) w.Bytes(hashes, n * sizeof(uint64_t));
  if (blobs) w.Bytes(blobs, n * blob_width);
  const std::string& data = w.data();
  SpillFrame frame{size_, static_cast<uint32_t>(data.size()), static_cast<uint32_t>(n)};
  for (size_t done = 0; done < data.size();) {
    ssize_t k = ::pwrite(fd_, data.data() + done, data.size() - done, static_cast<off_t>(size_ + done));
    if (k < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("write", path_, errno);
    }
    done += static_cast<size_t>(k);
  }
  size_ += data.size();
  if (tracker_) tracker_->AddSpilled(data.size());
  return frame;
}

Status SpillFile::Read(const SpillFrame& frame, const std::vector<LogicalType>& types, SpillBatch* out) const {
  auto buf = std::make_shared<std::string>(frame.bytes, '\0');
  for (size_t done = 0; done < frame.bytes;) {
    ssize_t k = ::pread(fd_, buf->data() + done, frame.bytes - done, static_cast<off_t>(frame.offset + done));
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) return ErrnoStatus("read", path_, errno);
    if (k == 0) return Corrupt(path_);
    done += static_cast<size_t>(k);
  }
  ByteReader r(*buf);
  if (r.U32() != kFrameMagic) return Corrupt(path_);
  size_t n = r.U32();
  size_t columns = r.U16();
  uint8_t flags = r.U8();
  size_t blob_width = r.U32();
  if (!r.ok() || n != frame.rows || columns != types.size() || n > kBatchSize * 16) return Corrupt(path_);
  if (out->rows.num_columns() != columns || out->rows.capacity() < n) out->rows = Batch(types, std::max(n, kBatchSize));
  out->rows.Reset();
  std::shared_ptr<const std::string> frame_bytes = buf;
  for (size_t c = 0; c < columns; c++) {
    if (!DecodeColumn(r, n, frame_bytes, &out->rows.column(c))) return Corrupt(path_);
  }
  out->rows.set_count(n);
  out->hashes.clear();
  out->blobs.clear();
  out->blob_width = blob_width;
  if (flags & kHasHashes) {
    std::string_view h = r.Bytes(n * sizeof(uint64_t));
    out->hashes.resize(n);
    if (r.ok()) std::memcpy(out->hashes.data(), h.data(), h.size());
  }
  if (flags & kHasBlobs) {
    std::string_view b = r.Bytes(n * blob_width);
    if (r.ok()) out->blobs.assign(b.begin(), b.end());
  }
  if (!r.ok()) return Corrupt(path_);
  return Status::OK();
}

}  // namespace blueshift
