// Busybox, the guest's whole userland, for the guest's architecture and
// linked statically. The host's own comes from busybox-static. Another
// architecture's cannot be installed beside it (busybox-static is not
// Multi-Arch: same), so kconv takes Debian's busybox-static:<arch> from
// apt's archive cache or fetches it with `apt-get download` (the host must
// have the architecture added once: `dpkg --add-architecture arm64 &&
// apt-get update`), unpacks its one binary into kconv's cache, and checks it
// as it checks the host's.
#pragma once

#include <functional>
#include <string>

#include "qemu/guest_machine.h"

namespace kconv {

// The path of a static busybox for `machine`; throws InputError naming
// what to install when there is none (or it is dynamic, or for another
// architecture). `status` hears of the one-time download.
std::string guestBusybox(const GuestMachine &machine,
                         const std::function<void(const std::string &)> &status = {});

// Throws InputError unless `path` is a static ELF binary for `machine`.
void checkGuestBinary(const std::string &path, const GuestMachine &machine);

}  // namespace kconv
