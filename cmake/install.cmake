# What `cmake --install` (and so the .deb) puts where. The binary finds its
# data as <bin>/../share/kconv (dataDir() in core/rule_pack.cpp), so the
# destinations are fixed relative to each other rather than taken from
# GNUInstallDirs, which a distribution may point elsewhere.
install(TARGETS kconv RUNTIME DESTINATION bin)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rules ${PROJECT_SOURCE_DIR}/semantic-patches
        DESTINATION share/kconv)
# Only the ci/ parts kconv test reads at run time (the guest's programs and
# init, the kernel config fragment); ci/jobs and ci/sanitize serve kconv's
# own CI.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/ci/guest ${PROJECT_SOURCE_DIR}/ci/config
        DESTINATION share/kconv/ci)
