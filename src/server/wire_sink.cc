#include "server/wire_sink.h"

#include "server/backend_messages.h"
#include "server/protocol.h"
#include "server/row_encoder.h"

namespace blueshift::server {

Status WireSink::BeginRows(const std::vector<ColumnInfo>& columns) {
  if (send_row_description_) WriteRowDescription(w_, columns, formats_);
  return Status::OK();
}

Status WireSink::Rows(const Batch& batch) {
  RETURN_IF_ERROR(WriteDataRows(batch, formats_, w_));
  if (w_->buffered() > kFlushThreshold) return w_->Flush();
  return Status::OK();
}

Status WireSink::Complete(const std::string& command_tag) {
  WriteCommandComplete(w_, command_tag);
  return Status::OK();
}

Status WireSink::EmptyQuery() {
  w_->WriteEmpty(be::kEmptyQueryResponse);
  return Status::OK();
}

void WireSink::Notice(const std::string& severity, const std::string& message) {
  WriteNoticeResponse(w_, severity, message);
}

Status RowBuffer::Rows(const Batch& batch) {
  RETURN_IF_ERROR(WriteDataRows(batch, formats_, &rows_));
  total_rows_ += batch.count();
  return Status::OK();
}

Status RowBuffer::Complete(const std::string& command_tag) {
  command_tag_ = command_tag;
  return Status::OK();
}

void RowBuffer::Notice(const std::string& severity, const std::string& message) {
  WriteNoticeResponse(client_, severity, message);
}

size_t RowBuffer::Emit(size_t max_rows, MessageWriter* w) {
  const std::string& bytes = rows_.buffer();
  const size_t begin = offset_;
  size_t n = 0;
  while (n < max_rows && emitted_rows_ < total_rows_) {
    // Each DataRow is a type byte and a big-endian length that counts itself.
    const auto* p = reinterpret_cast<const uint8_t*>(bytes.data() + offset_ + 1);
    uint32_t length = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
    offset_ += 1 + length;
    ++emitted_rows_;
    ++n;
  }
  w->AddRaw(std::string_view(bytes).substr(begin, offset_ - begin));
  return n;
}

}  // namespace blueshift::server
