#include "services/plans/import/docx_text.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <climits>
#include <memory>
#include <mutex>

#include "absl/status/status.h"
#include "services/plans/import/document_text.h"
#include "services/plans/import/paragraph_sink.h"
#include "services/plans/import/zip_member.h"

namespace interplan::plans::import {
namespace {

constexpr absl::string_view kDoctypeRefused =
    "the .docx is refused: XML with a DTD or entities is not accepted (Word never writes one)";

struct ContextFree {
  void operator()(xmlParserCtxt* context) const { xmlFreeParserCtxt(context); }
};
struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

// SAX hook called when a <!DOCTYPE ...> starts: nothing of it is read further.
void RefuseDoctype(void* context, const xmlChar*, const xmlChar*, const xmlChar*) {
  auto* parser = static_cast<xmlParserCtxt*>(context);
  *static_cast<bool*>(parser->_private) = true;
  xmlStopParser(parser);
}

bool Is(const xmlNode* node, const char* local_name) {
  return node->type == XML_ELEMENT_NODE &&
         xmlStrEqual(node->name, reinterpret_cast<const xmlChar*>(local_name));
}

// Walks the body in document order. Elements are matched by local name, so
// both the transitional and the strict OOXML namespaces are read.
class BodyWalker {
 public:
  explicit BodyWalker(ParagraphSink& sink) : sink_(sink) {}

  // Reads the children of `root` and flushes the last paragraph.
  absl::Status Run(const xmlNode* root) {
    Walk(root->children);
    Flush();
    return status_;
  }

 private:
  void Walk(const xmlNode* node) {
    for (; node != nullptr && status_.ok(); node = node->next) Visit(node);
  }

  void Visit(const xmlNode* node) {
    if (node->type != XML_ELEMENT_NODE) return;
    if (Is(node, "t")) {
      for (const xmlNode* text = node->children; text != nullptr; text = text->next) {
        if (text->content != nullptr &&
            (text->type == XML_TEXT_NODE || text->type == XML_CDATA_SECTION_NODE)) {
          current_ += reinterpret_cast<const char*>(text->content);
        }
      }
    } else if (Is(node, "tab")) {
      current_ += ' ';
    } else if (Is(node, "noBreakHyphen")) {
      current_ += '-';
    } else if (Is(node, "br") || Is(node, "cr")) {
      Flush();
    } else if (Is(node, "p")) {
      // A paragraph with <w:numPr> is a list item whose number Word draws
      // from numbering.xml; the number is not invented here: only the text
      // as written is kept (Vietnamese plans type "a)", "-", "1." in it).
      Flush();
      Walk(node->children);
      Flush();
    } else if (Is(node, "Fallback") || Is(node, "delText") || Is(node, "instrText")) {
      // mc:Fallback repeats mc:Choice; deleted text and field codes are not
      // the document's text.
    } else {
      Walk(node->children);
    }
  }

  void Flush() {
    if (current_.empty() || !status_.ok()) return;
    status_ = sink_.Add(current_);
    current_.clear();
  }

  ParagraphSink& sink_;
  std::string current_;
  absl::Status status_;
};

void InitLibxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

}  // namespace

absl::StatusOr<std::vector<std::string>> WordXmlParagraphs(absl::string_view xml) {
  InitLibxml();
  if (xml.size() > static_cast<size_t>(INT_MAX)) {
    return absl::InvalidArgumentError("the .docx's text is too large");
  }
  std::unique_ptr<xmlParserCtxt, ContextFree> context(xmlNewParserCtxt());
  if (context == nullptr) return absl::ResourceExhaustedError("no memory to read the .docx");
  bool saw_doctype = false;
  context->_private = &saw_doctype;
  context->sax->internalSubset = RefuseDoctype;
  // No XML_PARSE_NOENT (entities stay unexpanded), no DTDLOAD, no HUGE.
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  std::unique_ptr<xmlDoc, DocFree> doc(xmlCtxtReadMemory(
      context.get(), xml.data(), static_cast<int>(xml.size()), "document.xml", nullptr, options));
  if (saw_doctype) return absl::InvalidArgumentError(kDoctypeRefused);
  if (doc == nullptr || !context->wellFormed) {
    return absl::InvalidArgumentError(
        "the .docx is damaged (word/document.xml is not well-formed XML): save it again from "
        "Word");
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr || !Is(root, "document")) {
    return absl::InvalidArgumentError("the .docx's word/document.xml is not a Word document body");
  }
  ParagraphSink sink(kMaxExtractedBytes);
  BodyWalker walker(sink);
  absl::Status walked = walker.Run(root);
  if (!walked.ok()) return walked;
  return sink.Release();
}

absl::StatusOr<std::vector<std::string>> DocxParagraphs(absl::string_view archive) {
  absl::StatusOr<std::string> xml = ReadZipMember(archive, "word/document.xml", DocxZipLimits());
  if (!xml.ok()) return xml.status();
  return WordXmlParagraphs(*xml);
}

}  // namespace interplan::plans::import
