// The page of one List call (AIP-158) from its request to its answer: the
// page size to serve, the key the page starts after, one extra row fetched
// to tell whether a next page exists, and the token that continues after
// the page's last key. Every List method of the suite pages through it:
//
//   ListWindow window = ListWindow::Of(request, request.page_size(),
//       request.page_token(), kDefaultPageSize, kMaxPageSize, &violations);
//   if (!violations.empty()) return violations.ToStatus();
//   query.after = window.after(); query.limit = window.fetch_limit();
//   ... read rows ...
//   const bool more = window.TrimToPage(rows);
//   if (more) response.set_next_page_token(window.TokenAfter(rows.back().key));
#ifndef INTERPLAN_COMMON_API_LIST_WINDOW_H_
#define INTERPLAN_COMMON_API_LIST_WINDOW_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/errors/errors.h"
#include "google/protobuf/message.h"

namespace interplan {

class ListWindow {
 public:
  // Reads `page_size` (>= 0; 0 means `default_size`, at most `max_size`)
  // and `page_token` (bound to the request's filters) of `request`, adding
  // what is wrong with them to `violations` under "page_size" and
  // "page_token". When a violation was added the window must not be used.
  static ListWindow Of(const google::protobuf::Message& request, int32_t page_size,
                       absl::string_view page_token, int default_size, int max_size,
                       FieldViolations* violations);

  // A window of no rows, to be replaced by one from Of().
  ListWindow() : page_size_(0), fingerprint_(0) {}

  // How many rows to serve.
  int page_size() const { return page_size_; }
  // How many rows to read: one more than a page tells whether there is more.
  int fetch_limit() const { return page_size_ + 1; }
  // The last key of the previous page; "" on the first page.
  const std::string& after() const { return after_; }

  // Whether `rows` holds more than a page; if so, drops what is past it.
  template <typename Row>
  bool TrimToPage(std::vector<Row>& rows) const {
    if (static_cast<int>(rows.size()) <= page_size_) return false;
    rows.resize(page_size_);
    return true;
  }

  // Whether a read that asked for fetch_limit() rows and got `fetched`
  // reached the end of what matches.
  bool Exhausted(int fetched) const { return fetched < fetch_limit(); }

  // The token of the page that starts after `last_key`.
  std::string TokenAfter(absl::string_view last_key) const;

 private:
  ListWindow(int page_size, std::string after, uint64_t fingerprint)
      : page_size_(page_size), after_(std::move(after)), fingerprint_(fingerprint) {}

  int page_size_;
  std::string after_;
  uint64_t fingerprint_;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_API_LIST_WINDOW_H_
