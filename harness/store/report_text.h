// Text helpers shared by the store's HTML and SVG reports (timeline.html,
// messages.svg). Histories and message bodies come from node output, so
// every string that reaches a report goes through EscapeXml: the result is
// valid UTF-8 XML text or attribute content whatever the input bytes.
// Pure functions, thread-compatible.
#ifndef HARNESS_STORE_REPORT_TEXT_H_
#define HARNESS_STORE_REPORT_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace harness {

// Escapes & < > " ' as entities and '\n' as "&#10;" (kept as a line break
// inside attributes, where XML would fold a raw newline into a space).
// Invalid UTF-8 and control characters other than tab become U+FFFD: either
// would make an SVG file unreadable to an XML parser.
std::string EscapeXml(std::string_view text);

// `text` itself when it has at most `max_bytes` bytes; otherwise its first
// bytes, cut at a character boundary, then "... (N bytes)".
std::string TruncateUtf8(std::string_view text, size_t max_bytes);

// "12.345 s" for a relative history/journal time (3 decimals, ms).
std::string FormatSeconds(int64_t time_ns);

}  // namespace harness

#endif  // HARNESS_STORE_REPORT_TEXT_H_
