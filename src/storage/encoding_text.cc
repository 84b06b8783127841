#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/encoding.h"

namespace blueshift::storage {
namespace {

// A string is its words: the pieces between single spaces (so "a  b" is "a", "", "b"), rejoined with one
// space each. Per string the payload holds one code (code_bytes bytes) per word, then kEnd.
struct Codes {
  uint32_t end;          // ends a string
  uint32_t short_word;   // a word not in the dictionary: u8 length, bytes
  uint32_t long_word;    // a word not in the dictionary: u32 length, bytes
  uint32_t max_entries;  // dictionary indices are below this
  size_t max_dict_bytes;
};

Codes CodesFor(int code_bytes) {
  if (code_bytes == 1) return Codes{255, 254, 253, 245, SIZE_MAX};  // TEXT255: the first 245 unique words
  return Codes{65535, 65534, 65533, 65533, 32768 - 1024};           // TEXT32K: until 32K of words, less overhead
}

void PutCode(uint32_t code, int code_bytes, ByteWriter* out) {
  if (code_bytes == 1) {
    out->U8(static_cast<uint8_t>(code));
  } else {
    out->U16(static_cast<uint16_t>(code));
  }
}

template <typename F>
void ForEachWord(std::string_view s, F f) {
  if (s.empty()) return;  // zero words: the empty string
  size_t start = 0;
  for (size_t space = s.find(' '); space != std::string_view::npos; space = s.find(' ', start)) {
    f(s.substr(start, space - start));
    start = space + 1;
  }
  f(s.substr(start));
}

class WordDictionary {
 public:
  explicit WordDictionary(const Codes& codes) : codes_(codes) {}
  // The word's index, adding it while there is room; -1 when it is not in the dictionary.
  int64_t Lookup(std::string_view w) {
    auto it = index_.find(w);
    if (it != index_.end()) return it->second;
    if (words_.size() >= codes_.max_entries || bytes_ + w.size() > codes_.max_dict_bytes || w.size() > 65535) {
      return -1;
    }
    bytes_ += w.size();
    index_.emplace(w, static_cast<uint32_t>(words_.size()));
    words_.push_back(w);
    return words_.size() - 1;
  }
  const std::vector<std::string_view>& words() const { return words_; }

 private:
  const Codes& codes_;
  std::vector<std::string_view> words_;
  std::unordered_map<std::string_view, uint32_t> index_;
  size_t bytes_ = 0;
};

void PutLiteral(std::string_view w, const Codes& c, int code_bytes, ByteWriter* out) {
  if (w.size() < 256) {
    PutCode(c.short_word, code_bytes, out);
    out->U8(static_cast<uint8_t>(w.size()));
    out->Bytes(w.data(), w.size());
  } else {
    PutCode(c.long_word, code_bytes, out);
    out->String(w);
  }
}

}  // namespace

// Payload: u16 dictionary size d, d words (u16 length, bytes), u32 byte length of the code stream, then the
// code stream of every row in order (NULL rows are the empty string).
void EncodeText(const ColumnSpan& in, int code_bytes, ByteWriter* out) {
  Codes c = CodesFor(code_bytes);
  WordDictionary dict(c);
  ByteWriter stream;
  const auto* s = in.data<std::string_view>();
  for (uint32_t i = 0; i < in.count; i++) {
    if (in.validity[i]) {
      ForEachWord(s[i], [&](std::string_view w) {
        int64_t k = dict.Lookup(w);
        if (k >= 0) {
          PutCode(static_cast<uint32_t>(k), code_bytes, &stream);
        } else {
          PutLiteral(w, c, code_bytes, &stream);
        }
      });
    }
    PutCode(c.end, code_bytes, &stream);
  }
  out->U16(static_cast<uint16_t>(dict.words().size()));
  for (std::string_view w : dict.words()) {
    out->U16(static_cast<uint16_t>(w.size()));
    out->Bytes(w.data(), w.size());
  }
  out->String(stream.data());
}

namespace {

// Decodes one string's words onto buf; false when the stream is malformed.
bool DecodeString(ByteReader* r, const Codes& c, int code_bytes, const std::vector<std::string_view>& dict,
                  std::string* buf) {
  bool first = true;
  while (true) {
    uint32_t code = code_bytes == 1 ? r->U8() : r->U16();
    if (!r->ok()) return false;
    if (code == c.end) return true;
    std::string_view w;
    if (code == c.short_word) {
      w = r->Bytes(r->U8());
    } else if (code == c.long_word) {
      w = r->String();
    } else if (code < dict.size()) {
      w = dict[code];
    } else {
      return false;
    }
    if (!first) buf->push_back(' ');
    buf->append(w);
    first = false;
  }
}

}  // namespace

Status DecodeText(int code_bytes, std::string_view payload, DecodedBlock* out) {
  Codes c = CodesFor(code_bytes);
  ByteReader r(payload);
  uint16_t d = r.U16();
  if (d > c.max_entries || !r.CanHold(d, 2)) return PayloadCorrupt("TEXT dictionary is malformed");
  std::vector<std::string_view> dict(d);
  for (auto& w : dict) w = r.Bytes(r.U16());
  ByteReader stream(r.String());
  if (!r.ok() || r.remaining() != 0) return PayloadCorrupt("TEXT payload lengths are inconsistent");
  auto buf = std::make_shared<std::string>();
  std::vector<uint32_t> ends(out->row_count);
  for (uint32_t i = 0; i < out->row_count; i++) {
    if (!DecodeString(&stream, c, code_bytes, dict, buf.get())) return PayloadCorrupt("TEXT code stream is malformed");
    ends[i] = static_cast<uint32_t>(buf->size());
  }
  if (stream.remaining() != 0) return PayloadCorrupt("TEXT code stream has trailing bytes");
  auto* views = out->data<std::string_view>();
  uint32_t start = 0;
  for (uint32_t i = 0; i < out->row_count; i++) {
    views[i] = std::string_view(buf->data() + start, ends[i] - start);
    start = ends[i];
  }
  out->owner = std::move(buf);
  return Status::OK();
}

}  // namespace blueshift::storage
