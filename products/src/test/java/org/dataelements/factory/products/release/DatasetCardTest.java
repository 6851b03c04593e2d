package org.dataelements.factory.products.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatasetCardTest {
  static DatasetCard.Stat s(
      String dim, String key, long docs, long chars, Long tokens, Long items) {
    return new DatasetCard.Stat(
        dim,
        key,
        docs,
        Optional.of(chars),
        Optional.ofNullable(tokens),
        Optional.ofNullable(items));
  }

  static final DatasetCard.Release RELEASE =
      new DatasetCard.Release(
          "training_corpus",
          "1.2.0",
          Instant.parse("2026-12-04T01:00:00Z"),
          "20261204T010000Z_ab12",
          "Curated Chinese and English text.",
          "Each document keeps its source's licence.",
          Map.of("max_chars", "1000000", "min_text_ratio", "0.5", "near_duplicate_jaccard", "0.8"));

  static List<DatasetCard.Stat> stats() {
    List<DatasetCard.Stat> s = new ArrayList<>();
    s.add(s("total", "landed", 2000, 900_000, null, null));
    s.add(s("total", "kept", 1500, 600_000, 500_000L, null));
    s.add(s("language", "zh", 1400, 550_000, 480_000L, null));
    s.add(s("language", "en", 100, 50_000, 20_000L, null));
    s.add(s("domain", "literature", 900, 90_000, 80_000L, null));
    s.add(s("domain", "other", 600, 510_000, 420_000L, null));
    s.add(s("licence", "CC0 1.0 for the metadata", 100, 50_000, 20_000L, null));
    s.add(s("licence", "MIT (chinese-poetry)", 1400, 550_000, 480_000L, null));
    s.add(s("split", "train", 1350, 540_000, 450_000L, null));
    s.add(s("split", "validation", 80, 30_000, 25_000L, null));
    s.add(s("split", "test", 70, 30_000, 25_000L, null));
    s.add(s("filter", "too_long", 1, 2_000_000, null, null));
    s.add(s("filter", "low_text_ratio", 99, 1_000, null, null));
    s.add(s("dedup", "exact_duplicate", 100, 10_000, null, null));
    s.add(s("dedup", "near_duplicate", 300, 30_000, null, null));
    s.add(s("dedup", "clusters", 250, 25_000, 20_000L, null));
    s.add(s("pii", "PHONE", 12, 0, null, 20L));
    return s;
  }

  @Test
  void theHeaderIsYamlWithLicencesLanguagesAndSizeCategory() throws Exception {
    String card = new String(DatasetCard.render(RELEASE, stats()), StandardCharsets.UTF_8);
    assertTrue(card.startsWith("---\n"), card);
    String yaml = card.substring(4, card.indexOf("\n---\n", 4));
    JsonNode h = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    assertEquals("training_corpus 1.2.0", h.get("pretty_name").asText());
    assertEquals("cc0-1.0", h.get("license").get(0).asText());
    assertEquals("mit", h.get("license").get(1).asText());
    assertEquals("en", h.get("language").get(0).asText());
    assertEquals("zh", h.get("language").get(1).asText());
    assertEquals("1K<n<10K", h.get("size_categories").get(0).asText());
    assertEquals("text-generation", h.get("task_categories").get(0).asText());
  }

  @Test
  void figuresAndRatesComeFromTheStats() {
    String card = new String(DatasetCard.render(RELEASE, stats()), StandardCharsets.UTF_8);
    assertTrue(card.contains("| documents | 1,500 of 2,000 landed (75.0 % kept) |"), card);
    assertTrue(card.contains("| zh | 1,400 | 93.3 % | 550,000 | 480,000 |"), card);
    assertTrue(
        card.contains("| `too_long` | `max_chars` = 1000000 | 1 | 0.1 % | 2,000,000 |"), card);
    assertTrue(
        card.contains("| `near_duplicate` | `near_duplicate_jaccard` = 0.8, minhash_ngram"), card);
    assertTrue(card.contains("| 300 | 15.0 % |"), card);
    assertTrue(card.contains("| PHONE | `<PHONE>` | 12 | 20 |"), card);
    assertTrue(card.contains("40.0 % of the documents are labelled `other`"), card);
    assertFalse(card.contains("Language `en` has only"), "100 of 1,500 is not few: " + card);
  }

  @Test
  void theSameStatsInAnyOrderGiveTheSameBytes() {
    List<DatasetCard.Stat> shuffled = new ArrayList<>(stats());
    Collections.reverse(shuffled);
    assertArrayEquals(DatasetCard.render(RELEASE, stats()), DatasetCard.render(RELEASE, shuffled));
  }

  @Test
  void licenceTextsMapToSpdxIdsOrOther() {
    assertEquals("cc0-1.0", DatasetCard.spdx("CC0 1.0 for the metadata"));
    assertEquals("mit", DatasetCard.spdx("MIT (chinese-poetry, Copyright (c) 2016 JackeyGao)"));
    assertEquals("gpl-3.0", DatasetCard.spdx("GPL-3.0-or-later (Debian fortunes-zh)"));
    assertEquals(
        "cc-by-nc-nd-4.0", DatasetCard.spdx("http://creativecommons.org/licenses/by-nc-nd/4.0/"));
    assertEquals("other", DatasetCard.spdx("http://arxiv.org/licenses/nonexclusive-distrib/1.0/"));
    assertEquals("other", DatasetCard.spdx("Official legislative texts, excluded from copyright"));
  }
}
