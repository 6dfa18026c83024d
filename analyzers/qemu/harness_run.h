// `kconv test` as plain steps called in order, as kunit.py's run_tests:
// configure -> build kernel -> build guest programs -> initramfs -> boot
// -> collect results -> report. Everything lands in the tree's O=
// directory in kconv's cache; the tree itself is only read.
#pragma once

#include <functional>
#include <string>

#include "qemu/harness_report.h"
#include "kernel/kernel_tree.h"
#include "qemu/guest_machine.h"

namespace kconv {

struct TestRunOptions {
  std::string treeDir;  // a kernel source tree
  std::string arch = "x86_64";  // ARCH= of the guest (qemu/guest_machine.h)
  std::string reportDir;  // empty: <build dir>/report
  unsigned jobs = 1;
  unsigned qemuTimeoutSeconds = 1500;
  std::function<void(const std::string &)> status;  // progress messages
};

struct TestRunResult {
  TestReport report;
  std::string reportDir;
};

// What a run needs (build tools, the machine's QEMU, static compiler and
// busybox, mkfs.ext4, the tree's hmm-tests), checked before any long work
// (another architecture's busybox is fetched then, once); throws InputError
// naming what is missing.
void checkTestTools(const KernelTree &tree, const GuestMachine &machine,
                    const std::function<void(const std::string &)> &status = {});

// Throws InputError for usage/input problems (not a tree, a missing tool,
// a failed build naming its log); test failures are in the report.
TestRunResult runRefcountTests(const TestRunOptions &options);

}  // namespace kconv
