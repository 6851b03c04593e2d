package org.dataelements.factory.products.traceability;

import org.dataelements.factory.core.TableId;

/** The tables of the traceability product and the silver tables it reads. */
public final class TraceTables {
  /** The product's name: its spec file and its gold namespace. */
  public static final String PRODUCT = "traceability";

  public static final TableId EVENTS = TableId.silver("trace", "events");
  public static final TableId EDGES = TableId.silver("trace", "edges");
  public static final TableId LOTS = TableId.silver("trace", "lots");
  public static final TableId INSPECTIONS = TableId.silver("trace", "inspections");
  public static final TableId CERTIFICATES = TableId.silver("trace", "certificates");
  public static final TableId FARM_OPERATIONS = TableId.silver("trace", "farm_operations");
  public static final TableId RECALLS = TableId.silver("trace", "recalls");

  public static final TableId LOT_LINEAGE = TableId.gold(PRODUCT, "lot_lineage");
  public static final TableId LOT_PASSPORT = TableId.gold(PRODUCT, "lot_passport");
  public static final TableId RECALL_IMPACT = TableId.gold(PRODUCT, "recall_impact");
  public static final TableId CHAIN_COMPLETENESS = TableId.gold(PRODUCT, "chain_completeness");

  private TraceTables() {}
}
