/**
 * The traceability product ({@code lake.traceability}, DESIGN §6.2): farm to shelf for agricultural
 * products. {@link LineageClosure} computes the transitive closure of lot genealogy behind {@code
 * lot_lineage}; it is the one class here that runs Spark actions itself (a fixed point needs a
 * count per round), so it is called by the product's step wiring, not from a pure transform. User
 * errors are unchecked {@link org.dataelements.factory.core.LakehouseException}s created by {@link
 * TraceabilityErrors}.
 */
package org.dataelements.factory.products.traceability;
