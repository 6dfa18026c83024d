#include "core/json_reader.h"

#include "core/errors.h"
#include "core/text_escape.h"

namespace kconv {

JsonReader::JsonReader(const nlohmann::json &value, std::string source, std::string path)
    : value_(value), source_(std::move(source)), path_(std::move(path)) {}

nlohmann::json JsonReader::parse(const std::string &text, const std::string &source) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception &e) {
    throw InputError(source + ": not JSON: " + e.what());
  }
}

void JsonReader::fail(const std::string &what) const {
  throw InputError(source_ + ": " + (path_.empty() ? "(top level)" : escapeLine(path_)) + ": " +
                   what);
}

const JsonReader &JsonReader::expectObject() const {
  if (!value_.is_object()) fail("expected an object");
  return *this;
}

const JsonReader &JsonReader::expectArray() const {
  if (!value_.is_array()) fail("expected an array");
  return *this;
}

std::string JsonReader::child(const std::string &key) const {
  return path_.empty() ? key : path_ + "." + key;
}

bool JsonReader::has(const std::string &key) const {
  return value_.is_object() && value_.contains(key);
}

JsonReader JsonReader::at(const std::string &key) const {
  expectObject();
  if (!value_.contains(key)) JsonReader(value_, source_, child(key)).fail("missing");
  return JsonReader(value_.at(key), source_, child(key));
}

JsonReader JsonReader::operator[](size_t index) const {
  expectArray();
  return JsonReader(value_.at(index), source_, path_ + "[" + std::to_string(index) + "]");
}

size_t JsonReader::size() const { return value_.is_array() || value_.is_object() ? value_.size() : 0; }

std::string JsonReader::asString() const {
  if (!value_.is_string()) fail("expected a string");
  return value_.get<std::string>();
}

int64_t JsonReader::asInteger(int64_t min, int64_t max) const {
  bool ok = value_.is_number_integer();
  if (ok && value_.is_number_unsigned())
    ok = value_.get<uint64_t>() <= static_cast<uint64_t>(max) && max >= 0 &&
         static_cast<int64_t>(value_.get<uint64_t>()) >= min;
  else if (ok)
    ok = value_.get<int64_t>() >= min && value_.get<int64_t>() <= max;
  if (!ok)
    fail("expected an integer from " + std::to_string(min) + " to " + std::to_string(max));
  return value_.is_number_unsigned() ? static_cast<int64_t>(value_.get<uint64_t>())
                                     : value_.get<int64_t>();
}

std::string JsonReader::string(const std::string &key) const { return at(key).asString(); }

std::string JsonReader::string(const std::string &key, const std::string &otherwise) const {
  return has(key) ? at(key).asString() : (expectObject(), otherwise);
}

int64_t JsonReader::integer(const std::string &key, int64_t min, int64_t max) const {
  return at(key).asInteger(min, max);
}

int64_t JsonReader::integer(const std::string &key, int64_t min, int64_t max,
                            int64_t otherwise) const {
  return has(key) ? at(key).asInteger(min, max) : (expectObject(), otherwise);
}

bool JsonReader::boolean(const std::string &key, bool otherwise) const {
  if (!has(key)) return expectObject(), otherwise;
  JsonReader v = at(key);
  if (!v.json().is_boolean()) v.fail("expected true or false");
  return v.json().get<bool>();
}

}  // namespace kconv
