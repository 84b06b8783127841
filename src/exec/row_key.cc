#include "exec/row_key.h"

namespace blueshift {

void AppendRowKey(const std::vector<const Vector*>& columns, size_t row, std::string* key) {
  for (const Vector* v : columns) {
    if (v->IsNull(row)) {
      key->push_back('\0');
      continue;
    }
    key->push_back('\1');
    const LogicalType& t = v->type();
    if (t.physical() == PhysicalType::kString) {
      std::string_view s = v->data<std::string_view>()[row];
      if (t.IsString()) {  // CHAR or VARCHAR, not VARBYTE: trailing blanks do not count
        while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
      }
      uint32_t len = static_cast<uint32_t>(s.size());
      key->append(reinterpret_cast<const char*>(&len), sizeof(len));
      key->append(s.data(), s.size());
      continue;
    }
    int w = t.FixedWidth();
    const char* p = reinterpret_cast<const char*>(v->raw_data()) + row * w;
    if (t.physical() == PhysicalType::kDouble || t.physical() == PhysicalType::kFloat) {
      // -0.0 and 0.0 are equal; all NaNs are one group.
      double d = t.physical() == PhysicalType::kDouble ? *reinterpret_cast<const double*>(p)
                                                       : *reinterpret_cast<const float*>(p);
      if (d == 0) d = 0;
      if (d != d) d = __builtin_nan("");
      key->append(reinterpret_cast<const char*>(&d), sizeof(d));
      continue;
    }
    key->append(p, w);
  }
}

bool RowHasNull(const std::vector<const Vector*>& columns, size_t row) {
  for (const Vector* v : columns) {
    if (v->IsNull(row)) return true;
  }
  return false;
}

}  // namespace blueshift
