// Errors that end a command with a one-line message. They are thrown where
// the problem is found and caught once, in main, where they become the
// message and the exit code (2 for usage and input errors, as linters do).
#pragma once

#include <stdexcept>
#include <string>

namespace kconv {

struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace kconv
