/** Database tables (JDBC) landed as snapshots, exactly once per distinct content. */
package org.dataelements.factory.ingestion.jdbc;
