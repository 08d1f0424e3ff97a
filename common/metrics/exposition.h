// The pieces of the Prometheus text exposition format, version 0.0.4: names,
// label sets, escaping and numbers, as a scraper expects them.
// https://prometheus.io/docs/instrumenting/exposition_formats/
#ifndef INTERPLAN_COMMON_METRICS_EXPOSITION_H_
#define INTERPLAN_COMMON_METRICS_EXPOSITION_H_

#include <map>
#include <string>

#include "absl/strings/string_view.h"

namespace interplan::metrics {

// The Content-Type of a rendered registry.
inline constexpr absl::string_view kExpositionContentType =
    "text/plain; version=0.0.4; charset=utf-8";

// A metric's labels, name to value; a map, so one label set has one form.
using Labels = std::map<std::string, std::string>;

// [a-zA-Z_:][a-zA-Z0-9_:]*
bool IsValidMetricName(absl::string_view name);
// [a-zA-Z_][a-zA-Z0-9_]*
bool IsValidLabelName(absl::string_view name);
// `name` with every character a metric (or, with `label`, a label) name may
// not hold replaced by '_', and '_' put before a leading digit.
std::string SanitizeName(absl::string_view name, bool label);

// HELP text: '\' and newline escaped as "\\" and "\n".
std::string EscapeHelp(absl::string_view help);
// A label value: '\', '"' and newline escaped as "\\", "\"" and "\n".
std::string EscapeLabelValue(absl::string_view value);

// A sample value: whole numbers below 1e15 in full ("500000"), others in
// the shortest text that reads back as the same double, without an
// exponent from 1e-4 to 1e15 ("0.1", "0.0005", "1e-05", "1e+21"),
// and "+Inf", "-Inf", "NaN".
std::string FormatValue(double value);

// `{a="1",b="x"}` for `labels` plus, when `extra_name` is not empty, one
// more label after them (the histogram's "le"); "" when there are none.
std::string FormatLabels(const Labels& labels, absl::string_view extra_name = "",
                         absl::string_view extra_value = "");

}  // namespace interplan::metrics

#endif  // INTERPLAN_COMMON_METRICS_EXPOSITION_H_
