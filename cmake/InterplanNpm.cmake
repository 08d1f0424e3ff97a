# interplan_npm_ci(<target> SOURCE_DIR <dir> BINARY_DIR <dir> [OMIT_DEV] [CHECK <command...>])
#
# Installs the npm packages pinned in <SOURCE_DIR>/package.json and
# package-lock.json into <BINARY_DIR>/node_modules with `npm ci` (nothing in
# the source tree), again whenever either file changes, then runs CHECK (a
# command proving the install works) if given. <target> is built by `all`.
# OMIT_DEV leaves out the devDependencies (what only the tests use).
# It needs the npm registry once per change of the lock file.
# --ignore-scripts: no package we pin needs its install scripts (buf's
# postinstall only checks the platform binary its optional dependency
# brings; protobufjs's only checks optional command-line tools; Chart.js
# and puppeteer-core have none that matter: puppeteer-core downloads no
# browser, the dashboard's test uses Debian's chromium).
function(interplan_npm_ci target)
  cmake_parse_arguments(ARG "OMIT_DEV" "SOURCE_DIR;BINARY_DIR" "CHECK" ${ARGN})
  set(omit "")
  if(ARG_OMIT_DEV)
    set(omit --omit=dev)
  endif()
  find_program(NPM_EXECUTABLE npm)
  if(NOT NPM_EXECUTABLE)
    message(FATAL_ERROR "npm is missing (${target} needs packages from npm): run 'make deps'")
  endif()
  set(check "")
  if(ARG_CHECK)
    set(check COMMAND ${ARG_CHECK})
  endif()
  file(RELATIVE_PATH lock ${PROJECT_SOURCE_DIR} ${ARG_SOURCE_DIR}/package-lock.json)
  add_custom_command(
    OUTPUT ${ARG_BINARY_DIR}/npm-ci.stamp
    COMMAND ${CMAKE_COMMAND} -E make_directory ${ARG_BINARY_DIR}
    COMMAND ${CMAKE_COMMAND} -E copy ${ARG_SOURCE_DIR}/package.json
            ${ARG_SOURCE_DIR}/package-lock.json ${ARG_BINARY_DIR}
    COMMAND ${NPM_EXECUTABLE} ci ${omit} --ignore-scripts --no-audit --no-fund --loglevel=error
    ${check}
    COMMAND ${CMAKE_COMMAND} -E touch ${ARG_BINARY_DIR}/npm-ci.stamp
    WORKING_DIRECTORY ${ARG_BINARY_DIR}
    DEPENDS ${ARG_SOURCE_DIR}/package.json ${ARG_SOURCE_DIR}/package-lock.json
    COMMENT "npm ci: the packages pinned in ${lock}"
    VERBATIM)
  add_custom_target(${target} ALL DEPENDS ${ARG_BINARY_DIR}/npm-ci.stamp)
endfunction()
