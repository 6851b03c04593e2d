/**
 * {@code factory bench}: benchmarks that time the factory's ingestion, checks, index build and
 * lot-genealogy closure against plain Spark and DuckDB, each in a temporary warehouse.
 */
package org.dataelements.factory.orchestration.bench;
