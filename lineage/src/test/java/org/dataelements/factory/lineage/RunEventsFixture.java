package org.dataelements.factory.lineage;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/** Small, realistic OpenLineage run events written by hand, for the transport tests. */
final class RunEventsFixture {
  private RunEventsFixture() {}

  /** A COMPLETE event of one silver job: one input, one output, a fresh run id. */
  static String runEvent(String job) {
    return """
        {"eventType":"COMPLETE","eventTime":"2026-12-02T10:15:30.123Z",\
        "run":{"runId":"%s"},\
        "job":{"namespace":"data-element-factory","name":"%s"},\
        "inputs":[{"namespace":"file:///lake","name":"bronze.grid__consumption"}],\
        "outputs":[{"namespace":"file:///lake","name":"silver.power__consumption_monthly"}],\
        "producer":"https://github.com/dataelements/factory/lineage",\
        "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}"""
        .formatted(UUID.randomUUID(), job);
  }

  /** {@code n} events of jobs {@code <prefix>_1 … <prefix>_n}. */
  static List<String> runEvents(String prefix, int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> runEvent(prefix + "_" + i)).toList();
  }
}
