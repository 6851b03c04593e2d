/**
 * Landing of source files into bronze: {@link org.dataelements.factory.ingestion.Ingestor} scans a
 * landing root, matches files to declared source objects, lands each new file version exactly once,
 * quarantines unparseable records and records every file in {@code lake.ops.ingest_files}.
 */
package org.dataelements.factory.ingestion;
