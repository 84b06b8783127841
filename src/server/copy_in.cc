#include "server/copy_in.h"

#include "server/wire_sink.h"

#include <algorithm>
#include <cstring>

namespace blueshift::server {

Status WireCopyIn::Begin(int columns) {
  writer_->Begin(copy_msg::kCopyInResponse);
  writer_->AddByte(0);  // text
  writer_->AddInt16(static_cast<int16_t>(columns));
  for (int i = 0; i < columns; i++) writer_->AddInt16(0);
  writer_->End();
  return writer_->Flush();
}

Status WireCopyIn::NextMessage() {
  while (true) {
    auto m = reader_->ReadMessage();
    if (!m.ok()) {
      failed_ = true;
      return m.status();
    }
    current_ = std::move(*m);
    pos_ = 0;
    switch (current_.type) {
      case copy_msg::kCopyData:
        return Status::OK();
      case copy_msg::kCopyDone:
        done_ = true;
        current_.payload.clear();
        return Status::OK();
      case copy_msg::kCopyFail: {
        done_ = true;
        failed_ = true;
        std::string why(current_.payload.c_str());
        return Status(ErrorCode::kQueryCanceled, "COPY from stdin failed: " + why);
      }
      case 'H':  // Flush
      case 'S':  // Sync
        continue;
      default:
        failed_ = true;
        return Status(ErrorCode::kProtocolViolation,
                      "unexpected message type '" + std::string(1, current_.type) + "' during COPY from stdin");
    }
  }
}

Result<size_t> WireCopyIn::Read(char* buf, size_t n) {
  if (failed_) return Status(ErrorCode::kQueryCanceled, "COPY from stdin failed");
  while (!done_ && pos_ >= current_.payload.size()) RETURN_IF_ERROR(NextMessage());
  if (done_) return size_t{0};
  size_t k = std::min(n, current_.payload.size() - pos_);
  std::memcpy(buf, current_.payload.data() + pos_, k);
  pos_ += k;
  return k;
}

Status WireCopyIn::Drain() {
  while (!done_ && !failed_) {
    Status st = NextMessage();
    if (!st.ok() && st.code() != ErrorCode::kQueryCanceled) return st;
  }
  return Status::OK();
}

Result<CopyInStream*> WireSink::BeginCopyIn(int columns) {
  if (copy_reader_ == nullptr) return ResultSink::BeginCopyIn(columns);
  copy_in_ = std::make_unique<WireCopyIn>(copy_reader_, w_);
  RETURN_IF_ERROR(copy_in_->Begin(columns));
  return static_cast<CopyInStream*>(copy_in_.get());
}

}  // namespace blueshift::server
