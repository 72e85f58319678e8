#pragma once
// The files under data/, compiled into the executable at build time.

#include <span>
#include <string_view>

namespace threadline::refdata {

struct EmbeddedFile {
  std::string_view path;  // relative to data/, with '/' separators
  std::string_view content;
};

std::span<const EmbeddedFile> EmbeddedFiles();

}  // namespace threadline::refdata
