#include "common/config/reference_dir.h"

#include <cstdlib>

#ifndef INTERPLAN_DEFAULT_REFERENCE_DIR
#define INTERPLAN_DEFAULT_REFERENCE_DIR "data/reference"
#endif

namespace interplan {

std::string ReferenceDir() {
  const char* dir = std::getenv("INTERPLAN_REFERENCE_DIR");
  if (dir != nullptr && *dir != '\0') return dir;
  return INTERPLAN_DEFAULT_REFERENCE_DIR;
}

}  // namespace interplan
