package org.dataelements.factory.ingestion.xml;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.dataelements.factory.core.FormatOptions;
import org.dataelements.factory.core.SourceFormat;
import org.dataelements.factory.ingestion.internal.LandingFile;

/** The generic XML reader as the fuzz test sees it: rejection, or the records it selects. */
public final class XmlFuzzProbe {
  private XmlFuzzProbe() {}

  /** A rejection, or the number of records (the root's children by default). */
  public record Result(Optional<String> rejection, long records) {}

  public static Result read(LandingFile f) throws IOException {
    XmlRecords.FileRecords r =
        XmlRecords.read(
            f, (FormatOptions.Xml) FormatOptions.parse(SourceFormat.XML, Map.of()), "UTF-8");
    if (r.problem().isPresent()) {
      return new Result(r.problem(), 0);
    }
    // rendering each record is part of reading it (deep nesting must not crash it either)
    var columns = XmlRecords.columns(r.records());
    for (XmlNode n : r.records()) {
      XmlRecords.values(n, columns);
    }
    return new Result(Optional.empty(), r.records().size());
  }
}
