#include "kernel/shell_words.h"

namespace kconv {

namespace {

class Splitter {
 public:
  explicit Splitter(const std::string &line) : line_(line) {}

  std::vector<ShellCommand> run() {
    for (pos_ = 0; pos_ < line_.size(); ++pos_) {
      char c = line_[pos_];
      if (c == '\'') singleQuoted();
      else if (c == '"') doubleQuoted();
      else if (c == '\\' && pos_ + 1 < line_.size()) appendChar(line_[++pos_]);
      else if (c == ';' || c == '&' || c == '|' || c == '\n') endCommand();
      else if (c == ' ' || c == '\t') endWord();
      else appendChar(c);
    }
    endCommand();
    return std::move(commands_);
  }

 private:
  void appendChar(char c) {
    word_ += c;
    inWord_ = true;
  }
  void singleQuoted() {
    inWord_ = true;
    for (++pos_; pos_ < line_.size() && line_[pos_] != '\''; ++pos_)
      word_ += line_[pos_];
  }
  void doubleQuoted() {
    inWord_ = true;
    for (++pos_; pos_ < line_.size() && line_[pos_] != '"'; ++pos_) {
      char c = line_[pos_];
      if (c == '\\' && pos_ + 1 < line_.size() &&
          std::string("\"\\$`").find(line_[pos_ + 1]) != std::string::npos)
        c = line_[++pos_];
      word_ += c;
    }
  }
  void endWord() {
    if (inWord_) current_.push_back(word_);
    word_.clear();
    inWord_ = false;
  }
  void endCommand() {
    endWord();
    if (!current_.empty()) commands_.push_back(std::move(current_));
    current_.clear();
  }

  const std::string &line_;
  size_t pos_ = 0;
  std::string word_;
  bool inWord_ = false;
  ShellCommand current_;
  std::vector<ShellCommand> commands_;
};

}  // namespace

std::vector<ShellCommand> splitShellCommands(const std::string &line) {
  return Splitter(line).run();
}

std::string shellQuote(const std::string &word) {
  if (!word.empty() &&
      word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                             "0123456789_-+=./,:@%") == std::string::npos)
    return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace kconv
