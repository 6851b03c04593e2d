package org.dataelements.factory.ingestion.xml;

import java.util.List;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.ingestion.internal.BronzeBatch;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.apache.spark.sql.SparkSession;

/** PLACEHOLDER — being replaced by the XML helper; never commit this body. */
public final class XmlLanding {
  private XmlLanding() {}

  public static boolean accepts(LandingFile f, ObjectSpec object) {
    throw new UnsupportedOperationException("XML landing is being built");
  }

  public static BronzeBatch parse(SparkSession spark, ObjectSpec object, List<LandingFile> files) {
    throw new UnsupportedOperationException("XML landing is being built");
  }
}
