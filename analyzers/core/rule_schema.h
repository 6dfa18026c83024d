// The typed schema of a rule file, one per checker kind: which keys the
// checker, the Coccinelle engine, the classifier, the reports and the
// refactorings read, of what JSON type, and which are required. A rule
// file is checked against its checker's schema when the pack is loaded, so
// no reader meets a missing key or a wrong type later, and a typo (an
// unknown key, an unknown checker) is an error rather than rules silently
// dropped. Errors name the file and the key: "devmap.json: names[3].name:
// expected a string".
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kconv {

struct SchemaNode {
  enum class Type { String, Integer, Boolean, Object, Array, Map, AnyObject };
  Type type = Type::String;
  struct Field {
    std::string key;
    bool required = false;
    std::shared_ptr<const SchemaNode> node;
  };
  std::vector<Field> fields;  // Object: its keys (no others allowed)
  std::shared_ptr<const SchemaNode> element;  // Array: each element; Map: each value
};

// The checker kinds that have a schema, sorted ("devmap", ...).
std::vector<std::string> schemaCheckers();

// The schema of `checker`'s rule files; nullptr for an unknown checker.
std::shared_ptr<const SchemaNode> ruleSchema(const std::string &checker);

// Throws InputError "<file>: <key path>: <what was expected>" on the first
// mismatch.
void validateAgainst(const SchemaNode &schema, const nlohmann::json &value,
                     const std::string &file, const std::string &path = "");

}  // namespace kconv
