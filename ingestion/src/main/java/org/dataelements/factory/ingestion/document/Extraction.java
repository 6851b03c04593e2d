package org.dataelements.factory.ingestion.document;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one file yielded: its media type and documents and quarantined elements, or the reason the
 * whole file is rejected.
 */
record Extraction(
    String mediaType,
    List<Doc> documents,
    List<Quarantined> quarantined,
    Optional<String> rejection) {

  Extraction {
    requireNonNull(mediaType, "mediaType is null");
    documents = List.copyOf(documents);
    quarantined = List.copyOf(quarantined);
    requireNonNull(rejection, "rejection is null");
  }

  static Extraction rejected(String mediaType, String reason) {
    return new Extraction(mediaType, List.of(), List.of(), Optional.of(reason));
  }

  /**
   * One document: where it sits in the file ({@code ""} for the whole file), its 1-based number in
   * the file, title and author where the format has them, extracted text and metadata.
   */
  record Doc(
      String elementPath,
      long recordNumber,
      Optional<String> title,
      Optional<String> author,
      String text,
      Map<String, Object> metadata) {
    Doc {
      requireNonNull(elementPath, "elementPath is null");
      requireNonNull(title, "title is null");
      requireNonNull(author, "author is null");
      requireNonNull(text, "text is null");
      // Not Map.copyOf: metadata keeps its insertion order for a readable JSON.
      metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
  }

  /** An element that cannot be a document (e.g. blank text), kept with its raw form and reason. */
  record Quarantined(long recordNumber, Optional<String> raw, String reason) {
    Quarantined {
      requireNonNull(raw, "raw is null");
      requireNonNull(reason, "reason is null");
    }
  }

  /** Collects the elements of one file in order, numbering them and quarantining blank ones. */
  static final class Builder {
    private final String mediaType;
    private final List<Doc> docs = new ArrayList<>();
    private final List<Quarantined> bad = new ArrayList<>();

    Builder(String mediaType) {
      this.mediaType = mediaType;
    }

    /** Adds an element: a document, or a quarantined one when its text is blank. */
    Builder add(
        String elementPath,
        Optional<String> title,
        Optional<String> author,
        String text,
        Map<String, Object> metadata,
        Optional<String> raw,
        String blankReason) {
      long number = docs.size() + bad.size() + 1L;
      if (text.isBlank()) {
        bad.add(new Quarantined(number, raw, blankReason));
      } else {
        docs.add(
            new Doc(
                elementPath,
                number,
                title.filter(s -> !s.isBlank()),
                author.filter(s -> !s.isBlank()),
                text,
                metadata));
      }
      return this;
    }

    Extraction build() {
      return new Extraction(mediaType, docs, bad, Optional.empty());
    }
  }
}
