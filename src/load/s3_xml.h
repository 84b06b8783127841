#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace blueshift::load {

// Just enough XML for S3's responses (ListObjectsV2, multipart upload, errors): the text of the first
// <tag>...</tag> (entities decoded), and the inner text of every <tag> element.
std::string XmlText(std::string_view xml, const std::string& tag);
std::vector<std::string> XmlElements(std::string_view xml, const std::string& tag);

}  // namespace blueshift::load
