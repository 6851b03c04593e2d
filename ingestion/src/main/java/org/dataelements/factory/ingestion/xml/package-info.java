/**
 * XML landing: {@link org.dataelements.factory.ingestion.xml.XmlLanding} lands one bronze row per
 * record element; {@link org.dataelements.factory.ingestion.xml.SecureXml} is the only place that
 * parses XML, and it refuses documents with a DTD (no external entity is ever resolved).
 */
package org.dataelements.factory.ingestion.xml;
