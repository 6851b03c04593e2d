package org.dataelements.factory.lineage;

import java.io.IOException;
import java.util.List;

/**
 * Where OpenLineage run events go besides the run's file under {@code <warehouse>/_lineage/}: the
 * console or an OpenLineage HTTP endpoint (Marquez's {@code POST /api/v1/lineage}). A transport
 * never logs credentials.
 */
public interface LineageTransport {
  /**
   * Sends the events (each one OpenLineage run event as JSON) in order; throws when any was not
   * delivered, after the transport's own bounded retries.
   */
  void send(List<String> events) throws IOException;

  /** What the transport is, for messages: {@code console}, {@code http <url>} (no credentials). */
  String describe();
}
