package org.dataelements.factory.lineage;

/** Run events as JSON Lines: one event per line. */
final class EventLines {
  private EventLines() {}

  /**
   * The event on one line. JSON strings cannot hold a raw line break, so a line break in an event
   * is whitespace between tokens (pretty-printed JSON) and a space means the same.
   */
  static String oneLine(String event) {
    return event.indexOf('\n') < 0 && event.indexOf('\r') < 0
        ? event
        : event.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
  }
}
