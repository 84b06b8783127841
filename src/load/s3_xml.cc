#include "load/s3_xml.h"

#include <cstdlib>

namespace blueshift::load {

namespace {
std::string Decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    size_t semi = s.find(';', i);
    if (semi == std::string_view::npos) {
      out += s[i];
      continue;
    }
    std::string_view ent = s.substr(i + 1, semi - i - 1);
    if (ent == "amp")
      out += '&';
    else if (ent == "lt")
      out += '<';
    else if (ent == "gt")
      out += '>';
    else if (ent == "quot")
      out += '"';
    else if (ent == "apos")
      out += '\'';
    else if (ent.size() > 1 && ent[0] == '#')
      out += static_cast<char>(
          std::strtol(std::string(ent.substr(ent[1] == 'x' ? 2 : 1)).c_str(), nullptr, ent[1] == 'x' ? 16 : 10));
    else
      out += "&" + std::string(ent) + ";";
    i = semi;
  }
  return out;
}
}  // namespace

std::vector<std::string> XmlElements(std::string_view xml, const std::string& tag) {
  std::vector<std::string> out;
  std::string open = "<" + tag + ">", close = "</" + tag + ">";
  size_t pos = 0;
  while ((pos = xml.find(open, pos)) != std::string_view::npos) {
    size_t b = pos + open.size();
    size_t e = xml.find(close, b);
    if (e == std::string_view::npos) break;
    out.emplace_back(xml.substr(b, e - b));
    pos = e + close.size();
  }
  return out;
}

std::string XmlText(std::string_view xml, const std::string& tag) {
  auto all = XmlElements(xml, tag);
  return all.empty() ? "" : Decode(all[0]);
}

}  // namespace blueshift::load
