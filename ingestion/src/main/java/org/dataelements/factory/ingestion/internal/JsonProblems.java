package org.dataelements.factory.ingestion.internal;

import com.fasterxml.jackson.core.JsonProcessingException;

/** One wording for "this JSON does not parse", with the line and column where it breaks. */
public final class JsonProblems {
  private JsonProblems() {}

  public static String notValid(JsonProcessingException e) {
    return "not valid JSON at line "
        + e.getLocation().getLineNr()
        + ", column "
        + e.getLocation().getColumnNr()
        + ": "
        + e.getOriginalMessage();
  }
}
