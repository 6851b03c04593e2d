package org.dataelements.factory.ingestion.epcis;

import java.util.List;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.ingestion.internal.BronzeBatch;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.apache.spark.sql.SparkSession;

/** PLACEHOLDER — being replaced by the EPCIS helper; never commit this body. */
public final class EpcisLanding {
  private EpcisLanding() {}

  public static boolean accepts(LandingFile f) {
    throw new UnsupportedOperationException("EPCIS landing is being built");
  }

  public static BronzeBatch parse(SparkSession spark, ObjectSpec object, List<LandingFile> files) {
    throw new UnsupportedOperationException("EPCIS landing is being built");
  }
}
