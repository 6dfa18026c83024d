// Typed reading of JSON kconv did not write itself in this run (findings,
// shard files, compile databases, gate policies, rule files): every value
// is checked for its type and range where it is read, and a mismatch is an
// InputError "<file>: <key path>: <what was expected>" (exit 2), never a
// nlohmann exception escaping as an abort or a silently wrapped number.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace kconv {

class JsonReader {
 public:
  // `source` names the input in errors (a file path); `path` is the key
  // path of `value` inside it ("" at the top).
  JsonReader(const nlohmann::json &value, std::string source, std::string path = "");

  // Parses `text`; throws InputError "<source>: not JSON: ..." when it is not.
  static nlohmann::json parse(const std::string &text, const std::string &source);

  const nlohmann::json &json() const { return value_; }
  const std::string &source() const { return source_; }
  const std::string &path() const { return path_; }

  [[noreturn]] void fail(const std::string &what) const;
  const JsonReader &expectObject() const;
  const JsonReader &expectArray() const;

  bool has(const std::string &key) const;
  JsonReader at(const std::string &key) const;  // a required member
  JsonReader operator[](size_t index) const;  // an element of an array
  size_t size() const;  // of an array (expectArray first)

  std::string string(const std::string &key) const;  // required
  std::string string(const std::string &key, const std::string &otherwise) const;
  int64_t integer(const std::string &key, int64_t min, int64_t max) const;  // required
  int64_t integer(const std::string &key, int64_t min, int64_t max, int64_t otherwise) const;
  bool boolean(const std::string &key, bool otherwise) const;
  // This value itself.
  std::string asString() const;
  int64_t asInteger(int64_t min, int64_t max) const;

 private:
  std::string child(const std::string &key) const;
  const nlohmann::json &value_;
  std::string source_, path_;
};

}  // namespace kconv
