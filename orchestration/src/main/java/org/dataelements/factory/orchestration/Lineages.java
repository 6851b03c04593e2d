package org.dataelements.factory.orchestration;

import java.util.Optional;
import org.dataelements.factory.core.FactoryConfig;
import org.dataelements.factory.core.runtime.Lakehouse;
import org.dataelements.factory.lineage.ConsoleTransport;
import org.dataelements.factory.lineage.HttpTransport;
import org.dataelements.factory.lineage.LineageEmitter;
import org.dataelements.factory.lineage.LineageTransport;

/** The lineage emitter a profile asks for: its transport, namespace and whether it is on. */
final class Lineages {
  private Lineages() {}

  static LineageEmitter emitter(Lakehouse lakehouse) {
    FactoryConfig config = lakehouse.config();
    FactoryConfig.LineageSettings s = config.lineage();
    return new LineageEmitter(
        config.warehouse(),
        lakehouse.spark().sparkContext().hadoopConfiguration(),
        s.enabled(),
        s.namespace(),
        transport(s));
  }

  static Optional<LineageTransport> transport(FactoryConfig.LineageSettings s) {
    return switch (s.transport()) {
      case "console" -> Optional.of(ConsoleTransport.stderr());
      case "http" -> Optional.of(new HttpTransport(s.url().orElseThrow(), s.apiKey()));
      default -> Optional.empty();
    };
  }
}
