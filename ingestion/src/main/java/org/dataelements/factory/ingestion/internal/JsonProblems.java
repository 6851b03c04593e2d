package org.dataelements.factory.ingestion.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;

/** One wording for "this JSON does not parse", with the line and column where it breaks. */
public final class JsonProblems {
  private JsonProblems() {}

  public static String notValid(JsonProcessingException e) {
    // Jackson's stream constraints (nesting depth, number and string length) carry no location:
    // the parser that raised them still knows where it stopped.
    JsonLocation at = e.getLocation();
    if (at == null && e.getProcessor() instanceof JsonParser p) {
      at = p.currentLocation();
    }
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return "not valid JSON" + where + ": " + e.getOriginalMessage();
  }
}
