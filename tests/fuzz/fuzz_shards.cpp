// `kconv merge` of two shard files (the input split at its first NUL byte).
#include "core/errors.h"
#include "core/json_reader.h"
#include "core/shard_merge.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  size_t cut = text.find('\0');
  std::string a = text.substr(0, cut), b = cut == std::string::npos ? a : text.substr(cut + 1);
  try {
    std::vector<kconv::ShardFile> shards = {{"a.json", kconv::JsonReader::parse(a, "a.json")},
                                            {"b.json", kconv::JsonReader::parse(b, "b.json")}};
    (void)kconv::mergeShards(shards);
    (void)kconv::parseShardSpec(a.substr(0, 16));
  } catch (const kconv::KconvError &) {
  }
  return 0;
}
