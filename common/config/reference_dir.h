// Where the shipped reference data lives: $INTERPLAN_REFERENCE_DIR, else
// the source tree's data/reference (compiled in), so a developer's build
// finds it and a container sets the variable.
#ifndef INTERPLAN_COMMON_CONFIG_REFERENCE_DIR_H_
#define INTERPLAN_COMMON_CONFIG_REFERENCE_DIR_H_

#include <string>

namespace interplan {

std::string ReferenceDir();

}  // namespace interplan

#endif  // INTERPLAN_COMMON_CONFIG_REFERENCE_DIR_H_
