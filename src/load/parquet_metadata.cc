#include "load/parquet_metadata.h"

#include "load/thrift_compact.h"

namespace blueshift::load::parquet {

namespace {

Status Corrupt(const std::string& what) {
  return Status(ErrorCode::kInternal, "Invalid Parquet metadata: " + what);
}

// Visits each field of the struct at the reader's position; fn(id, type) returns false for a field it did
// not read, which is then skipped.
template <typename Fn>
void ForEachField(ThriftReader& r, Fn&& fn) {
  r.BeginStruct();
  int16_t id;
  ThriftType t;
  while (r.NextField(&id, &t)) {
    if (!fn(id, t)) r.Skip(t);
  }
  r.EndStruct();
}

template <typename Fn>
void ForEachElement(ThriftReader& r, Fn&& fn) {
  ThriftType elem;
  uint32_t n;
  r.ReadListHeader(&elem, &n);
  for (uint32_t i = 0; i < n && !r.failed(); i++) fn(elem);
}

TimeUnit ReadTimeUnit(ThriftReader& r) {
  TimeUnit unit = TimeUnit::kMicros;
  ForEachField(r, [&](int16_t id, ThriftType) {
    unit = id == 1 ? TimeUnit::kMillis : id == 3 ? TimeUnit::kNanos : TimeUnit::kMicros;
    return false;
  });
  return unit;
}

// The LogicalType union: one field set, whose id names the kind.
void ReadLogicalType(ThriftReader& r, SchemaElement* e) {
  ForEachField(r, [&](int16_t id, ThriftType) {
    switch (id) {
      case 1:
      case 4:
      case 12:
        e->kind = ValueKind::kString;  // STRING, ENUM, JSON
        return false;
      case 5:
        e->kind = ValueKind::kDecimal;
        ForEachField(r, [&](int16_t f, ThriftType) {
          if (f == 1) e->scale = r.ReadI32();
          if (f == 2) e->precision = r.ReadI32();
          return f == 1 || f == 2;
        });
        return true;
      case 6:
        e->kind = ValueKind::kDate;
        return false;
      case 7:
      case 8:
        e->kind = id == 7 ? ValueKind::kTime : ValueKind::kTimestamp;
        ForEachField(r, [&](int16_t f, ThriftType) {
          if (f == 2) e->unit = ReadTimeUnit(r);
          return f == 2;
        });
        return true;
      case 10: {
        bool is_signed = true;
        ForEachField(r, [&](int16_t f, ThriftType t) {
          if (f == 2) is_signed = ThriftReader::BoolFieldValue(t);
          if (f == 1) r.ReadByte();
          return f == 1 || f == 2;
        });
        if (!is_signed) e->kind = ValueKind::kUnsigned;
        return true;
      }
      default:
        e->kind = ValueKind::kOther;
        return false;
    }
  });
}

// Older writers only set ConvertedType; it fills in the kind when no LogicalType did.
void ApplyConvertedType(SchemaElement* e) {
  if (e->kind != ValueKind::kPlain) return;
  switch (e->converted_type) {
    case kConvUtf8:
      e->kind = ValueKind::kString;
      break;
    case kConvDecimal:
      e->kind = ValueKind::kDecimal;
      break;
    case kConvDate:
      e->kind = ValueKind::kDate;
      break;
    case kConvTimeMillis:
    case kConvTimeMicros:
      e->kind = ValueKind::kTime;
      e->unit = e->converted_type == kConvTimeMillis ? TimeUnit::kMillis : TimeUnit::kMicros;
      break;
    case kConvTimestampMillis:
    case kConvTimestampMicros:
      e->kind = ValueKind::kTimestamp;
      e->unit = e->converted_type == kConvTimestampMillis ? TimeUnit::kMillis : TimeUnit::kMicros;
      break;
    default:
      if (e->converted_type >= kConvUint8 && e->converted_type <= kConvUint64) e->kind = ValueKind::kUnsigned;
      break;
  }
}

SchemaElement ReadSchemaElement(ThriftReader& r) {
  SchemaElement e;
  ForEachField(r, [&](int16_t id, ThriftType) {
    switch (id) {
      case 1:
        e.type = r.ReadI32();
        return true;
      case 2:
        e.type_length = r.ReadI32();
        return true;
      case 3:
        e.repetition = static_cast<Repetition>(r.ReadI32());
        return true;
      case 4:
        e.name = std::string(r.ReadBinary());
        return true;
      case 5:
        e.num_children = r.ReadI32();
        return true;
      case 6:
        e.converted_type = r.ReadI32();
        return true;
      case 7:
        e.scale = r.ReadI32();
        return true;
      case 8:
        e.precision = r.ReadI32();
        return true;
      case 10:
        ReadLogicalType(r, &e);
        return true;
      default:
        return false;
    }
  });
  ApplyConvertedType(&e);
  return e;
}

void ReadColumnMetaData(ThriftReader& r, ColumnChunk* c) {
  ForEachField(r, [&](int16_t id, ThriftType) {
    switch (id) {
      case 1:
        c->type = static_cast<PhysType>(r.ReadI32());
        return true;
      case 3:
        ForEachElement(r, [&](ThriftType) { c->path.emplace_back(r.ReadBinary()); });
        return true;
      case 4:
        c->codec = static_cast<Codec>(r.ReadI32());
        return true;
      case 5:
        c->num_values = r.ReadI64();
        return true;
      case 6:
        c->total_uncompressed_size = r.ReadI64();
        return true;
      case 7:
        c->total_compressed_size = r.ReadI64();
        return true;
      case 9:
        c->data_page_offset = r.ReadI64();
        return true;
      case 11:
        c->dictionary_page_offset = r.ReadI64();
        return true;
      default:
        return false;
    }
  });
}

RowGroup ReadRowGroup(ThriftReader& r) {
  RowGroup g;
  ForEachField(r, [&](int16_t id, ThriftType) {
    if (id == 1) {
      ForEachElement(r, [&](ThriftType) {
        ColumnChunk c;
        ForEachField(r, [&](int16_t f, ThriftType) {
          if (f == 3) ReadColumnMetaData(r, &c);
          return f == 3;
        });
        g.columns.push_back(std::move(c));
      });
      return true;
    }
    if (id == 2) return (g.total_byte_size = r.ReadI64(), true);
    if (id == 3) return (g.num_rows = r.ReadI64(), true);
    return false;
  });
  return g;
}

}  // namespace

int64_t ColumnChunk::StartOffset() const {
  // Some writers set dictionary_page_offset to 0 when there is none.
  if (dictionary_page_offset > 0 && dictionary_page_offset < data_page_offset) return dictionary_page_offset;
  return data_page_offset;
}

Result<FileMetaData> ParseFileMetaData(const uint8_t* data, size_t size) {
  ThriftReader r(data, size);
  FileMetaData m;
  ForEachField(r, [&](int16_t id, ThriftType) {
    switch (id) {
      case 1:
        m.version = r.ReadI32();
        return true;
      case 2:
        ForEachElement(r, [&](ThriftType) { m.schema.push_back(ReadSchemaElement(r)); });
        return true;
      case 3:
        m.num_rows = r.ReadI64();
        return true;
      case 4:
        ForEachElement(r, [&](ThriftType) { m.row_groups.push_back(ReadRowGroup(r)); });
        return true;
      case 6:
        m.created_by = std::string(r.ReadBinary());
        return true;
      default:
        return false;
    }
  });
  if (r.failed()) return Corrupt("the footer is not valid Thrift compact protocol");
  if (m.schema.empty()) return Corrupt("the footer has no schema");
  for (const RowGroup& g : m.row_groups) {
    if (g.num_rows < 0) return Corrupt("a row group has a negative row count");
    for (const ColumnChunk& c : g.columns) {
      if (c.total_compressed_size < 0 || c.data_page_offset < 0)
        return Corrupt("a column chunk has a negative offset or size");
    }
  }
  return m;
}

Result<PageHeader> ParsePageHeader(const uint8_t* data, size_t size, size_t* header_size) {
  ThriftReader r(data, size);
  PageHeader h;
  auto data_page = [&](int16_t f, ThriftType) {
    if (f == 1) return (h.num_values = r.ReadI32(), true);
    if (f == 2) return (h.encoding = static_cast<Encoding>(r.ReadI32()), true);
    return false;
  };
  auto data_page_v2 = [&](int16_t f, ThriftType t) {
    switch (f) {
      case 1:
        return (h.num_values = r.ReadI32(), true);
      case 2:
        return (h.num_nulls = r.ReadI32(), true);
      case 4:
        return (h.encoding = static_cast<Encoding>(r.ReadI32()), true);
      case 5:
        return (h.def_levels_bytes = r.ReadI32(), true);
      case 6:
        return (h.rep_levels_bytes = r.ReadI32(), true);
      case 7:
        return (h.is_compressed = ThriftReader::BoolFieldValue(t), true);
      default:
        return false;
    }
  };
  ForEachField(r, [&](int16_t id, ThriftType) {
    switch (id) {
      case 1:
        return (h.type = static_cast<PageType>(r.ReadI32()), true);
      case 2:
        return (h.uncompressed_size = r.ReadI32(), true);
      case 3:
        return (h.compressed_size = r.ReadI32(), true);
      case 5:
      case 7:
        ForEachField(r, data_page);
        return true;
      case 8:
        ForEachField(r, data_page_v2);
        return true;
      default:
        return false;
    }
  });
  if (r.failed()) return Corrupt("a page header is not valid Thrift compact protocol");
  if (h.compressed_size < 0 || h.uncompressed_size < 0 || h.num_values < 0 || h.def_levels_bytes < 0 ||
      h.rep_levels_bytes < 0)
    return Corrupt("a page header has a negative size");
  *header_size = r.consumed(data);
  return h;
}

namespace {

void WriteLogicalType(ThriftWriter& w, const SchemaElement& e) {
  if (e.kind == ValueKind::kPlain || e.kind == ValueKind::kOther) return;
  w.FieldStruct(10);
  switch (e.kind) {
    case ValueKind::kString:
      w.FieldStruct(1);
      w.EndStruct();
      break;
    case ValueKind::kDecimal:
      w.FieldStruct(5);
      w.FieldI32(1, e.scale);
      w.FieldI32(2, e.precision);
      w.EndStruct();
      break;
    case ValueKind::kDate:
      w.FieldStruct(6);
      w.EndStruct();
      break;
    case ValueKind::kTimestamp:
      w.FieldStruct(8);
      w.FieldBool(1, false);
      w.FieldStruct(2);
      w.FieldStruct(e.unit == TimeUnit::kMillis ? 1 : e.unit == TimeUnit::kMicros ? 2 : 3);
      w.EndStruct();
      w.EndStruct();
      w.EndStruct();
      break;
    default:
      break;
  }
  w.EndStruct();
}

void WriteSchemaElement(ThriftWriter& w, const SchemaElement& e) {
  w.BeginStruct();
  if (e.type >= 0) w.FieldI32(1, e.type);
  if (e.type_length > 0) w.FieldI32(2, e.type_length);
  if (e.num_children == 0) w.FieldI32(3, static_cast<int32_t>(e.repetition));
  w.FieldBinary(4, e.name);
  if (e.num_children > 0) w.FieldI32(5, e.num_children);
  if (e.converted_type >= 0) w.FieldI32(6, e.converted_type);
  if (e.kind == ValueKind::kDecimal) {
    w.FieldI32(7, e.scale);
    w.FieldI32(8, e.precision);
  }
  WriteLogicalType(w, e);
  w.EndStruct();
}

void WriteColumnChunk(ThriftWriter& w, const ColumnChunk& c) {
  w.BeginStruct();
  w.FieldI64(2, c.StartOffset());
  w.FieldStruct(3);
  w.FieldI32(1, static_cast<int32_t>(c.type));
  w.FieldList(2, ThriftType::kI32, 2);
  w.ZigZag(static_cast<int32_t>(Encoding::kPlain));
  w.ZigZag(static_cast<int32_t>(Encoding::kRle));
  w.FieldList(3, ThriftType::kBinary, static_cast<uint32_t>(c.path.size()));
  for (const auto& p : c.path) w.Binary(p);
  w.FieldI32(4, static_cast<int32_t>(c.codec));
  w.FieldI64(5, c.num_values);
  w.FieldI64(6, c.total_uncompressed_size);
  w.FieldI64(7, c.total_compressed_size);
  w.FieldI64(9, c.data_page_offset);
  w.EndStruct();
  w.EndStruct();
}

}  // namespace

void WriteFileMetaData(const FileMetaData& meta, std::string* out) {
  ThriftWriter w(out);
  w.BeginStruct();
  w.FieldI32(1, meta.version);
  w.FieldList(2, ThriftType::kStruct, static_cast<uint32_t>(meta.schema.size()));
  for (const auto& e : meta.schema) WriteSchemaElement(w, e);
  w.FieldI64(3, meta.num_rows);
  w.FieldList(4, ThriftType::kStruct, static_cast<uint32_t>(meta.row_groups.size()));
  for (const auto& g : meta.row_groups) {
    w.BeginStruct();
    w.FieldList(1, ThriftType::kStruct, static_cast<uint32_t>(g.columns.size()));
    for (const auto& c : g.columns) WriteColumnChunk(w, c);
    w.FieldI64(2, g.total_byte_size);
    w.FieldI64(3, g.num_rows);
    w.EndStruct();
  }
  if (!meta.created_by.empty()) w.FieldBinary(6, meta.created_by);
  w.EndStruct();
}

void WritePageHeader(const PageHeader& h, std::string* out) {
  ThriftWriter w(out);
  w.BeginStruct();
  w.FieldI32(1, static_cast<int32_t>(h.type));
  w.FieldI32(2, h.uncompressed_size);
  w.FieldI32(3, h.compressed_size);
  w.FieldStruct(h.type == PageType::kDictionaryPage ? 7 : 5);
  w.FieldI32(1, h.num_values);
  w.FieldI32(2, static_cast<int32_t>(h.encoding));
  if (h.type == PageType::kDataPage) {
    w.FieldI32(3, static_cast<int32_t>(Encoding::kRle));
    w.FieldI32(4, static_cast<int32_t>(Encoding::kRle));
  }
  w.EndStruct();
  w.EndStruct();
}

}  // namespace blueshift::load::parquet
