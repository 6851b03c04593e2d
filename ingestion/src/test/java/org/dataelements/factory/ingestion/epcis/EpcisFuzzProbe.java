package org.dataelements.factory.ingestion.epcis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.dataelements.factory.core.FormatOptions;

/** The EPCIS reader as the fuzz test sees it: rejection, or events landed and quarantined. */
public final class EpcisFuzzProbe {
  private EpcisFuzzProbe() {}

  /** What one file gives: a rejection, or how many events land and how many go to quarantine. */
  public record Result(Optional<String> rejection, long landed, long quarantined) {}

  public static Result read(Path file, String name) throws IOException {
    EpcisFile f = EpcisReader.read(file, name, "UTF-8", FormatOptions.Epcis.DEFAULTS);
    return new Result(f.rejection(), f.landed(), f.quarantined());
  }
}
