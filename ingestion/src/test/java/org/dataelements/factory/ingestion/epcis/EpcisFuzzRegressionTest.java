package org.dataelements.factory.ingestion.epcis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Inputs the parser fuzz test found crashing the EPCIS reader, each now a clear rejection. */
class EpcisFuzzRegressionTest {
  @Test
  void rejectsJsonNestedDeeperThanJacksonAllows() {
    // found by ParserFuzzTest: the nesting-depth error has no location, and reading it threw NPE
    String deep = "{\"@context\":" + "[".repeat(5000) + "]".repeat(5000) + "}";

    String reason = EpcisJson.read(deep).rejection().orElseThrow();

    assertTrue(reason.startsWith("not valid JSON"), reason);
    assertTrue(reason.contains("nesting depth"), reason);
  }
}
