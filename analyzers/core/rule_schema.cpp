#include "core/rule_schema.h"

#include <map>

#include "core/errors.h"

namespace kconv {

namespace {

using Node = std::shared_ptr<const SchemaNode>;
using Type = SchemaNode::Type;
using Field = SchemaNode::Field;

Node leaf(Type t) {
  auto n = std::make_shared<SchemaNode>();
  n->type = t;
  return n;
}
Node str() { return leaf(Type::String); }
Node integer() { return leaf(Type::Integer); }
Node boolean() { return leaf(Type::Boolean); }
Node anyObject() { return leaf(Type::AnyObject); }
Node arrayOf(Node element) {
  auto n = std::make_shared<SchemaNode>();
  n->type = Type::Array;
  n->element = std::move(element);
  return n;
}
Node strings() { return arrayOf(str()); }
Node mapOf(Node value) {
  auto n = std::make_shared<SchemaNode>();
  n->type = Type::Map;
  n->element = std::move(value);
  return n;
}
Node object(std::vector<Field> fields) {
  auto n = std::make_shared<SchemaNode>();
  n->type = Type::Object;
  n->fields = std::move(fields);
  return n;
}
Field req(const std::string &key, Node node) { return {key, true, std::move(node)}; }
Field opt(const std::string &key, Node node) { return {key, false, std::move(node)}; }

// core/rule_pack_api.h: when an entry or a category applies to a tree: the
// declarations its headers have (or lack), else its version range.
Node applies() {
  return object({opt("declares", strings()), opt("declares_any", strings()),
                 opt("lacks", strings()), opt("since", str()), opt("before", str())});
}

// One named rule: a function, macro or member the checker reports.
Node nameEntry() {
  return object({req("name", str()), opt("message", str()), opt("replacement", str()),
                 opt("applies", applies())});
}

// Keys every rule file may carry, whatever its checker.
std::vector<Field> common() {
  return {req("category", str()), req("checker", str()), opt("description", str()),
          // core/classifier.h: the first entry whose `when` matches sets details.
          opt("classify", arrayOf(object({opt("when", object({opt("rule", str()),
                                                               opt("function", str()),
                                                               opt("file", str()),
                                                               opt("code", str()),
                                                               opt("kind", str()),
                                                               opt("types", strings())})),
                                          req("set", anyObject())}))),
          opt("default", anyObject()), opt("classify_notes", strings()),
          // cocci/source_scan.h and clang/prefilter.h: where a member counts.
          opt("lexical_scope", strings()), opt("prefilter_scope", strings()),
          // core/rule_pack_api.h: whether the tree has the category's API.
          opt("api", object({req("applies", applies()), opt("absent", str()),
                             opt("summary", str())}))};
}

// refactor/mechanical_proposal.h: a conversion done by a semantic patch.
Node mechanicalRefactor(bool helpers) {
  std::vector<Field> f = {
      req("semantic_patch", str()),
      req("candidates", object({req("detail", str()), req("values", strings())})),
      req("subject", str()), req("why", strings()), opt("cover_subject", str()),
      opt("safe", str()), opt("token_from_rule", boolean())};
  if (helpers)
    f.push_back(opt("helpers", object({req("file", str()), req("after", str()),
                                       req("text", str()), req("subject", str()),
                                       req("why", strings())})));
  return object(std::move(f));
}

Node withCommon(std::vector<Field> own) {
  std::vector<Field> all = common();
  all.insert(all.end(), own.begin(), own.end());
  return object(std::move(all));
}

std::map<std::string, Node> makeSchemas() {
  std::map<std::string, Node> s;
  // clang/devmap_checker.h: calls and definitions of named functions/macros,
  // and two-operand idioms such as pmd_trans_huge(x) || pmd_devmap(x).
  s["devmap"] = withCommon(
      {req("names", arrayOf(nameEntry())),
       opt("idioms", arrayOf(object({req("id", str()), req("operator", str()),
                                     req("left", strings()), req("right", strings()),
                                     opt("replacement", str()), opt("applies", applies())}))),
       opt("refactor", mechanicalRefactor(true))});
  // clang/pgmap_type_checker.h: reads of record::field and predicate calls;
  // refactor/pgmap_rules.h: the behaviour flags that replace them.
  s["pgmap-type"] = withCommon(
      {req("record", str()), req("field", str()), opt("untyped_bases", strings()),
       req("predicates", arrayOf(object({req("name", str()), opt("types", strings()),
                                         opt("message", str()), opt("applies", applies())}))),
       // The pgmap's ops: implementations (designated initializers) and calls.
       opt("ops", object({req("record", str()), req("members", arrayOf(nameEntry()))})),
       opt("behaviours", mapOf(object({opt("flag", str()), opt("bit", integer()),
                                       opt("types", strings()), opt("config", str()),
                                       opt("description", str()),
                                       opt("semantic_patch", str())}))),
       opt("flag_helpers", object({req("pgmap", str()), req("page", str()),
                                   req("folio", str())})),
       opt("series", object({opt("cover_subject", str()), opt("intro_subject", str()),
                             opt("motivation", strings()), opt("why_converted", str())}))});
  // clang/page_mapping_checker.h: accesses of record::field, by kind.
  // Names (the mapping's tag bits) as the devmap checker reports names.
  s["page-mapping"] = withCommon({req("record", str()), req("field", str()),
                                  opt("names", arrayOf(nameEntry())),
                                  opt("replacement", mapOf(str())),
                                  opt("refactor", mechanicalRefactor(false))});
  return s;
}

const std::map<std::string, Node> &schemas() {
  static const std::map<std::string, Node> s = makeSchemas();
  return s;
}

const char *expected(Type t) {
  switch (t) {
    case Type::String: return "expected a string";
    case Type::Integer: return "expected an integer";
    case Type::Boolean: return "expected true or false";
    case Type::Array: return "expected an array";
    case Type::Object:
    case Type::Map:
    case Type::AnyObject: return "expected an object";
  }
  return "unexpected value";
}

bool hasType(Type t, const nlohmann::json &v) {
  switch (t) {
    case Type::String: return v.is_string();
    case Type::Integer: return v.is_number_integer();
    case Type::Boolean: return v.is_boolean();
    case Type::Array: return v.is_array();
    case Type::Object:
    case Type::Map:
    case Type::AnyObject: return v.is_object();
  }
  return false;
}

}  // namespace

std::vector<std::string> schemaCheckers() {
  std::vector<std::string> out;
  for (const auto &[name, node] : schemas()) out.push_back(name);
  return out;
}

std::shared_ptr<const SchemaNode> ruleSchema(const std::string &checker) {
  auto it = schemas().find(checker);
  return it == schemas().end() ? nullptr : it->second;
}

void validateAgainst(const SchemaNode &schema, const nlohmann::json &value,
                     const std::string &file, const std::string &path) {
  auto fail = [&](const std::string &where, const std::string &what) {
    throw InputError(file + ": " + (where.empty() ? "(top level)" : where) + ": " + what);
  };
  if (!hasType(schema.type, value)) fail(path, expected(schema.type));
  std::string prefix = path.empty() ? "" : path + ".";
  switch (schema.type) {
    case Type::Array:
      for (size_t i = 0; i < value.size(); ++i)
        validateAgainst(*schema.element, value[i], file, path + "[" + std::to_string(i) + "]");
      break;
    case Type::Map:
      for (auto it = value.begin(); it != value.end(); ++it)
        validateAgainst(*schema.element, it.value(), file, prefix + it.key());
      break;
    case Type::Object: {
      for (const Field &f : schema.fields) {
        if (!value.contains(f.key)) {
          if (f.required) fail(prefix + f.key, "missing (" + std::string(expected(f.node->type)).substr(9) + ")");
          continue;
        }
        validateAgainst(*f.node, value.at(f.key), file, prefix + f.key);
      }
      for (auto it = value.begin(); it != value.end(); ++it) {
        bool known = false;
        for (const Field &f : schema.fields) known = known || f.key == it.key();
        if (!known) fail(prefix + it.key(), "unknown key");
      }
      break;
    }
    default:
      break;
  }
}

}  // namespace kconv
