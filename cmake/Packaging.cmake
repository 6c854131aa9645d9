# `make package`: a Debian package of the server (the web UI is inside the binary), with the
# trellis system user (postinst), a systemd unit running `trellis serve` configured by
# /etc/trellis/trellis.conf, and the data directory /var/lib/trellis.
include(GNUInstallDirs)

# cpack installs what is built; it must not first build every test and benchmark.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

install(TARGETS trellis RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES packaging/trellis.service DESTINATION lib/systemd/system)
install(FILES packaging/trellis.conf DESTINATION /etc/trellis)
install(FILES README.md LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME trellis)
set(CPACK_PACKAGE_VENDOR "The Trellis project")
set(CPACK_PACKAGE_CONTACT "The Trellis project <trellis@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Student support and case management for K-12 school districts")
set(CPACK_PACKAGE_DESCRIPTION
    "Trellis runs MTSS (tiered plans, intervention groups, plan reviews), referral forms, tasks,\n\
student meetings and student files, and opens a case for a student when staff do something\n\
for that student that the district chose to count. One binary serves the API and the web UI\n\
on SQLite or PostgreSQL.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_WARN_ON_ABSOLUTE_INSTALL_DESTINATION OFF)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# adduser for the system user; tzdata for --time-zone (the server refuses a zone it cannot find).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, tzdata")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "postgresql, nginx")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${CMAKE_SOURCE_DIR}/packaging/debian/postinst;${CMAKE_SOURCE_DIR}/packaging/debian/prerm;${CMAKE_SOURCE_DIR}/packaging/debian/postrm;${CMAKE_SOURCE_DIR}/packaging/debian/conffiles")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)
