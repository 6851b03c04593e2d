package org.dataelements.factory.products.trainingcorpus;

import org.dataelements.factory.core.TableId;

/** The training corpus's tables, silver inputs and gold outputs. */
public final class CorpusTables {
  private CorpusTables() {}

  public static final String PRODUCT = "training_corpus";

  public static final TableId SILVER_DOCUMENTS = TableId.silver("corpus", "documents");
  public static final TableId SILVER_EXCLUSIONS = TableId.silver("corpus", "exclusions");

  public static final TableId DOCUMENTS = TableId.gold(PRODUCT, "documents");
  public static final TableId STATS = TableId.gold(PRODUCT, "stats");
}
