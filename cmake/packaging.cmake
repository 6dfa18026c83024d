# `cpack -G DEB` in the build directory: kconv_<version>_amd64.deb, holding
# under /usr what cmake/install.cmake and packaging/ install.
# docs/install.md says why each dependency is there.
set(CPACK_PACKAGE_NAME kconv)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "finds, proposes and gates the Linux ZONE_DEVICE / devmap / page->mapping conversions")
set(CPACK_PACKAGE_DESCRIPTION
    "kconv finds the sites of the ZONE_DEVICE conversions discussed on linux-mm (typed
Clang checkers over a configured kernel's compile commands, Coccinelle over every
file), proposes the refactors as checked patch series, gates a series commit by
commit (build, QEMU boot, refcount tests, checkpatch) and reports the progress per
MAINTAINERS entry.")
set(KCONV_PACKAGE_CONTACT "kconv maintainers" CACHE STRING "the .deb's Maintainer field")
set(CPACK_PACKAGE_CONTACT "${KCONV_PACKAGE_CONTACT}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# RelWithDebInfo leaves ~150 MB of debug info in the binary.
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# The linked libraries (libclang-cpp14, libllvm14, libgit2-1.5, libre2-9,
# libc6, libstdc++6) with the versions dpkg-shlibdeps reads from their
# packages.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# What kconv runs or reads beyond its own libraries.
set(runtime_depends
  # The Clang engine: the resource headers its parser was built to use.
  libclang-common-14-dev
  # Kernel builds with LLVM=1, under the unversioned names kconv and Kbuild
  # run (clang, ld.lld, llvm-objcopy, llvm-ar, llvm-nm); 14, as the libraries.
  clang-14 clang lld llvm
  # Kernel configuration and `make prepare`: Kconfig's parser, timeconst.h,
  # objtool.
  make flex bison bc libelf-dev
  # The Coccinelle engine and propose's rewrites.
  coccinelle
  # kconv test and gate: QEMU, the initramfs's busybox, static guest programs
  # (cc, libc.a), ext4 images for the emulated pmem.
  qemu-system-x86 busybox-static gcc libc6-dev e2fsprogs
  # propose and gate: git format-patch, mailsplit, mailinfo; the tree's
  # checkpatch.pl.
  git perl)
string(JOIN ", " CPACK_DEBIAN_PACKAGE_DEPENDS ${runtime_depends})
# Used when installed: ccache caches kernel builds, linux-source-6.12 is the
# default tree (kconv installs it itself when run as root), distcc spreads
# kernel builds when DISTCC_HOSTS is set; kconv test --arch arm64 boots
# qemu-system-aarch64 and links its guest programs against the arm64 cross
# libc (busybox-static:arm64 it fetches itself with apt-get download).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ccache")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS
    "linux-source-6.12, distcc, qemu-system-arm, libc6-dev-arm64-cross, libgcc-12-dev-arm64-cross")
include(CPack)
