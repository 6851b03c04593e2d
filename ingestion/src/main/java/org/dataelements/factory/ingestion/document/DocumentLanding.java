package org.dataelements.factory.ingestion.document;

import java.util.List;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.ingestion.internal.BronzeBatch;
import org.dataelements.factory.ingestion.internal.LandingFile;
import org.apache.spark.sql.SparkSession;

/** PLACEHOLDER — being replaced by the document helper; never commit this body. */
public final class DocumentLanding {
  private DocumentLanding() {}

  public static BronzeBatch parse(
      SparkSession spark, SourceSpec source, ObjectSpec object, List<LandingFile> files) {
    throw new UnsupportedOperationException("document landing is being built");
  }
}
