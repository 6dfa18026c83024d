// Temporary files kconv creates (spatch's file groups and outputs, a
// report's half-written copy beside its target): registered while they
// exist, so that a signal's exit path (kernel/interrupt.h) can remove them
// and no run leaves a file behind, however it ends.
#pragma once

#include <string>

namespace kconv {

// $TMPDIR, else /tmp.
std::string tempDirectory();

// Creates an empty file from `pattern` (mkstemp: it must end in "XXXXXX"),
// registers it and returns its path; "" when it cannot be created.
std::string makeTempFile(const std::string &pattern);

// Removes the file and forgets it.
void removeTempFile(const std::string &path);

// Forgets the file without removing it (it was renamed into place).
void keepTempFile(const std::string &path);

// Removes every registered file (the interrupted exit path).
void removeAllTempFiles();

// The signal that interrupted the run, 0 if none (set by
// kernel/interrupt.h's handler in its Exit mode). A write that finishes after it does not
// replace its target: the result may be missing what the killed children
// were computing, and the user's file stays old rather than becoming wrong.
int interruptedBy();
void setInterruptedBy(int signal);

// A registered temporary file, removed when it goes out of scope.
class TempFile {
 public:
  explicit TempFile(const std::string &pattern) : path_(makeTempFile(pattern)) {}
  ~TempFile() {
    if (!path_.empty()) removeTempFile(path_);
  }
  TempFile(const TempFile &) = delete;
  TempFile &operator=(const TempFile &) = delete;
  const std::string &path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace kconv
